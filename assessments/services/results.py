"""Starting and carrying out an annual computation. Each run is a new version; a run can be repeated at any time
before publication and gives identical results on identical data."""

import datetime
import logging
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Result, ResultRun, Scheme
from assessments.results import shares
from assessments.results.engine import compute_run
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


def _claim(run_id: int) -> bool:
    """Guarded: a run is carried out once; one whose worker died (its transaction rolled back) may be taken again
    after the task time limit."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = ResultRun.objects.filter(pk=run_id, status=ResultRun.Status.QUEUED).update(
        status=ResultRun.Status.RUNNING, started_at=now, progress=10
    ) or ResultRun.objects.filter(pk=run_id, status=ResultRun.Status.RUNNING, started_at__lt=stale).update(
        started_at=now, progress=10
    )
    return claimed == 1


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
    rows. Otherwise one transaction does it all."""
    if not _claim(run_id):
        return None
    run = ResultRun.objects.select_related("scheme").get(pk=run_id)
    # Taken before the rows are read: a change made while the run computes makes it stale, never falsely fresh.
    fingerprint = year_fingerprint(organization_id=run.organization_id, year=run.year)
    plan = None
    try:
        plan = shares.plan_shares(
            run, workers=settings.RESULTS_PARALLEL_WORKERS, min_members=settings.RESULTS_PARALLEL_MIN_MEMBERS
        )
        if plan:
            counts = _compute_in_shares(run, plan)
        with transaction.atomic():
            summary = group_summaries(counts if plan else compute_run(run))
            ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(
                status=ResultRun.Status.SUCCEEDED,
                progress=100,
                finished_at=timezone.now(),
                summary=summary,
                inputs_fingerprint=fingerprint,
            )
    except Exception as exc:  # the run records why it failed; the worker log has the traceback
        if plan:
            Result.objects.filter(run=run).delete()
        ResultRun.objects.filter(pk=run.pk, status=ResultRun.Status.RUNNING).update(
            status=ResultRun.Status.FAILED, progress=100, finished_at=timezone.now(), message=str(exc)[:2000]
        )
        raise
    run.refresh_from_db()
    return run


def _compute_in_shares(run: ResultRun, plan: shares.SharePlan) -> dict[int, dict]:
    """Each share in its own thread, connection and transaction, the aggregation's ranges first, then the groups'
    shares; the progress bar moves as shares finish. Waits for every share of a step, even after one failed, so
    nothing writes once the caller cleans up."""
    logger.info(
        "results run %s: %d ranges of cadres, then %d shares of groups, at once",
        run.pk,
        len(plan.ranges),
        len(plan.shares),
    )
    Result.objects.filter(run=run).delete()  # a re-run of a dead job starts clean
    shares.scratch_create(plan)
    try:
        started = time.monotonic()
        _in_threads(run, [partial(shares.aggregate_range, run, plan, low, high) for low, high in plan.ranges], 10, 50)
        shares.scratch_analyze(plan)
        aggregated = time.monotonic()
        counts: dict[int, dict] = {}
        for share in _in_threads(run, [partial(shares.compute_share, run, plan, ids) for ids in plan.shares], 50, 95):
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


def _in_threads(run: ResultRun, steps: list, start: int, end: int) -> list:
    """Run each step at once in its own thread and transaction, moving the run's progress from start to end."""

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
    return results
