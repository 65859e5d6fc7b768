"""The one API shape of every background job: GET /api/jobs/<id>/ (the requester's job, or any for the admin;
anyone else 404)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.jobs.selectors import job_of_user
from common.jobs.serializers import BackgroundJobSerializer
from common.jobs.views import JOB_ROLES
from org.permissions import HasRole


class BackgroundJobView(APIView):
    """A background job's state and progress, its message, and when it made a file the link to it."""

    permission_classes = [HasRole.of(*JOB_ROLES)]

    @extend_schema(responses=BackgroundJobSerializer)
    def get(self, request: Request, pk: int) -> Response:
        job = job_of_user(user=request.user, pk=pk)
        if job is None:
            raise Http404
        return Response(BackgroundJobSerializer(job).data)


urlpatterns = [path("<int:pk>/", BackgroundJobView.as_view(), name="job-detail")]
