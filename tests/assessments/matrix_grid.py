"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.
"""

from assessments.models import Score
from assessments.services import score_save

STAFF = {"admin", "hr", "hr_other", "committee"}
IN_SCOPE_OF_A = {"admin", "hr", "committee"}


def _status(ok: set = frozenset(), hidden: set = frozenset(), others: int = 403, anonymous: int = 302):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        if persona in ok:
            return 200
        if persona in hidden:
            return 404
        return others

    return expect


ENTRIES: dict = {
    # The world's "rater" has the role but no cadre, hence no assignment: the period is not theirs.
    "assessments:rater_grid": (lambda w: {"pk": w.scoring.q1.pk}, _status(hidden={"rater"})),
    # POST only: the rater reaches the method check, everyone else is refused before it.
    "assessments:score_cell_save": (None, lambda p: {"anonymous": 302, "rater": 405}.get(p, 403)),
    "assessments:score_list": (None, _status(STAFF)),
    "assessments:score_edit": (lambda w: {"pk": w.grid_score.pk}, _status(IN_SCOPE_OF_A, hidden={"hr_other"})),
    "assessments:my_scores": (None, _status({"cadre", "other_cadre"})),
}


def _score(world, ratee, value):
    scoring = world.scoring
    component = scoring.components["quarterly_review"]
    cell = {"period": scoring.q1, "component": component, "rater": scoring.rater, "ratee": ratee}
    existing = Score.objects.filter(**cell).first()
    if existing is not None:  # another area's setup may have scored the same cell
        return existing
    return score_save(**cell, value=value, expected_revision=0, actor=scoring.rater_user).score


def setup(world) -> None:
    # A score on each side of the tree, so the score list has rows that must not leak across scopes.
    world.grid_score = _score(world, world.cadre, "88")
    _score(world, world.other_cadre, "77")
