"""The step-down case's transitions, each by its role, in its state and its time; every refusal says why in
Chinese and changes nothing (沂源县市场监管局“主动让贤”制)."""

import datetime
import re

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditLog
from common.workdays import format_date_zh
from demotion.models import StepDownCase
from demotion.services.cases import (
    stepdown_case_apply,
    stepdown_case_approve,
    stepdown_case_reject,
    stepdown_cases_escalate,
    stepdown_cases_open,
)
from notices.models import Notice
from org.models import Appointment, Cadre, RoleAssignment
from org.services import role_assign
from tests.factories import OrganizationFactory, PostFactory, UnitFactory

TODAY = timezone.localdate()


@pytest.fixture
def case(published, world) -> StepDownCase:
    """张三's case of 2024 (published today), waiting for his application."""
    stepdown_cases_open(publication_id=published.publication.pk)
    return StepDownCase.objects.get(cadre=world.cadre)


def fresh(case) -> StepDownCase:
    return StepDownCase.objects.get(pk=case.pk)


def everything() -> tuple:
    """What a refused action must leave as it was."""
    return (
        sorted(StepDownCase.objects.values_list()),
        sorted(Appointment.objects.values_list()),
        sorted(Cadre.objects.values_list("pk", "rank_grade")),
        AuditLog.objects.count(),
        Notice.objects.count(),
    )


def refused(fn, match: str, *, field: str | None = None, **kwargs) -> ApplicationError:
    before = everything()
    with pytest.raises(ApplicationError, match=re.escape(match) if match else None) as caught:
        fn(**kwargs)
    assert everything() == before
    if field:
        assert field in caught.value.field_errors, caught.value.field_errors
    return caught.value


def reloaded(world, persona):
    """The user read again: roles are read once per request (and cached on the user object)."""
    return type(world.users[persona]).objects.get(pk=world.users[persona].pk)


def applied(case, world) -> StepDownCase:
    return stepdown_case_apply(case=case, actor=world.users["cadre"], text="本人主动辞去现任中层职务。")


def approved(case, world, **kwargs) -> StepDownCase:
    case = applied(case, world)
    return stepdown_case_approve(case=case, actor=world.users["committee"], reason="准予", step_down_on=TODAY, **kwargs)


# --- the application --------------------------------------------------------------------------------------------


def test_the_cadre_applies_online_by_the_deadline(case, world):
    done = stepdown_case_apply(case=case, actor=world.users["cadre"], text="  本人主动辞去现任中层职务。 ")
    stored = fresh(case)
    assert stored.state == "applied" and done.state == "applied"
    assert (stored.application_text, stored.applied_by, stored.applied_on, stored.paper_application) == (
        "本人主动辞去现任中层职务。",
        world.users["cadre"],
        TODAY,
        False,
    )
    assert stored.applied_at is not None
    row = AuditLog.objects.get(action="demotion.stepdown.apply")
    assert (row.actor, row.before["state"], row.after["state"], row.reason) == (
        world.users["cadre"],
        "notified",
        "applied",
        "本人在线提交",
    )
    # The committee hears of it
    assert Notice.objects.filter(recipient=world.users["committee"], occurrence="applied").count() == 1


def test_the_last_day_still_counts_and_the_day_after_does_not(case, world):
    last = case.deadline
    after = last + datetime.timedelta(days=1)
    refused(
        stepdown_case_apply,
        f"申请期限已于{format_date_zh(last)}截止",
        case=case,
        actor=world.users["cadre"],
        text="申请",
        today=after,
    )
    assert stepdown_case_apply(case=case, actor=world.users["cadre"], text="申请", today=last).state == "applied"


def test_an_application_needs_its_text_and_its_own_cadre(case, world):
    refused(stepdown_case_apply, "请填写申请书内容", field="text", case=case, actor=world.users["cadre"], text="  ")
    for persona in ["other_cadre", "hr", "committee", "admin", "rater"]:
        refused(stepdown_case_apply, "只有本人可以在线提交", case=case, actor=world.users[persona], text="代为申请")


def test_hr_over_the_cadre_records_a_paper_application(case, world):
    stepdown_case_apply(case=case, actor=world.users["hr"], text="书面申请一份", paper=True, applied_on=TODAY)
    stored = fresh(case)
    assert (stored.state, stored.paper_application, stored.applied_on, stored.applied_by) == (
        "applied",
        True,
        TODAY,
        world.users["hr"],
    )
    assert "人事部门登记纸质申请" in AuditLog.objects.get(action="demotion.stepdown.apply").reason


def test_a_paper_application_is_dated_within_the_period(case, world):
    hr = world.users["hr"]
    kwargs = {"fn": stepdown_case_apply, "case": case, "actor": hr, "text": "", "paper": True}
    refused(match="请填写收到纸质申请的日期", field="applied_on", applied_on=None, **kwargs)
    refused(match="申请日期不能晚于今天", field="applied_on", applied_on=TODAY + datetime.timedelta(days=1), **kwargs)
    refused(
        match="不能早于考核结果公布日期", field="applied_on", applied_on=TODAY - datetime.timedelta(days=1), **kwargs
    )


def test_a_paper_application_after_the_deadline_is_not_recorded(world):
    from tests.demotion.conftest import make_published_year

    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)
    refused(
        stepdown_case_apply,
        "申请期限已于2025年2月5日(星期三)截止",
        field="applied_on",
        case=case,
        actor=world.users["hr"],
        paper=True,
        applied_on=datetime.date(2025, 2, 6),
    )
    stepdown_case_apply(case=case, actor=world.users["hr"], paper=True, applied_on=datetime.date(2025, 2, 5))
    assert fresh(case).state == "applied"


def test_only_hr_whose_scope_holds_the_cadre_records_paper(case, world):
    for persona in ["hr_other", "committee", "cadre", "rater"]:
        refused(
            stepdown_case_apply,
            "只有管理该干部的组织人事部门可以登记纸质申请",
            case=case,
            actor=world.users[persona],
            paper=True,
            applied_on=TODAY,
        )


def test_an_application_is_made_once(case, world):
    applied(case, world)
    refused(
        stepdown_case_apply,
        "该事项当前状态为“已提交申请”,不能再提交申请。",
        case=fresh(case),
        actor=world.users["cadre"],
        text="再次申请",
    )


def test_two_applications_at_once_leave_one(case, world):
    # Given the case loaded twice (two browser tabs), and the first application saved
    first, second = fresh(case), fresh(case)
    stepdown_case_apply(case=first, actor=world.users["cadre"], text="第一份")
    # When the second is sent with what it read before
    refused(
        stepdown_case_apply,
        "该事项已被他人处理(当前状态:已提交申请)",
        case=second,
        paper=True,
        actor=world.users["hr"],
        applied_on=TODAY,
    )
    assert fresh(case).application_text == "第一份"


# --- the party group's decision ---------------------------------------------------------------------------------


def test_approval_ends_the_post_with_step_down_and_keeps_the_rank_grade(case, world):
    rank = world.cadre.rank_grade
    appointment = case.appointment
    other_post = PostFactory(unit=world.unit_a, name="四级调研员岗位", kind="staff", is_leadership=False)
    case = applied(case, world)

    stepdown_case_approve(
        case=case,
        actor=world.users["committee"],
        reason="经局党组会议研究,准予主动让贤。",
        step_down_on=TODAY,
        new_post=other_post,
    )

    stored = fresh(case)
    assert (stored.state, stored.decided_by, stored.step_down_on, stored.new_post) == (
        "approved",
        world.users["committee"],
        TODAY,
        other_post,
    )
    assert stored.decision_reason == "经局党组会议研究,准予主动让贤。"
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason) == (TODAY, Appointment.EndReason.STEP_DOWN)
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == rank == "一级主任科员"
    assert AuditLog.objects.filter(action="org.appointment.end", subject_id=str(appointment.pk)).count() == 1
    assert AuditLog.objects.get(action="demotion.stepdown.approve").after["new_post_id"] == other_post.pk
    assert Notice.objects.filter(recipient=world.users["cadre"], occurrence="approved").count() == 1
    assert Notice.objects.filter(recipient=world.users["hr"], occurrence="approved").count() == 1


def test_approval_without_a_new_assignment_yet(case, world):
    case = applied(case, world)
    stepdown_case_approve(case=case, actor=world.users["committee"], step_down_on=TODAY)
    stored = fresh(case)
    assert stored.state == "approved" and stored.new_post is None and stored.new_assignment == ""
    assert stored.decision_reason == "经党组研究,准予主动让贤。"


def test_only_the_committee_over_the_cadre_approves(case, world):
    case = applied(case, world)
    for persona in ["admin", "hr", "hr_other", "cadre", "rater"]:
        refused(
            stepdown_case_approve,
            "只有党组(党委)可以决定",
            case=case,
            actor=world.users[persona],
            step_down_on=TODAY,
        )
    # A committee seat elsewhere gives no say here
    elsewhere = OrganizationFactory(code="elsewhere")
    role_assign(user=world.users["hr_other"], role=RoleAssignment.Role.COMMITTEE, organization=elsewhere)
    refused(stepdown_case_approve, "只有党组(党委)", case=case, actor=reloaded(world, "hr_other"), step_down_on=TODAY)
    # Nor on one's own case
    role_assign(user=world.users["cadre"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
    refused(stepdown_case_approve, "不能决定本人的", case=case, actor=reloaded(world, "cadre"), step_down_on=TODAY)


def test_approval_needs_an_application_and_a_sound_date_and_post(case, world):
    committee = world.users["committee"]
    refused(
        stepdown_case_approve,
        "该事项当前状态为“待提交申请”,不能准予。",
        case=case,
        actor=committee,
        step_down_on=TODAY,
    )
    case = applied(case, world)
    refused(
        stepdown_case_approve, "请填写免去职务日期", field="step_down_on", case=case, actor=committee, step_down_on=None
    )
    refused(
        stepdown_case_approve,
        "免去职务日期须晚于任职日期(2023年3月1日(星期三))",
        field="step_down_on",
        case=case,
        actor=committee,
        step_down_on=datetime.date(2023, 3, 1),
    )
    foreign = PostFactory(unit=UnitFactory(organization=OrganizationFactory(code="far")), name="科长")
    refused(
        stepdown_case_approve,
        "新安排的职务须为本机构的职务",
        field="new_post",
        case=case,
        actor=committee,
        step_down_on=TODAY,
        new_post=foreign,
    )
    refused(
        stepdown_case_approve,
        "新安排的职务不能是所辞去的职务",
        field="new_post",
        case=case,
        actor=committee,
        step_down_on=TODAY,
        new_post=world.post_a,
    )


def test_two_committee_members_deciding_at_once(case, world):
    applied(case, world)
    first, second = fresh(case), fresh(case)
    stepdown_case_approve(case=first, actor=world.users["committee"], step_down_on=TODAY)
    refused(
        stepdown_case_reject,
        "该事项已被他人处理(当前状态:党组已准予)",
        case=second,
        actor=world.users["committee"],
        reason="不准",
    )
    assert Appointment.objects.filter(cadre=world.cadre, end_reason="step_down").count() == 1


def test_the_committee_rejects_with_a_reason(case, world):
    case = applied(case, world)
    refused(
        stepdown_case_reject,
        "请填写不予准予的理由",
        field="reason",
        case=case,
        actor=world.users["committee"],
        reason=" ",
    )
    refused(stepdown_case_reject, "只有党组(党委)", case=case, actor=world.users["hr"], reason="x")
    stepdown_case_reject(case=case, actor=world.users["committee"], reason="其申诉已获支持,不予准予。")
    stored = fresh(case)
    assert (stored.state, stored.decision_reason) == ("rejected", "其申诉已获支持,不予准予。")
    assert case.appointment.end_date is None and not Appointment.objects.filter(end_reason="step_down").exists()
    assert Notice.objects.filter(recipient=world.users["cadre"], occurrence="rejected").count() == 1
    # A decided case is decided
    refused(
        stepdown_case_reject, "该事项当前状态为“党组不予准予”", case=stored, actor=world.users["committee"], reason="x"
    )
    refused(stepdown_case_approve, "不能准予", case=stored, actor=world.users["committee"], step_down_on=TODAY)


def test_an_escalated_case_may_be_rejected_but_not_approved(case, world):
    stepdown_cases_escalate(today=case.deadline + datetime.timedelta(days=1))
    case = fresh(case)
    assert case.state == "escalated"
    refused(
        stepdown_case_approve,
        "该事项当前状态为“逾期未申请,转组织调整”,不能准予。",
        case=case,
        actor=world.users["committee"],
        step_down_on=TODAY,
    )
    refused(stepdown_case_apply, "不能再提交申请", case=case, actor=world.users["cadre"], text="补交申请")
    stepdown_case_reject(case=case, actor=world.users["committee"], reason="经研究,不再作组织调整。")
    assert fresh(case).state == "rejected"
