"""Permission-matrix entries for the ranking export's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` computes the year unless another area did (every cadre gets a result row, scored or not) and starts
an XLSX export as 甲 (the "hr" persona) that no worker has taken yet: its page is its requester's and the admin's,
and its file is not ready, so the download is 404 even for them (test_results_export.py downloads a finished one).
"""

STAFF = {"admin", "hr", "hr_other", "committee"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _post_only(persona):
    return 302 if persona == "anonymous" else 405


ENTRIES: dict = {
    "assessments:results_export": (None, _page(STAFF)),
    # HR get their scope's rows only (the matrix checks the other side's names never appear).
    "assessments:results_export_csv": (lambda w: {"pk": w.result_run.pk}, _page(STAFF)),
    "assessments:results_export_xlsx": (lambda w: {"pk": w.result_run.pk}, _post_only),
    "assessments:results_export_job": (
        lambda w: {"token": w.results_export_job.token},
        _page({"admin", "hr"}, hidden={"hr_other", "committee"}),
    ),
    "assessments:results_export_download": (
        lambda w: {"token": w.results_export_job.token},
        _page(set(), hidden=STAFF),
    ),
}


def setup(world) -> None:
    from assessments.exports import results_export_job_create
    from assessments.models import ResultRun
    from assessments.services.results import results_run_create, results_run_execute

    # Another area's setup may have computed the year already; any finished whole-year run will do.
    run = (
        ResultRun.objects.filter(
            organization=world.org, year=2025, status=ResultRun.Status.SUCCEEDED, group__isnull=True
        )
        .order_by("-version")
        .first()
    )
    if run is None:
        run = results_run_execute(run_id=results_run_create(organization=world.org, year=2025, enqueue=False).pk)
    world.result_run = run
    world.results_export_job = results_export_job_create(run=world.result_run, user=world.users["hr"], enqueue=False)
