"""The database scheduler keeps every periodic job it once read from CELERY_BEAT_SCHEDULE. The results runs' own
reaper is gone (a dead computation is now found by the background jobs' reaper), so its entry is removed, lest beat
send a task no worker knows every minute."""

from django.db import migrations


def forget(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name="results-runs-reap", task="assessments.results_runs_reap").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_result_runs_as_jobs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
