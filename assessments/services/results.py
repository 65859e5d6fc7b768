"""Starting and carrying out an annual computation. Each run is a new version; a run can be repeated at any time
before publication and gives identical results on identical data. The computation is a background job
(common.BackgroundJob, kind RESULTS_COMPUTE) made with the run: the job is what a worker claims and what holds the
lease; the run is the version its pages, publication and results hang off, and its status moves with the job's."""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import ResultRun, Scheme
from assessments.results import shares
from assessments.results.engine import compute_run, rows_delete
from assessments.selectors.publication import is_published
from assessments.selectors.readiness import year_fingerprint
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from common.jobs.services import (
    job_claim,
    job_create,
    job_fail,
    job_finish,
    job_lease_renew,
    job_progress,
    lease_seconds,
)
from common.models import BackgroundJob
from org.models import AssessmentGroup, Organization

logger = logging.getLogger(__name__)


@transaction.atomic
def results_run_create(
    *,
    organization: Organization,
    year: int,
    group: AssessmentGroup | None = None,
    actor=None,
    reason: str = "",
    enqueue: bool = True,
    after_publication: bool = False,
) -> ResultRun:
    """Record a computation of the organization's year (or one group), with the background job that carries it out,
    and hand the job to a worker after commit (`enqueue`; else the caller runs it: results_run_execute).

    A published year is re-computed only by an appeal or a tolerance case (`after_publication`)."""
    scheme = Scheme.objects.filter(organization=organization, year=year, status=Scheme.Status.CURRENT).first()
    if scheme is None:
        raise ApplicationError(f"{organization.name} {year} 年还没有考核方案,无法计算。")
    if group is not None and (group.organization_id != organization.pk or group.year != year):
        raise ApplicationError("考核组不属于该机构或年度。", field_errors={"group": ["考核组不属于该机构或年度。"]})
    if is_published(organization_id=organization.pk, year=year) and not after_publication:
        raise ApplicationError(f"{organization.name} {year} 年考核结果已公布,如需调整请通过申诉复核。")
    if not AssessmentGroup.objects.filter(organization=organization, year=year).exists():
        raise ApplicationError(f"{organization.name} {year} 年没有考核组,无法计算。")
    # Versions are numbered per organization and year; the row lock on the organization serialises two starts.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    version = (ResultRun.objects.filter(organization=organization, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    run = ResultRun.objects.create(
        organization=organization,
        year=year,
        version=version,
        scheme=scheme,
        group=group,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
    )
    from assessments.tasks.results import results_run_task

    run.job = job_create(
        kind=BackgroundJob.Kind.RESULTS_COMPUTE,
        requested_by=run.requested_by,  # none when the system computes (the command line)
        organization=organization,
        file_name=_job_name(run),
        arguments={"run": run.pk},
        task=results_run_task if enqueue else None,
    )
    run.save(update_fields=["job", "updated_at"])
    audit_log_record(
        actor=actor,
        action="assessments.results.compute",
        subject=run,
        after=snapshot(run, ["organization_id", "year", "version", "scheme_id", "group_id", "job_id"]),
        reason=reason,
    )
    return run


def _job_name(run: ResultRun) -> str:
    name = _("%(org)s %(year)s年度 第%(version)s版") % {
        "org": run.organization.name,
        "year": run.year,
        "version": run.version,
    }
    if run.group is not None:
        name = f"{name}({run.group.name})"
    return name[:255]


SUPERSEDED_MESSAGE = _("已有更新的第 %(version)s 版计算,本版不再计算,也不会成为当前版本。")
DEAD_MESSAGE = _("计算进程意外中断(超过 %(seconds)s 秒没有回应),本版没有产生结果。请重新计算。")
DEAD_ACTION = "assessments.results.run_dead"


def dead_message() -> str:
    return str(DEAD_MESSAGE) % {"seconds": lease_seconds()}


def _newer_runs(run: ResultRun):
    """The whole-year runs of the run's year started after it. Once one exists, a whole-year run can no longer
    succeed, so a late or re-delivered job can never make an older version the current one. (A one-group trial run
    never becomes current and is not held back.)"""
    if run.group_id is not None:
        return ResultRun.objects.none()
    return ResultRun.objects.filter(
        organization_id=run.organization_id, year=run.year, group__isnull=True, version__gt=run.version
    )


def _run_fail(run: ResultRun, job: BackgroundJob, message: str) -> None:
    """The run and its job end failed together, saying why."""
    job_fail(job, message=message)
    ResultRun.objects.filter(pk=run.pk, status__in=(ResultRun.Status.QUEUED, ResultRun.Status.RUNNING)).update(
        status=ResultRun.Status.FAILED, progress=100, finished_at=timezone.now(), message=message
    )


def _claim(run: ResultRun, job: BackgroundJob) -> bool:
    """Guarded, once the job is claimed (job_claim: a re-delivered task finds it taken and does nothing): the queued
    run is taken only while no newer version exists; one that does ends the run and its job failed, saying so."""
    now = timezone.now()
    newer = _newer_runs(run)
    queued = ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.QUEUED)
    if queued.filter(~Exists(newer)).update(status=ResultRun.Status.RUNNING, started_at=now, progress=10):
        return True
    latest = newer.order_by("-version").values_list("version", flat=True).first()
    if latest is not None:
        _run_fail(run, job, str(SUPERSEDED_MESSAGE) % {"version": latest})
    else:  # the run ended some other way meanwhile: its job ends with it
        job_fail(job, message=ResultRun.objects.filter(pk=run.pk).values_list("message", flat=True).first() or "")
    return False


class _Lease:
    """The job's lease, renewed every quarter of JOB_LEASE_SECONDS (or `every` seconds) by a thread with its own
    database connection for as long as the job computes. A thread rather than renewals between steps: one statement
    of a large year can run for minutes, and the lease must outlive it only while the process does. (A hung process
    is ended by the task's hard time limit, and its lease then passes.) `lost` is set once the job is no longer
    running (marked failed meanwhile by the reaper): the computation then stops at its next step."""

    def __init__(self, job_id: int, *, every: float | None = None):
        self.job_id = job_id
        self.every = every if every is not None else lease_seconds() / 4
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"results-lease-{job_id}", daemon=True)

    def __enter__(self) -> "_Lease":
        # Inside a caller's transaction nobody else sees the run running, and the renewal would wait on the caller's
        # row lock: nothing to renew.
        self._renewing = not connection.in_atomic_block
        if self._renewing:
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._renewing:
            self._thread.join()

    def _renew(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    renewed = job_lease_renew(self.job_id)
                except DatabaseError:  # the next beat tries again; the lease is four beats long
                    logger.warning("results job %s: the lease could not be renewed", self.job_id, exc_info=True)
                    continue
                if not renewed:
                    self.lost.set()
                    return
        finally:
            connection.close()


class _LeaseLost(Exception):
    pass


def group_summaries(counts: dict[int, dict]) -> list[dict]:
    """Per group, by name: size, ranked, bottom set, boundary ties, vetoes, 优秀, incomplete, no-grade (the counts
    the computation returns)."""
    names = dict(AssessmentGroup.objects.filter(pk__in=counts).values_list("pk", "name"))
    rows = [{"group_id": group_id, "group": names.get(group_id, ""), **n} for group_id, n in counts.items()]
    return sorted(rows, key=lambda row: (row["group"], row["group_id"]))


def results_run_execute(*, run_id: int) -> ResultRun | None:
    """Carry out the run's job here (the command line, an appeal's re-computation, the demo). Safe to run twice."""
    job_id = ResultRun.objects.filter(pk=run_id).values_list("job_id", flat=True).first()
    return None if job_id is None else results_job_execute(job_id=job_id)


def results_job_execute(*, job_id: int) -> ResultRun | None:
    """The job body: claim the job, then the run; compute, then record the summary. Safe to run twice.

    A large whole-year run on PostgreSQL is computed in shares of its groups at once, one connection each, and
    succeeds when every share is written; a run that has not succeeded is never shown, and a failed one keeps no
    rows. Otherwise one transaction does it all. The job holds a lease while it computes (_Lease); a run whose job
    was marked failed meanwhile (its lease passed) or overtaken by a newer version does not succeed and keeps no
    rows."""
    job = job_claim(job_id, kind=BackgroundJob.Kind.RESULTS_COMPUTE, progress=10)
    if job is None:
        return None
    run = ResultRun.objects.select_related("scheme").filter(pk=job.arguments.get("run")).first()
    if run is None:
        job_fail(job, message=str(_("该版本的计算已不存在。")))
        return None
    if not _claim(run, job):
        return None
    run.refresh_from_db()
    # Taken before the rows are read: a change made while the run computes makes it stale, never falsely fresh.
    fingerprint = year_fingerprint(organization_id=run.organization_id, year=run.year)
    plan = None
    try:
        with _Lease(job.pk) as lease:
            plan = shares.plan_shares(
                run, workers=settings.RESULTS_PARALLEL_WORKERS, min_members=settings.RESULTS_PARALLEL_MIN_MEMBERS
            )
            if plan:
                counts = _compute_in_shares(run, job, plan, lease)
            with transaction.atomic():
                summary = group_summaries(counts if plan else compute_run(run))
                # The job first, then the run, as the reaper does: the two never wait on each other.
                succeeded = job_finish(job) and (
                    ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING)
                    .filter(~Exists(_newer_runs(run)))
                    .update(
                        status=ResultRun.Status.SUCCEEDED,
                        progress=100,
                        finished_at=timezone.now(),
                        summary=summary,
                        inputs_fingerprint=fingerprint,
                    )
                )
                if not succeeded:
                    transaction.set_rollback(True)  # the single statement's rows go with it
        if not succeeded:
            raise _LeaseLost
    except _LeaseLost:
        # Marked failed while computing (the lease passed), or a newer version was started: no rows, not current.
        logger.warning("results run %s: no longer running or overtaken by a newer version; nothing kept", run.pk)
        _abandon(run, job, plan)
        return None
    except Exception as exc:  # the run and its job record why it failed; the worker log has the traceback
        if plan:
            rows_delete(run.pk)
        _run_fail(run, job, str(exc)[:2000])
        raise
    run.refresh_from_db()
    return run


def _abandon(run: ResultRun, job: BackgroundJob, plan) -> None:
    if plan:
        rows_delete(run.pk)
    latest = _newer_runs(run).order_by("-version").values_list("version", flat=True).first()
    if latest is not None:  # otherwise the job was found dead already (results_job_dead), and the run failed with it
        _run_fail(run, job, str(SUPERSEDED_MESSAGE) % {"version": latest})


def results_job_dead(job: BackgroundJob) -> str:
    """on_dead of RESULTS_COMPUTE (the reaper, common.jobs.services.jobs_reap_dead, in its transaction): the job's
    worker died (killed, out of memory, the machine restarted), so its run is marked failed too, audited, and what it
    left is removed (rows, scratch table). HR can then compute again. Returns the message the job shows."""
    message = dead_message()
    run_id = job.arguments.get("run")
    unfinished = (ResultRun.Status.QUEUED, ResultRun.Status.RUNNING)  # queued: the worker died before taking the run
    before = ResultRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    if ResultRun.objects.filter(pk=run_id, status__in=unfinished).update(
        status=ResultRun.Status.FAILED, progress=100, finished_at=timezone.now(), message=message
    ):
        run = ResultRun.objects.get(pk=run_id)
        audit_log_record(
            actor=None,
            action=DEAD_ACTION,
            subject=run,
            before={"status": before},
            after=snapshot(run, ["status", "started_at", "finished_at", "job_id"]),
            reason=message,
        )
        deleted = rows_delete(run_id)
        if not shares.scratch_drop_left(run_id):
            logger.warning("results run %s: its scratch table is still in use; left for now", run_id)
        logger.warning("results run %s: its worker died; marked failed, %d rows removed", run_id, deleted)
    return message


def _compute_in_shares(run: ResultRun, job: BackgroundJob, plan: shares.SharePlan, lease: _Lease) -> dict[int, dict]:
    """Each share in its own thread, connection and transaction, the aggregation's ranges first, then the groups'
    shares; the progress bar moves as shares finish. Waits for every share of a step, even after one failed, so
    nothing writes once the caller cleans up."""
    logger.info(
        "results run %s: %d ranges of cadres, then %d shares of groups, at once",
        run.pk,
        len(plan.ranges),
        len(plan.shares),
    )
    rows_delete(run.pk)  # a re-run of a dead job starts clean
    shares.scratch_create(plan)
    try:
        started = time.monotonic()
        steps = [partial(shares.aggregate_range, run, plan, low, high) for low, high in plan.ranges]
        _in_threads(run, job, steps, 10, 50, lease)
        shares.scratch_analyze(plan)
        aggregated = time.monotonic()
        counts: dict[int, dict] = {}
        share_steps = [partial(shares.compute_share, run, plan, ids) for ids in plan.shares]
        for share in _in_threads(run, job, share_steps, 50, 95, lease):
            counts.update(share)
        logger.info(
            "results run %s: scores aggregated in %.1f s, rows written in %.1f s",
            run.pk,
            aggregated - started,
            time.monotonic() - aggregated,
        )
        return counts
    finally:
        shares.scratch_drop(plan)


def _in_threads(run: ResultRun, job: BackgroundJob, steps: list, start: int, end: int, lease: _Lease) -> list:
    """Run each step at once in its own thread and transaction, moving the progress of the run and its job from
    start to end. Stops (_LeaseLost) once the steps are done if the job was marked failed meanwhile."""

    def one(step):
        try:
            with transaction.atomic():
                return step()
        finally:
            connection.close()

    results = []
    with ThreadPoolExecutor(max_workers=max(len(steps), 1), thread_name_prefix="results-share") as pool:
        futures = [pool.submit(one, step) for step in steps]
        for done, future in enumerate(as_completed(futures), start=1):
            results.append(future.result())
            progress = start + (end - start) * done // len(steps)
            ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(progress=progress)
            job_progress(job, progress)
    if lease.lost.is_set():
        raise _LeaseLost
    return results
