from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.models import BackgroundJob


class BackgroundJobIssueSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class BackgroundJobSummarySerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label: the metaclass takes it off the class
    count = serializers.IntegerField()


class BackgroundJobSerializer(serializers.ModelSerializer):
    """One background job as every kind shows it: what, its state and progress, the message a user reads, the
    import's summary and rows in error, the link to the file it made."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_finished = serializers.BooleanField(read_only=True)
    summary = serializers.SerializerMethodField()
    issues = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BackgroundJob
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "is_finished",
            "progress",
            "file_name",
            "message",
            "summary",
            "issues",
            "download_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(BackgroundJobSummarySerializer(many=True))
    def get_summary(self, job: BackgroundJob) -> list[dict]:
        return [{"label": str(label), "count": count} for label, count in job.summary]

    @extend_schema_field(BackgroundJobIssueSerializer(many=True))
    def get_issues(self, job: BackgroundJob) -> list[dict]:
        return [{"row": row, "column": column or "", "message": message} for row, column, message in job.issues]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, job: BackgroundJob) -> str | None:
        if job.status != BackgroundJob.Status.SUCCEEDED or not job.produced_file:
            return None
        return reverse("jobs:job_download", args=[job.pk])
