"""An annual computation is carried out by a background job (common.BackgroundJob, kind results_compute) that holds
the lease; the run keeps its status and loses its own lease.

Finished runs need no job. A run still queued or running gets a job, running, whose lease is the run's (a queued run,
or a running one that had none yet, gets one that has passed already): the task messages waiting for them name the
run, which the task no longer takes, and a running run's worker was stopped for the upgrade. Beat's jobs-reap-dead
then marks the job failed, and its run with it (audited, its rows removed) within a minute, and HR computes again."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def forward(apps, schema_editor):
    runs = apps.get_model("assessments", "ResultRun")
    jobs = apps.get_model("common", "BackgroundJob")
    now = timezone.now()
    for run in runs.objects.filter(status__in=("queued", "running")).select_related("organization").iterator():
        name = f"{run.organization.name} {run.year} 年度 第 {run.version} 版"
        job = jobs.objects.create(
            kind="results_compute",
            organization_id=run.organization_id,
            requested_by_id=run.requested_by_id,
            file_name=name[:255],
            arguments={"run": run.pk},
            status="running",
            progress=run.progress,
            started_at=run.started_at or now,
            lease_expires_at=run.lease_expires_at if run.status == "running" and run.lease_expires_at else now,
        )
        runs.objects.filter(pk=run.pk).update(job=job)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_import_jobs_into_background_jobs"),
        ("common", "0005_results_compute_job_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="resultrun",
            name="job",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="common.backgroundjob",
                verbose_name="后台任务",
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="resultrun",
            name="lease_expires_at",
        ),
    ]
