"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.
"""

HR = {"admin", "hr", "hr_other"}


def _page(ok: set, hidden: set = frozenset()):
    """As the matrix's `page`: `ok` 200, `hidden` 404, other roles 403, anonymous 302 (to the login)."""

    def expect(persona):
        if persona == "anonymous":
            return 302
        if persona in ok:
            return 200
        return 404 if persona in hidden else 403

    return expect


ENTRIES: dict = {
    "assessments:score_import": (None, _page(HR)),
    "assessments:point_import": (None, _page(HR)),
    "assessments:veto_import": (None, _page(HR)),
    # A job is its requester's (and the admin's): another HR user gets 404, other roles 403.
    "assessments:import_job": (lambda w: {"pk": w.import_job.pk}, _page({"admin", "hr"}, hidden={"hr_other"})),
}


def setup(world) -> None:
    from common.models import BackgroundJob

    world.import_job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.SCORE_IMPORT,
        organization=world.org,
        file_name="综合科评分.xlsx",
        arguments={"kind": "scores", "year": 2025, "upload": "assessment_uploads/" + "0" * 32 + ".xlsx"},
        requested_by=world.users["hr"],
        status=BackgroundJob.Status.SUCCEEDED,
        progress=100,
        result={"summary": [["新增评分", 1]]},
    )
