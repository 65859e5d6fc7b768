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
    from assessments.models import ImportJob

    world.import_job = ImportJob.objects.create(
        kind=ImportJob.Kind.SCORES,
        organization=world.org,
        year=2025,
        file_name="综合科评分.xlsx",
        upload_token="0" * 32,
        upload_extension="xlsx",
        fingerprint="x",
        requested_by=world.users["hr"],
        status=ImportJob.Status.SUCCEEDED,
        progress=100,
        summary=[["新增评分", 1]],
    )
