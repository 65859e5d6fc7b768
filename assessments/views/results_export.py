"""The party committee's downloads of the ranking table: CSV at once (streamed), XLSX through a background job whose
page shows its progress and then the link. HR export the rows of their scope; the committee and the admin all."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from assessments import exports
from assessments.models import ResultRun
from assessments.selectors.results import run_list
from common.jobs.files import job_storage
from common.jobs.selectors import job_of_user
from common.models import BackgroundJob
from org.models import AssessmentGroup
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR

EXPORT_ROLES = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
RUNS_LISTED = 20


def _runs(user):
    return run_list(user=user).filter(status=ResultRun.Status.SUCCEEDED)


def _groups(run: ResultRun):
    groups = AssessmentGroup.objects.filter(organization_id=run.organization_id, year=run.year).order_by("name")
    return groups.filter(pk=run.group_id) if run.group_id else groups


def _run_and_group(request, pk: int, group_id: str) -> tuple[ResultRun, AssessmentGroup | None]:
    """The run (404 outside the user's organizations) and, when asked for, one of its groups (404 otherwise)."""
    run = get_object_or_404(_runs(request.user), pk=pk)
    if not group_id:
        return run, None
    if not group_id.isdigit():
        raise Http404
    return run, get_object_or_404(_groups(run), pk=int(group_id))


@role_required(*EXPORT_ROLES)
def results_export(request):
    """Pick a computed version (newest first) and a group, then download."""
    runs = list(_runs(request.user).order_by("-year", "-version", "-pk")[:RUNS_LISTED])
    selected = request.GET.get("run", "")
    run = next((r for r in runs if str(r.pk) == selected), None) if selected else None
    if run is None and selected.isdigit():
        run = _runs(request.user).filter(pk=int(selected)).first()  # an older version, named by its link
    if run is None and runs:
        run = runs[0]
    context = {"runs": runs, "run": run, "groups": list(_groups(run)) if run else []}
    return render(request, "assessments/results_export.html", context)


@role_required(*EXPORT_ROLES)
def results_export_csv(request, pk):
    run, group = _run_and_group(request, pk, request.GET.get("group", ""))
    exports.results_export_record(actor=request.user, run=run, group=group, file_format="csv")
    return exports.results_csv_response(run=run, user=request.user, group=group)


@require_POST
@role_required(*EXPORT_ROLES)
def results_export_xlsx(request, pk):
    run, group = _run_and_group(request, pk, request.POST.get("group", ""))
    job = exports.results_export_job_create(run=run, group=group, user=request.user)
    return redirect("assessments:results_export_job", token=job.token)


def _job(request, token: str) -> BackgroundJob:
    """A job is its requester's (and the admin's, common.jobs.selectors): anyone else is told it does not exist."""
    job = exports.results_export_job(token=token)
    if job is None or job_of_user(user=request.user, pk=job.pk) is None:
        raise Http404
    return job


@role_required(*EXPORT_ROLES)
def results_export_job(request, token):
    """The job's progress; the page polls itself (htmx) until the workbook is ready, then offers it."""
    job = _job(request, token)
    template = "assessments/_results_export_job_status.html" if request.htmx else "assessments/results_export_job.html"
    return render(request, template, {"job": job})


@role_required(*EXPORT_ROLES)
def results_export_download(request, token):
    job = _job(request, token)
    name = exports.results_export_file(token=job.token)
    if name is None:
        raise Http404
    return FileResponse(
        job_storage().open(name, "rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=exports.XLSX_CONTENT_TYPE,
    )


urlpatterns = [
    path("results/export/", results_export, name="results_export"),
    path("results/runs/<int:pk>/export.csv", results_export_csv, name="results_export_csv"),
    path("results/runs/<int:pk>/export.xlsx", results_export_xlsx, name="results_export_xlsx"),
    path("results/exports/<str:token>/", results_export_job, name="results_export_job"),
    path("results/exports/<str:token>/download/", results_export_download, name="results_export_download"),
]
