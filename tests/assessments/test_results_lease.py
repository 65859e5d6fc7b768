"""A computation is a background job holding a lease while it runs: a run whose worker died (its job's lease passed)
is marked failed with its job by the periodic reaper with a reason HR reads on the version page, keeps no rows, and
HR computes again. A late or
re-delivered job of an older run never makes it the current version once a newer one exists. (The same with a real
worker killed mid-run: test_results_dead_worker.py.)"""

import datetime
import time

from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import Appeal, Result, ResultRun
from assessments.selectors.publication import current_run
from assessments.services import results as results_service
from assessments.services.results import DEAD_ACTION, results_run_create, results_run_execute
from cadre_eval.celery import app
from common.jobs import services as job_services
from common.jobs.services import jobs_reap_dead
from common.models import AuditLog, BackgroundJob
from common.tasks import jobs_reap_dead as jobs_reap_dead_task
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.worker_utils import require_postgresql


def _computed(world) -> ResultRun:
    return results_run_execute(run_id=results_run_create(organization=world.org, year=2025, enqueue=False).pk)


def _running(run: ResultRun, *, lease_expires_at) -> ResultRun:
    """The run and its job as a worker leaves them mid-run: running, rows written, the job's lease as given."""
    ResultRun.objects.filter(pk=run.pk).update(
        status=ResultRun.Status.RUNNING, progress=50, finished_at=None, summary=[]
    )
    BackgroundJob.objects.filter(pk=run.job_id).update(
        status=BackgroundJob.Status.RUNNING, progress=50, finished_at=None, lease_expires_at=lease_expires_at
    )
    run.refresh_from_db()
    return run


def _as_dead(run: ResultRun, *, lease_passed_seconds: int = 1) -> ResultRun:
    """The run as its worker left it when it died mid-run: running, rows written, a lease that has passed."""
    return _running(run, lease_expires_at=timezone.now() - datetime.timedelta(seconds=lease_passed_seconds))


def test_a_run_whose_lease_passed_is_marked_failed_without_rows_and_hr_computes_again(
    scored,  # noqa: F811
    world,
    as_persona,
):
    # Given a run whose worker died after writing its rows, one of them named by a cadre's appeal
    run = _as_dead(_computed(world))
    row = Result.objects.filter(run=run).first()
    appeal = Appeal.objects.create(
        cadre_id=row.cadre_id,
        year=2025,
        target=Appeal.Target.GRADE,
        result=row,
        deadline=datetime.date(2026, 2, 1),
        reason="复核",
        filed_by=world.users["hr"],
    )

    # When the periodic job runs
    assert jobs_reap_dead_task.delay().get() == 1

    # Then the run is failed, saying why in words, its rows are gone and the appeal lets go of its row
    run.refresh_from_db()
    assert run.status == ResultRun.Status.FAILED and run.progress == 100 and run.finished_at is not None
    assert "计算进程意外中断" in run.message and str(django_settings.JOB_LEASE_SECONDS) in run.message
    # and its job with it, saying the same
    job = BackgroundJob.objects.get(pk=run.job_id)
    assert (job.status, job.message, job.lease_expires_at) == (BackgroundJob.Status.FAILED, run.message, None)
    assert not Result.objects.filter(run=run).exists()
    appeal.refresh_from_db()
    assert appeal.result_id is None
    entry = AuditLog.objects.get(action=DEAD_ACTION)
    assert (entry.subject_id, entry.actor, entry.after["status"]) == (str(run.pk), None, "failed")
    # and the version page shows the reason and the way back
    body = as_persona("hr").get(reverse("assessments:results_run", args=[run.pk])).content.decode()
    assert 'id="results-run-failed"' in body and "计算进程意外中断" in body and "返回重新计算" in body
    # with a way to the job that computed it, for the admin who may follow any job
    admin_body = as_persona("admin").get(reverse("assessments:results_run", args=[run.pk])).content.decode()
    assert reverse("jobs:job_detail", args=[run.job_id]) in admin_body
    # and a second pass finds nothing more
    assert jobs_reap_dead() == 0
    assert AuditLog.objects.filter(action=DEAD_ACTION).count() == 1

    # When HR computes again, the new version succeeds and is the current one
    again = _computed(world)
    assert again.status == ResultRun.Status.SUCCEEDED and again.version == 2
    assert current_run(organization_id=world.org.pk, year=2025) == again


def test_a_run_within_its_lease_is_left_running(scored, world):  # noqa: F811
    # Given a running run whose worker renewed its job's lease a moment ago
    run = _running(_computed(world), lease_expires_at=timezone.now() + datetime.timedelta(seconds=60))
    # When the reaper runs, then it is left alone with its rows
    assert jobs_reap_dead() == 0
    assert ResultRun.objects.get(pk=run.pk).status == ResultRun.Status.RUNNING
    assert Result.objects.filter(run=run).count() == 2
    # and once the lease has passed it is not
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert jobs_reap_dead(now=later) == 1
    assert ResultRun.objects.get(pk=run.pk).status == ResultRun.Status.FAILED


def test_a_worker_dead_before_it_took_the_run_fails_the_run_too(scored, world):  # noqa: F811
    # Given a job claimed by a worker that died before it took the run
    run = results_run_create(organization=world.org, year=2025, enqueue=False)
    job_services.job_claim(run.job_id)
    BackgroundJob.objects.filter(pk=run.job_id).update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # When the reaper runs, then the queued run ends failed with its job, audited
    assert jobs_reap_dead() == 1
    run.refresh_from_db()
    assert run.status == ResultRun.Status.FAILED and "计算进程意外中断" in run.message
    assert AuditLog.objects.get(action=DEAD_ACTION).before == {"status": "queued"}


def test_the_run_is_a_background_job_of_its_starter(scored, world):  # noqa: F811
    run = results_run_create(organization=world.org, year=2025, actor=world.users["hr"], enqueue=False)
    job = BackgroundJob.objects.get(pk=run.job_id)
    assert (job.kind, job.arguments, job.organization_id, job.requested_by) == (
        BackgroundJob.Kind.RESULTS_COMPUTE,
        {"run": run.pk},
        world.org.pk,
        world.users["hr"],
    )
    assert job.status == BackgroundJob.Status.QUEUED
    # one the system starts (the command line) has no starter
    system = results_run_create(organization=world.org, year=2025, enqueue=False)
    assert BackgroundJob.objects.get(pk=system.job_id).requested_by is None
    # carried out, the job succeeds with its run
    assert results_run_execute(run_id=system.pk).status == ResultRun.Status.SUCCEEDED
    assert BackgroundJob.objects.get(pk=system.job_id).status == BackgroundJob.Status.SUCCEEDED


def test_a_late_delivery_of_an_older_run_never_makes_it_current(scored, world):  # noqa: F811
    # Given version 1 queued but not carried out (its message still in the broker), and version 2 computed since
    old = results_run_create(organization=world.org, year=2025, enqueue=False)
    new = _computed(world)
    assert new.version == 2 and current_run(organization_id=world.org.pk, year=2025) == new

    # When version 1's job is delivered at last
    assert results_run_execute(run_id=old.pk) is None

    # Then version 1 is failed, naming the newer version, has no rows, and version 2 stays current
    old.refresh_from_db()
    assert old.status == ResultRun.Status.FAILED and "第 2 版" in old.message
    assert BackgroundJob.objects.get(pk=old.job_id).message == old.message
    assert not Result.objects.filter(run=old).exists()
    assert current_run(organization_id=world.org.pk, year=2025) == new
    # and a further delivery changes nothing
    assert results_run_execute(run_id=old.pk) is None
    assert ResultRun.objects.get(pk=old.pk).status == ResultRun.Status.FAILED


def test_an_older_run_is_held_back_even_when_the_newer_one_failed(scored, world):  # noqa: F811
    old = results_run_create(organization=world.org, year=2025, enqueue=False)
    new = results_run_create(organization=world.org, year=2025, enqueue=False)
    ResultRun.objects.filter(pk=new.pk).update(status=ResultRun.Status.FAILED)
    assert results_run_execute(run_id=old.pk) is None
    assert ResultRun.objects.get(pk=old.pk).status == ResultRun.Status.FAILED
    assert current_run(organization_id=world.org.pk, year=2025) is None


def test_a_one_group_trial_does_not_hold_back_the_whole_year(scored, world):  # noqa: F811
    whole = results_run_create(organization=world.org, year=2025, enqueue=False)
    trial = results_run_create(organization=world.org, year=2025, group=world.group, enqueue=False)
    assert results_run_execute(run_id=trial.pk).status == ResultRun.Status.SUCCEEDED
    assert results_run_execute(run_id=whole.pk).status == ResultRun.Status.SUCCEEDED
    assert current_run(organization_id=world.org.pk, year=2025) == whole


def test_a_run_overtaken_while_it_computes_does_not_succeed(scored, world, monkeypatch):  # noqa: F811
    # Given HR starts version 2 while version 1 is computing
    real = results_service.year_fingerprint
    newer = []

    def claimed_then_overtaken(**kwargs):  # called once the run is claimed, before it computes
        newer.append(results_run_create(organization=world.org, year=2025, enqueue=False))
        return real(**kwargs)

    monkeypatch.setattr(results_service, "year_fingerprint", claimed_then_overtaken)
    old = results_run_create(organization=world.org, year=2025, enqueue=False)

    # When version 1 finishes computing, then it does not succeed, keeps no rows, and says why
    assert results_run_execute(run_id=old.pk) is None
    old.refresh_from_db()
    assert old.status == ResultRun.Status.FAILED and "第 2 版" in old.message
    assert not Result.objects.filter(run=old).exists()
    assert current_run(organization_id=world.org.pk, year=2025) is None
    job = BackgroundJob.objects.get(pk=old.job_id)
    assert (job.status, job.message) == (BackgroundJob.Status.FAILED, old.message)


def test_the_reaper_is_a_periodic_job_of_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["jobs-reap-dead"]
    assert entry["task"] == jobs_reap_dead_task.name and entry["task"] in app.tasks
    assert "results-runs-reap" not in django_settings.CELERY_BEAT_SCHEDULE
    # a dead run is found within the lease and one interval: minutes
    assert entry["schedule"] <= 60 and django_settings.JOB_LEASE_SECONDS <= 300
    # and the lease is several heartbeats long
    assert results_service._Lease(0).every * 3 <= django_settings.JOB_LEASE_SECONDS


def test_the_lease_is_renewed_by_its_own_thread_until_the_run_is_no_longer_running(
    transactional_db,
    scored,  # noqa: F811
    world,
):
    require_postgresql()  # the renewing thread opens a connection of its own
    run = results_run_create(organization=world.org, year=2025, enqueue=False)
    claimed_at = timezone.now() - datetime.timedelta(seconds=5)
    jobs = BackgroundJob.objects.filter(pk=run.job_id)
    jobs.update(status=BackgroundJob.Status.RUNNING, lease_expires_at=claimed_at)
    with results_service._Lease(run.job_id, every=0.05) as lease:
        deadline = time.monotonic() + 10
        while jobs.get().lease_expires_at == claimed_at:
            assert time.monotonic() < deadline, "the lease was not renewed"
            time.sleep(0.05)
        assert jobs.get().lease_expires_at > timezone.now()
        assert jobs.get().progress == 0  # a heartbeat is no progress
        assert not lease.lost.is_set()
        # When the job is marked failed by someone else, the thread says so and stops
        jobs.update(status=BackgroundJob.Status.FAILED)
        assert lease.lost.wait(10)
    connection.close()
