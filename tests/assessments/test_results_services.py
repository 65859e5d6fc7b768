import pytest

from assessments.models import Period, Result, ResultRun
from assessments.services import period_open, score_save
from assessments.services.results import results_run_create, results_run_execute
from common.errors import ApplicationError
from common.models import AuditLog


@pytest.fixture
def scored(scoring, world):
    """Every component of every period scored by 王五: 张三 80, 李四 90."""
    for period in scoring.scheme.periods.all():
        if period.status != Period.Status.OPEN:
            period = period_open(period=period)
        for component in scoring.components.values():
            if period.kind not in component.period_kinds:
                continue
            for ratee, value in [(world.cadre, "80"), (world.other_cadre, "90")]:
                score_save(
                    period=period,
                    component=component,
                    rater=scoring.rater,
                    ratee=ratee,
                    value=value,
                    expected_revision=0,
                )
    return scoring


def _fields(run):
    return sorted(
        (r.cadre_id, r.composite, r.rank, r.grade, r.in_bottom, r.components) for r in Result.objects.filter(run=run)
    )


def test_a_run_computes_the_group_and_records_its_summary(scored, world):
    run = results_run_create(organization=world.org, year=2025, actor=world.users["admin"], reason="年终考核")
    # The job goes to a worker on commit, which a test's transaction never reaches: carry it out here.
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ResultRun.Status.SUCCEEDED and run.progress == 100 and run.version == 1
    rows = {r.cadre.name: r for r in Result.objects.filter(run=run).select_related("cadre")}
    assert rows["李四"].composite == 90 and rows["李四"].rank == 1
    assert rows["张三"].composite == 80 and rows["张三"].rank == 2
    assert rows["张三"].group_size == 2
    [summary] = run.summary
    assert summary["group"] == "科长组" and summary["members"] == 2 and summary["ranked"] == 2
    assert AuditLog.objects.filter(action="assessments.results.compute", reason="年终考核").exists()


def test_repeating_a_run_writes_a_new_version_with_identical_results(scored, world):
    first = results_run_create(organization=world.org, year=2025)
    results_run_execute(run_id=first.pk)
    second = results_run_create(organization=world.org, year=2025)
    results_run_execute(run_id=second.pk)
    assert second.version == 2
    assert _fields(first) == _fields(second) != []


def test_a_run_is_carried_out_once(scored, world):
    run = results_run_create(organization=world.org, year=2025)
    assert results_run_execute(run_id=run.pk) is not None
    assert results_run_execute(run_id=run.pk) is None
    assert Result.objects.filter(run=run).count() == 2


def test_no_scheme_no_run(world):
    with pytest.raises(ApplicationError, match="还没有考核方案"):
        results_run_create(organization=world.org, year=2025)
    assert not ResultRun.objects.exists()


def test_a_published_year_is_recomputed_only_for_an_appeal_or_tolerance_case(scored, world):
    import datetime

    from assessments.models import Publication

    run = results_run_execute(run_id=results_run_create(organization=world.org, year=2025).pk)
    Publication.objects.create(
        organization=world.org,
        year=2025,
        run=run,
        state=Publication.State.PUBLISHED,
        published_on=datetime.date(2026, 1, 20),
    )
    with pytest.raises(ApplicationError, match="已公布"):
        results_run_create(organization=world.org, year=2025)
    assert ResultRun.objects.count() == 1
    again = results_run_create(organization=world.org, year=2025, after_publication=True, reason="申诉撤销扣分")
    assert again.version == 2
