"""Early warning (过程通报预警): after a quarter closes, the bottom zone of each group's running composite is told,
once per cadre and quarter."""

import pytest
from django.contrib.contenttypes.models import ContentType

from assessments.models import Period, Scheme, SpecialStatus
from assessments.services.warnings import WARNING_KIND, early_warning_send
from assessments.tasks.warnings import early_warning_task
from common.errors import ApplicationError
from common.models import AuditLog
from notices.models import Notice
from org.services import group_create
from tests.assessments.matrix_results_mine import add_members, score_period

Q = Period.Kind


def _warned(period=None) -> set[str]:
    notices = Notice.objects.filter(kind=WARNING_KIND)
    if period is not None:
        notices = notices.filter(subject_type=ContentType.objects.get_for_model(Period), subject_id=str(period.pk))
    return set(notices.values_list("recipient__cadre__name", flat=True))


@pytest.fixture
def six(scoring, world):
    """科长组 of six: 张三, 李四 and 组员0..3."""
    return [world.cadre, world.other_cadre, *add_members(world, scoring, 4)]


def test_the_bottom_zone_of_a_group_is_warned_after_the_quarter(scoring, world, six):
    # Six members: 20% of 6 floored is 1.
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    created = early_warning_send(period=period, actor=world.users["hr"])

    assert created == 1
    assert _warned() == {"组员2"}
    notice = Notice.objects.get(kind=WARNING_KIND)
    assert notice.occurrence == "warning" and notice.url == "/assessments/my-results/"
    assert notice.title == "过程通报预警:2025年第一季度"
    assert "后 20% 区间" in notice.body
    # The notice names nobody and no score.
    for text in ["张三", "李四", "60", "王五"]:
        assert text not in notice.title + notice.body
    assert AuditLog.objects.filter(action="assessments.results.warning").count() == 1


def test_a_second_call_warns_nobody_again(scoring, world, six):
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))
    early_warning_send(period=period)

    assert early_warning_send(period=period) == 0
    assert early_warning_task(period.pk) == 0

    assert Notice.objects.filter(kind=WARNING_KIND).count() == 1
    assert AuditLog.objects.filter(action="assessments.results.warning").count() == 1


def test_each_quarter_warns_afresh_on_the_running_score(scoring, world, six):
    q1 = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))
    early_warning_send(period=q1)
    # In Q2 组员2 does well and 张三 badly: running (quarterly mean) 张三 (70+50)/2 = 60, 组员2 (60+95)/2 = 77.5.
    q2 = score_period(
        scoring, Q.Q2, dict(zip(six, [50, 90, 80, 85, 95, 75], strict=True)), components=["quarterly_review"]
    )

    early_warning_send(period=q2)

    assert _warned(q1) == {"组员2"}
    assert _warned(q2) == {"张三"}


def test_a_tie_across_the_cut_warns_everyone_tied(scoring, world, six):
    period = score_period(scoring, Q.Q1, dict(zip(six, [60, 90, 80, 85, 60, 75], strict=True)))

    assert early_warning_send(period=period) == 2
    assert _warned() == {"张三", "组员2"}


def test_a_group_under_five_with_a_ratio_giving_none_warns_nobody(scoring, world):
    add_members(world, scoring, 2)  # four members: 20% of 4 is 0.8, floored 0, and no minimum under five
    period = score_period(scoring, Q.Q1, {world.cadre: 60, world.other_cadre: 90})

    assert early_warning_send(period=period) == 0
    assert not Notice.objects.exists()


def test_ten_members_warn_two_and_each_group_is_ranked_on_its_own(scoring, world):
    ten = [world.cadre, world.other_cadre, *add_members(world, scoring, 8)]
    other_group = group_create(organization=world.org, year=2025, name="所长组")
    five = add_members(world, scoring, 5, group=other_group, prefix="所长")
    values = dict(zip(ten, [91, 92, 93, 94, 95, 96, 97, 98, 61, 62], strict=True))
    # The other group's scores are all higher than the first's lowest, yet its own lowest is warned.
    values.update(zip(five, [99, 98, 97, 96, 95], strict=True))
    period = score_period(scoring, Q.Q1, values)

    assert early_warning_send(period=period) == 3
    assert _warned() == {"组员6", "组员7", "所长4"}


def test_the_scheme_warning_ratio_is_used(scoring, world, six):
    Scheme.objects.filter(pk=scoring.scheme.pk).update(warning_ratio="0.500")
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    assert early_warning_send(period=period) == 3
    assert _warned() == {"组员2", "张三", "组员3"}


def test_not_assessed_members_are_left_out(scoring, world, six):
    SpecialStatus.objects.create(cadre=six[4], year=2025, state=SpecialStatus.State.NOT_ASSESSED, reason="病假")
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    early_warning_send(period=period)

    # Five counted members: 20% of 5 is 1; the lowest counted is 张三.
    assert _warned() == {"张三"}


def test_a_member_without_a_login_counts_but_gets_no_notice(scoring, world, six):
    six[4].user = None
    six[4].save()
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    assert early_warning_send(period=period) == 0
    assert not Notice.objects.exists()


def test_only_quarters_warn(scoring, world, six):
    half = score_period(scoring, Q.H1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    assert early_warning_send(period=half) == 0
    assert not Notice.objects.exists()


def test_an_open_quarter_is_refused_and_changes_nothing(scoring, world, six):
    open_q1 = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)), close=False)

    with pytest.raises(ApplicationError, match="尚未结束"):
        early_warning_send(period=open_q1)
    assert early_warning_task(open_q1.pk) == 0  # the job logs it and ends quietly
    assert not Notice.objects.exists()
    assert not AuditLog.objects.filter(action="assessments.results.warning").exists()


def test_the_task_takes_the_period_id(scoring, world, six):
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))

    assert early_warning_task.name == "assessments.early_warning"
    assert early_warning_task.apply(args=[period.pk]).get() == 1
    assert early_warning_task(10**9) == 0  # a period gone since it was queued
    assert _warned() == {"组员2"}


def test_the_warning_runs_in_few_queries_whatever_the_group_size(scoring, world, six, django_assert_num_queries):
    period = score_period(scoring, Q.Q1, dict(zip(six, [70, 90, 80, 85, 60, 75], strict=True)))
    # savepoint, period, the organization's switch (the warning catalog), periods, components, the statement, count,
    # users, insert, count, audit, release
    with django_assert_num_queries(12) as small:
        early_warning_send(period=period)
    Notice.objects.all().delete()

    more = add_members(world, scoring, 10, prefix="新人")
    q2 = score_period(scoring, Q.Q2, {c: 50 + i for i, c in enumerate([*six, *more])})
    with django_assert_num_queries(len(small)):
        assert early_warning_send(period=q2) == 3
