"""The one progress page of every background job (/jobs/<id>/): what it is, its state and progress, the message,
the rows in error, and the file it made. A job is its requester's and the admin's; anyone else is told it does
not exist. The page polls itself (htmx) until the job has finished."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from common.jobs.files import job_storage
from common.jobs.selectors import job_of_user
from common.models import BackgroundJob
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR

# Whoever may start a background job: HR (imports, exports), the committee (exports), the admin.
JOB_ROLES = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _job(request: HttpRequest, pk: int) -> BackgroundJob:
    job = job_of_user(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return job


def downloadable(job: BackgroundJob) -> bool:
    return job.status == BackgroundJob.Status.SUCCEEDED and bool(job.produced_file)


@role_required(*JOB_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    template = "common/_job_status.html" if getattr(request, "htmx", False) else "common/job.html"
    return render(request, template, {"job": job, "downloadable": downloadable(job)})


@role_required(*JOB_ROLES)
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    storage = job_storage()
    if not downloadable(job) or not storage.exists(job.produced_file):
        raise Http404
    return FileResponse(
        storage.open(job.produced_file, "rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=XLSX_CONTENT_TYPE,
    )


app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", job_detail, name="job_detail"),
    path("<int:pk>/download/", job_download, name="job_download"),
]
