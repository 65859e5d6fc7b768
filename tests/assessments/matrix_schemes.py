"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.

Setting a scheme up is for the admin and organization-wide HR: the world's HR users are scoped to a subtree, so
only the admin may open the create and edit pages; they and the committee read the scheme. Rater assignment is
for any HR user (over ratees in their scope).
"""

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}


def _page(ok: set):
    return lambda persona: 302 if persona == "anonymous" else (200 if persona in ok else 403)


def _post_only(persona):
    return 302 if persona == "anonymous" else 405


def _scheme(world):
    return {"pk": world.scoring.scheme.pk}


def _period(world):
    return {"pk": world.scoring.q1.pk}


ENTRIES: dict = {
    "assessments:scheme_list": (None, _page(STAFF)),
    "assessments:scheme_create": (None, _page({"admin"})),
    "assessments:scheme_detail": (_scheme, _page(STAFF)),
    "assessments:scheme_edit": (_scheme, _page({"admin"})),
    "assessments:assign_raters": (_scheme, _page(HR)),
    "assessments:period_open": (_period, _post_only),
    "assessments:period_close": (_period, _post_only),
}


def setup(world) -> None:
    pass
