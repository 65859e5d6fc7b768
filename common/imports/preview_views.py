"""What the import pages share in following a file's check (common.imports.preview_jobs): the job the page names,
and htmx's poll of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from common.imports.preview_jobs import preview_job_of
from common.models import BackgroundJob


def preview_check(
    request: Any,
    *,
    pk: str,
    import_kinds: tuple[str, ...],
    poll_url: Callable[[BackgroundJob], str],
    id_prefix: str,
) -> tuple[BackgroundJob, HttpResponse | None]:
    """The check `pk` of the requester (404 otherwise), and the answer to htmx's poll: the status while it runs, a
    reload of the whole page (with the preview) once it ended. None for the page itself, which the caller renders."""
    job = preview_job_of(user=request.user, pk=pk, import_kinds=import_kinds)
    if job is None:
        raise Http404
    if not request.htmx:
        return job, None
    if job.is_finished:
        return job, HttpResponse(headers={"HX-Refresh": "true"})
    context = {"job": job, "poll_url": poll_url(job), "id_prefix": id_prefix}
    return job, render(request, "common/_import_preview_status.html", context)
