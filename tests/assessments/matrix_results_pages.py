"""Permission-matrix entries for the HR and committee results pages (merged into tests/test_permission_matrix.py's
EXPECTED).

`setup(world)` scores everyone and computes the year; `world.scoring` (tests.assessments.conftest.Scoring) is already
there. Every staff persona opens every page; HR sees only the rows of its own side of the tree, which the matrix's
FORBIDDEN_TEXT checks on the group table.
"""

from assessments.models import Period, Score
from assessments.services import period_open, score_save
from assessments.services.results import results_run_create, results_run_execute

STAFF = {"admin", "hr", "hr_other", "committee"}


def _page(ok: set):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 403

    return expect


ENTRIES: dict = {
    "assessments:results_home": (None, _page(STAFF)),
    "assessments:results_run": (lambda w: {"pk": w.results_pages_run.pk}, _page(STAFF)),
    "assessments:results_group": (
        lambda w: {"run_pk": w.results_pages_run.pk, "group_pk": w.group.pk},
        _page(STAFF),
    ),
}


def score_everyone(scoring, ratings) -> None:
    """Every component of every period scored by 王五: `ratings` is [(cadre, value)]. Does nothing when the scheme
    already has scores (another area's setup may have scored the same world)."""
    if Score.objects.filter(period__scheme=scoring.scheme).exists():
        return
    for period in scoring.scheme.periods.all():
        if period.status != Period.Status.OPEN:
            period = period_open(period=period)
        for component in scoring.components.values():
            if period.kind not in component.period_kinds:
                continue
            for cadre, value in ratings:
                score_save(
                    period=period,
                    component=component,
                    rater=scoring.rater,
                    ratee=cadre,
                    value=value,
                    expected_revision=0,
                )


def setup(world) -> None:
    score_everyone(world.scoring, [(world.cadre, "80"), (world.other_cadre, "90")])
    run = results_run_create(
        organization=world.org, year=2025, actor=world.users["admin"], reason="年终考核", enqueue=False
    )
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    world.results_pages_run = run
