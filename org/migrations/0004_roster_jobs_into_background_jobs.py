"""The roster's import jobs become rows of the one background-job model (common.BackgroundJob)."""

from django.db import migrations


def forward(apps, schema_editor):
    old = apps.get_model("org", "RosterImportJob")
    new = apps.get_model("common", "BackgroundJob")
    for job in old.objects.all().iterator():
        copy = new.objects.create(
            kind="roster_import",
            organization_id=job.organization_id,
            requested_by_id=job.requested_by_id,
            file_name=job.file_name,
            arguments={
                "year": job.year,
                "upload": f"roster_uploads/{job.upload_token}.{job.upload_extension}",
                "fingerprint": job.fingerprint,
                "name_choices": job.name_choices,
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
        ("org", "0003_upkeep_fields_roster_name_choices_account_activation"),
        ("common", "0003_background_job"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="RosterImportJob"),
    ]
