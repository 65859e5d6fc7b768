"""Starting and carrying out an annual computation. Each run is a new version; a run can be repeated at any time
before publication and gives identical results on identical data."""

import datetime
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import ResultRun, Scheme
from assessments.results import shares
from assessments.results.engine import compute_run, rows_delete
from assessments.selectors.publication import is_published
from assessments.selectors.readiness import year_fingerprint
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from common.tasks import task_enqueue
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
    """Record a computation of the organization's year (or one group) and hand it to a worker after commit.

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
    audit_log_record(
        actor=actor,
        action="assessments.results.compute",
        subject=run,
        after=snapshot(run, ["organization_id", "year", "version", "scheme_id", "group_id"]),
        reason=reason,
    )
    if enqueue:
        task_enqueue("assessments.results_run", run.pk)  # assessments.tasks.results
    return run


SUPERSEDED_MESSAGE = _("已有更新的第 %(version)s 版计算,本版不再计算,也不会成为当前版本。")
DEAD_MESSAGE = _("计算进程意外中断(超过 %(seconds)s 秒没有回应),本版没有产生结果。请重新计算。")
DEAD_ACTION = "assessments.results.run_dead"


def _newer_runs(run: ResultRun):
    """The whole-year runs of the run's year started after it. Once one exists, a whole-year run can no longer
    succeed, so a late or re-delivered job can never make an older version the current one. (A one-group trial run
    never becomes current and is not held back.)"""
    if run.group_id is not None:
        return ResultRun.objects.none()
    return ResultRun.objects.filter(
        organization_id=run.organization_id, year=run.year, group__isnull=True, version__gt=run.version
    )


def _lease_until(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=settings.RESULTS_RUN_LEASE_SECONDS)


def _claim(run: ResultRun) -> bool:
    """Guarded: a queued run is carried out once, and only while no newer version exists (one that does is marked
    failed, saying so). A running or finished run is never taken again: a job re-delivered after its worker died
    finds the run failed (results_runs_reap) or still running, and does nothing."""
    now = timezone.now()
    newer = _newer_runs(run)
    queued = ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.QUEUED)
    if queued.filter(~Exists(newer)).update(
        status=ResultRun.Status.RUNNING, started_at=now, progress=10, lease_expires_at=_lease_until(now)
    ):
        return True
    latest = newer.order_by("-version").values_list("version", flat=True).first()
    if latest is not None:
        queued.filter(Exists(newer)).update(
            status=ResultRun.Status.FAILED,
            progress=100,
            finished_at=now,
            message=str(SUPERSEDED_MESSAGE) % {"version": latest},
        )
    return False


class _Lease:
    """The run's lease, renewed every RESULTS_RUN_HEARTBEAT_SECONDS by a thread with its own database connection for
    as long as the job computes. A thread rather than renewals between steps: one statement of a large year can run
    for minutes, and the lease must outlive it only while the process does. (A hung process is ended by the task's
    hard time limit, and its lease then passes.) `lost` is set once the run is no longer running (marked failed
    meanwhile): the job then stops at its next step."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"results-lease-{run_id}", daemon=True)

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
            while not self._stop.wait(settings.RESULTS_RUN_HEARTBEAT_SECONDS):
                try:
                    renewed = ResultRun.objects.filter(pk=self.run_id, status=ResultRun.Status.RUNNING).update(
                        lease_expires_at=_lease_until(timezone.now())
                    )
                except DatabaseError:  # the next beat tries again; the lease is several beats long
                    logger.warning("results run %s: the lease could not be renewed", self.run_id, exc_info=True)
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
    """The job body: compute, then record the summary. Safe to run twice.

    A large whole-year run on PostgreSQL is computed in shares of its groups at once, one connection each, and
    succeeds when every share is written; a run that has not succeeded is never shown, and a failed one keeps no
    rows. Otherwise one transaction does it all. The run holds a lease while it computes (_Lease); a run marked
    failed meanwhile (its lease passed) or overtaken by a newer version does not succeed and keeps no rows."""
    run = ResultRun.objects.select_related("scheme").filter(pk=run_id).first()
    if run is None or not _claim(run):
        return None
    run.refresh_from_db()
    # Taken before the rows are read: a change made while the run computes makes it stale, never falsely fresh.
    fingerprint = year_fingerprint(organization_id=run.organization_id, year=run.year)
    plan = None
    try:
        with _Lease(run.pk) as lease:
            plan = shares.plan_shares(
                run, workers=settings.RESULTS_PARALLEL_WORKERS, min_members=settings.RESULTS_PARALLEL_MIN_MEMBERS
            )
            if plan:
                counts = _compute_in_shares(run, plan, lease)
            with transaction.atomic():
                summary = group_summaries(counts if plan else compute_run(run))
                succeeded = (
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
        _abandon(run, plan)
        return None
    except Exception as exc:  # the run records why it failed; the worker log has the traceback
        if plan:
            rows_delete(run.pk)
        ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(
            status=ResultRun.Status.FAILED, progress=100, finished_at=timezone.now(), message=str(exc)[:2000]
        )
        raise
    run.refresh_from_db()
    return run


def _abandon(run: ResultRun, plan) -> None:
    if plan:
        rows_delete(run.pk)
    latest = _newer_runs(run).order_by("-version").values_list("version", flat=True).first()
    if latest is not None:  # otherwise the run was marked failed already (results_runs_reap), saying why
        ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(
            status=ResultRun.Status.FAILED,
            progress=100,
            finished_at=timezone.now(),
            message=str(SUPERSEDED_MESSAGE) % {"version": latest},
        )


def results_runs_reap(*, now: datetime.datetime | None = None) -> list[int]:
    """Mark failed every running run whose lease has passed (its worker died: killed, out of memory, the machine
    restarted), audited, and remove what it left (rows, scratch table). HR can then compute again. A run that
    started before runs had leases counts from its start. Returns the ids marked; safe to run any time."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.RESULTS_RUN_LEASE_SECONDS)
    expired = Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True, started_at__lt=now - lease)
    reaped = []
    for run_id in ResultRun.objects.filter(expired, status=ResultRun.Status.RUNNING).values_list("pk", flat=True):
        message = str(DEAD_MESSAGE) % {"seconds": settings.RESULTS_RUN_LEASE_SECONDS}
        with transaction.atomic():
            # Conditional: a worker that renewed its lease just now keeps its run.
            if not ResultRun.objects.filter(expired, pk=run_id, status=ResultRun.Status.RUNNING).update(
                status=ResultRun.Status.FAILED, progress=100, finished_at=now, message=message
            ):
                continue
            run = ResultRun.objects.get(pk=run_id)
            audit_log_record(
                actor=None,
                action=DEAD_ACTION,
                subject=run,
                before={"status": ResultRun.Status.RUNNING},
                after=snapshot(run, ["status", "started_at", "lease_expires_at", "finished_at"]),
                reason=message,
            )
        deleted = rows_delete(run_id)
        if not shares.scratch_drop_left(run_id):
            logger.warning("results run %s: its scratch table is still in use; left for now", run_id)
        logger.warning("results run %s: its worker died; marked failed, %d rows removed", run_id, deleted)
        reaped.append(run_id)
    return reaped


def _compute_in_shares(run: ResultRun, plan: shares.SharePlan, lease: _Lease) -> dict[int, dict]:
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
        _in_threads(run, steps, 10, 50, lease)
        shares.scratch_analyze(plan)
        aggregated = time.monotonic()
        counts: dict[int, dict] = {}
        share_steps = [partial(shares.compute_share, run, plan, ids) for ids in plan.shares]
        for share in _in_threads(run, share_steps, 50, 95, lease):
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


def _in_threads(run: ResultRun, steps: list, start: int, end: int, lease: _Lease) -> list:
    """Run each step at once in its own thread and transaction, moving the run's progress from start to end. Stops
    (_LeaseLost) once the steps are done if the run was marked failed meanwhile."""

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
            ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(
                progress=start + (end - start) * done // len(steps)
            )
    if lease.lost.is_set():
        raise _LeaseLost
    return results
