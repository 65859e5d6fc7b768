"""A large year on PostgreSQL is computed in shares at once, each on its own connection: the cadres' weighted scores
by ranges of cadres into the run's scratch table, then the rows of shares of the groups. It must give exactly the
rows and the summary of the one statement, leave no scratch table behind, and keep nothing of a run that failed.

The shares read committed data from other connections: these tests commit (transactional_db) and need PostgreSQL
(skipped without it on a developer's machine, failing in CI, like the worker tests).
"""

import datetime
import random
import time
import uuid
from decimal import Decimal

import pytest
from django.db import connection, transaction

from assessments.models import (
    ApprovalStatus,
    PointEntry,
    PointItem,
    Result,
    ResultRun,
    Scheme,
    Score,
    SpecialStatus,
    VetoEntry,
    VetoItem,
)
from assessments.results import shares as engine
from assessments.services import scheme_create
from assessments.services.results import results_run_create, results_run_execute
from cadre_eval.celery import app
from org.models import AssessmentGroup, GroupMembership, SanctionRecord
from tests.factories import CadreFactory, UnitFactory
from tests.worker_utils import (
    delete_queue,
    log_tail,
    purge,
    require_broker,
    require_postgresql,
    start_worker,
    stop_worker,
)

YEAR = 2025
# Sizes chosen so that shares cannot be equal, with a group of one and groups below the minimum size.
GROUP_SIZES = [1, 2, 3, 5, 8, 12, 12, 20, 30]
VALUES = [Decimal(v) for v in ["58", "60", "69.99", "70", "75.5", "80", "80.01", "85", "90", "99.5"]]
ROW_FIELDS = (
    "group_id", "cadre_id", "components", "bonus", "deduction", "composite", "rank", "group_size", "vetoed",
    "in_bottom", "boundary_tie", "special_status", "sanction_effect", "incomplete", "excellent_tie", "quota_reached",
    "grade",
)  # fmt: skip


@pytest.fixture
def year(transactional_db):
    """An organization's year with everything the computation weighs: a quarterly trimmed component and a yearly
    one, one to four raters a cell, unscored cells and cadres, points beyond the caps, vetoes, sanctions and no-grade
    states, scores of a ratee in no group; groups' members interleaved over the cadre ids."""
    rng = random.Random(20251231)  # noqa: S311  (test data)
    unit = UnitFactory(name="分组测试局")
    org = unit.organization
    scheme = scheme_create(
        organization=org,
        year=YEAR,
        template=Scheme.Template.CUSTOM,
        components=[
            {"code": "q", "name": "季度述职评议", "weight": "60", "frequency": "quarterly", "aggregation": "trimmed"},
            {"code": "y", "name": "年度考评", "weight": "40", "frequency": "yearly"},
        ],
    )
    Scheme.objects.filter(pk=scheme.pk).update(min_group_size=3, bottom_minimum=1, bottom_minimum_group_size=5)
    components = {c.code: c for c in scheme.components.all()}
    periods = {p.kind: p for p in scheme.periods.all()}
    raters = [CadreFactory(organization=org, unit=unit, employee_no=f"R{i}") for i in range(4)]
    groups = [
        AssessmentGroup.objects.create(organization=org, year=YEAR, name=f"考核组{i}") for i in range(len(GROUP_SIZES))
    ]
    seats = [group for group, size in zip(groups, GROUP_SIZES, strict=True) for _ in range(size)]
    rng.shuffle(seats)
    bonus = PointItem.objects.get(organization=org, code="award_city")
    deduction = PointItem.objects.get(organization=org, code="admonishment")
    veto = VetoItem.objects.filter(organization=org).first()
    scores = []
    cadres = [CadreFactory(organization=org, unit=unit, employee_no=f"C{i:03d}") for i in range(len(seats) + 1)]
    tied = groups[6]  # every member scored 80 by everyone: a tie across the bottom cut
    for cadre, group in zip(cadres, seats + [None], strict=True):
        if group is not None:
            GroupMembership.objects.create(group=group, cadre=cadre, year=YEAR)
        if group == tied:
            scores.extend(
                Score(
                    scheme=scheme,
                    component=component,
                    period=periods[kind],
                    rater=raters[0],
                    ratee=cadre,
                    value=Decimal("80"),
                    min_score=component.min_score,
                    max_score=component.max_score,
                )
                for component in components.values()
                for kind in component.period_kinds
            )
            continue
        if rng.random() < 0.05:
            continue  # not scored at all
        for code, kinds in [("q", ["Q1", "Q2", "Q3", "Q4"]), ("y", ["Y"])]:
            component = components[code]
            for kind in kinds:
                if rng.random() < 0.05:
                    continue  # a cell nobody scored
                uniform = rng.random() < 0.3  # the same value from every rater: ties across cadres
                value = rng.choice(VALUES)
                for rater in rng.sample(raters, rng.randint(1, 4)):
                    scores.append(
                        Score(
                            scheme=scheme,
                            component=component,
                            period=periods[kind],
                            rater=rater,
                            ratee=cadre,
                            value=value if uniform else rng.choice(VALUES),
                            min_score=component.min_score,
                            max_score=component.max_score,
                        )
                    )
        if rng.random() < 0.2:
            item, amount = rng.choice([(bonus, Decimal("4")), (bonus, Decimal("0.5")), (deduction, Decimal("12"))])
            PointEntry.objects.create(
                cadre=cadre,
                item=item,
                year=YEAR,
                occurred_on=datetime.date(YEAR, 3, 1),
                evidence="通报",
                points=amount,
                status=ApprovalStatus.APPROVED,
            )
        if rng.random() < 0.08:
            VetoEntry.objects.create(
                cadre=cadre,
                item=veto,
                year=YEAR,
                occurred_on=datetime.date(YEAR, 5, 1),
                evidence="事故报告",
                status=ApprovalStatus.APPROVED,
            )
        if rng.random() < 0.05:
            SpecialStatus.objects.create(
                cadre=cadre, year=YEAR, state=rng.choice(["undetermined", "not_assessed"]), reason="病假"
            )
        if rng.random() < 0.06:
            SanctionRecord.objects.create(
                cadre=cadre,
                category="sanction",
                kind=rng.choice(["gov_warning", "gov_demerit", "party_probation"]),
                decided_on=datetime.date(YEAR, 6, 1),
                effective_from=datetime.date(YEAR, 6, 1),
            )
    Score.objects.bulk_create(scores)
    return org


def _rows(run: ResultRun) -> list[tuple]:
    return sorted(Result.objects.filter(run=run).values_list(*ROW_FIELDS), key=lambda row: row[1])


def _scratch_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE 'assessments_result_scratch_%%'")
        return [name for (name,) in cursor.fetchall()]


def _execute(org, settings, *, min_members: int, workers: int = 3) -> ResultRun:
    settings.RESULTS_PARALLEL_MIN_MEMBERS = min_members
    settings.RESULTS_PARALLEL_WORKERS = workers
    run = results_run_create(organization=org, year=YEAR, enqueue=False)
    return results_run_execute(run_id=run.pk)


def test_shares_give_the_rows_and_summary_of_one_statement(year, settings, monkeypatch):
    require_postgresql()
    shares_written = []
    real_share = engine.compute_share
    monkeypatch.setattr(
        engine, "compute_share", lambda run, plan, ids: shares_written.append(ids) or real_share(run, plan, ids)
    )

    # Given the year computed in one statement
    single = _execute(year, settings, min_members=10**9)
    assert shares_written == []

    # When it is computed again in three shares
    shared = _execute(year, settings, min_members=1, workers=3)

    # Then three shares wrote every group once, and the rows and the summary are those of the one statement
    assert len(shares_written) == 3
    groups = sorted(g for ids in shares_written for g in ids)
    assert groups == sorted(AssessmentGroup.objects.filter(organization=year).values_list("pk", flat=True))
    assert single.status == shared.status == ResultRun.Status.SUCCEEDED
    assert shared.progress == 100
    single_rows = _rows(single)
    assert len(single_rows) == sum(GROUP_SIZES)
    assert _rows(shared) == single_rows
    assert shared.summary == single.summary
    # the year has what makes the comparison worth making
    assert any(row[8] for row in single_rows), "a vetoed cadre"
    assert any(row[9] for row in single_rows) and any(row[10] for row in single_rows), "bottom set and a boundary tie"
    assert any(row[13] for row in single_rows), "an incomplete cadre"
    assert {row[16] for row in single_rows} >= {"1", "2", "5"}
    # And the scratch table is gone
    assert _scratch_tables() == []


def test_the_plan_balances_the_shares_and_covers_every_cadre(year):
    require_postgresql()
    run = ResultRun.objects.create(
        organization=year, year=YEAR, version=1, scheme=Scheme.objects.get(organization=year)
    )

    plan = engine.plan_shares(run, workers=2, min_members=1)

    by_group = {
        g.pk: size
        for g, size in zip(AssessmentGroup.objects.filter(organization=year).order_by("name"), GROUP_SIZES, strict=True)
    }
    loads = [sum(by_group[g] for g in ids) for ids in plan.shares]
    assert sorted(g for ids in plan.shares for g in ids) == sorted(by_group)
    assert max(loads) - min(loads) <= max(GROUP_SIZES)
    # the ranges run from the lowest scored cadre to the highest, without a gap or an overlap
    ratees = Score.objects.filter(scheme=run.scheme).values_list("ratee_id", flat=True)
    assert plan.ranges[0][0] == min(ratees) and plan.ranges[-1][1] == max(ratees) + 1
    assert all(a[1] == b[0] for a, b in zip(plan.ranges, plan.ranges[1:], strict=False))
    assert plan.scratch == f"assessments_result_scratch_{run.pk}"


def test_one_statement_for_a_small_year_a_single_group_or_inside_a_transaction(year):
    scheme = Scheme.objects.get(organization=year)
    run = ResultRun.objects.create(organization=year, year=YEAR, version=1, scheme=scheme)
    group_run = ResultRun.objects.create(
        organization=year,
        year=YEAR,
        version=2,
        scheme=scheme,
        group=AssessmentGroup.objects.filter(organization=year)[0],
    )

    assert engine.plan_shares(run, workers=2, min_members=sum(GROUP_SIZES) + 1) is None
    assert engine.plan_shares(run, workers=1, min_members=1) is None
    assert engine.plan_shares(group_run, workers=2, min_members=1) is None
    with transaction.atomic():  # other connections could not see what this transaction wrote
        assert engine.plan_shares(run, workers=2, min_members=1) is None
    if connection.vendor == "sqlite":
        assert engine.plan_shares(run, workers=2, min_members=1) is None


def test_a_failed_share_fails_the_run_and_keeps_nothing(year, settings, monkeypatch):
    require_postgresql()
    real_share = engine.compute_share
    calls = []

    def second_fails(run, plan, ids):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("磁盘已满")
        return real_share(run, plan, ids)

    monkeypatch.setattr(engine, "compute_share", second_fails)

    with pytest.raises(RuntimeError):
        _execute(year, settings, min_members=1, workers=2)

    run = ResultRun.objects.get()
    assert run.status == ResultRun.Status.FAILED and "磁盘已满" in run.message
    assert not Result.objects.filter(run=run).exists(), "the share that succeeded left no rows"
    assert _scratch_tables() == []


def test_a_rerun_of_a_dead_job_replaces_what_it_left(year, settings):
    require_postgresql()
    # Given a run whose worker died half way: a scratch table with stray rows, and some result rows
    expected = _rows(_execute(year, settings, min_members=10**9))
    settings.RESULTS_PARALLEL_MIN_MEMBERS, settings.RESULTS_PARALLEL_WORKERS = 1, 2
    run = results_run_create(organization=year, year=YEAR, enqueue=False)
    plan = engine.plan_shares(run, workers=2, min_members=1)
    engine.scratch_create(plan)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {plan.scratch} (ratee_id, w, ncomp, components) VALUES (1, 1, 1, 'x')")  # noqa: S608
    member = GroupMembership.objects.filter(group__organization=year).first()
    Result.objects.create(run=run, group_id=member.group_id, cadre_id=member.cadre_id, group_size=1, components="")

    # When the job is carried out
    done = results_run_execute(run_id=run.pk)

    # Then it computed cleanly
    assert done.status == ResultRun.Status.SUCCEEDED
    assert _rows(done) == expected
    assert _scratch_tables() == []


@pytest.mark.worker
def test_a_real_worker_computes_a_large_year_in_shares(year, settings, tmp_path):
    """The worker (another process, with prefork's solo pool) opens its shares' connections from threads of the
    task; the run succeeds with the rows of one statement."""
    require_broker()
    require_postgresql()
    expected = _rows(_execute(year, settings, min_members=10**9))
    queue = f"test-results-shares-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    purge(queue)
    worker = start_worker(
        queue, log_path, tmp_path / "var", RESULTS_PARALLEL_MIN_MEMBERS="1", RESULTS_PARALLEL_WORKERS="2"
    )
    try:
        run = results_run_create(organization=year, year=YEAR)  # handed to the worker (no transaction: at once)
        deadline = time.monotonic() + 60
        while ResultRun.objects.filter(pk=run.pk, status__in=["queued", "running"]).exists():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the run did not finish; worker log:\n{log_tail(log_path)}", pytrace=False)
            time.sleep(0.2)
        run.refresh_from_db()
        assert run.status == ResultRun.Status.SUCCEEDED, run.message
        assert _rows(run) == expected
        assert _scratch_tables() == []
        # the worker went the shared way
        assert f"results run {run.pk}: 2 ranges of cadres, then 2 shares of groups" in log_path.read_text()
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_default_queue = default_queue
        stop_worker(worker)
        purge(queue)
        delete_queue(queue)
