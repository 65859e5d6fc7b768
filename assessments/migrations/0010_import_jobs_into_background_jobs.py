"""The score, point and veto import jobs become rows of the one background-job model (common.BackgroundJob)."""

from django.db import migrations

KINDS = {"scores": "score_import", "points": "point_import", "vetoes": "veto_import"}


def forward(apps, schema_editor):
    old = apps.get_model("assessments", "ImportJob")
    new = apps.get_model("common", "BackgroundJob")
    for job in old.objects.all().iterator():
        copy = new.objects.create(
            kind=KINDS[job.kind],
            organization_id=job.organization_id,
            requested_by_id=job.requested_by_id,
            file_name=job.file_name,
            arguments={
                "year": job.year,
                "upload": f"assessment_uploads/{job.upload_token}.{job.upload_extension}",
                "fingerprint": job.fingerprint,
                "kind": job.kind,
            },
            status=job.status,
            progress=job.progress,
            result={"summary": job.summary or [], "issues": job.issues},
            message=job.message,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )
        new.objects.filter(pk=copy.pk).update(created_at=job.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_result_run_lease"),
        ("common", "0003_background_job"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="ImportJob"),
    ]
