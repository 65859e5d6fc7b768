"""Carrying out an approved step-down (安排适当工作) and withdrawing an open case; every refusal changes nothing."""

import datetime

import pytest

from common.models import AuditLog
from demotion.models import StepDownCase
from demotion.services.cases import stepdown_case_execute, stepdown_case_withdraw, stepdown_cases_open
from org.models import Appointment
from tests.demotion.test_cases_services import TODAY, approved, fresh, refused
from tests.factories import PostFactory


@pytest.fixture
def case(published, world) -> StepDownCase:
    """张三's case of 2024 (published today), waiting for his application."""
    stepdown_cases_open(publication_id=published.publication.pk)
    return StepDownCase.objects.get(cadre=world.cadre)


# --- carrying it out --------------------------------------------------------------------------------------------


def test_hr_carries_out_the_assignment_named_at_approval(case, world):
    case = approved(case, world, new_assignment="安排到办公室从事综合文字工作")
    stepdown_case_execute(case=case, actor=world.users["hr"], executed_on=TODAY)
    stored = fresh(case)
    assert (stored.state, stored.executed_on, stored.executed_by, stored.new_assignment) == (
        "executed",
        TODAY,
        world.users["hr"],
        "安排到办公室从事综合文字工作",
    )
    assert (
        AuditLog.objects.get(action="demotion.stepdown.execute").reason == "安排适当工作:安排到办公室从事综合文字工作"
    )


def test_carrying_out_a_new_post_starts_the_appointment(case, world):
    case = approved(case, world)
    post = PostFactory(unit=world.unit_a, name="一级科员岗", kind="staff", is_leadership=False)
    stepdown_case_execute(case=case, actor=world.users["hr"], executed_on=TODAY, new_post=post)
    started = Appointment.objects.get(cadre=world.cadre, post=post)
    assert started.start_date == TODAY and started.end_date is None
    assert fresh(case).new_post == post
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "一级主任科员"


def test_carrying_out_needs_an_assignment_a_date_hr_in_scope_and_an_approval(case, world):
    hr = world.users["hr"]
    refused(
        stepdown_case_execute,
        "该事项当前状态为“待提交申请”,不能办理工作安排。",
        case=case,
        actor=hr,
        executed_on=TODAY,
        new_assignment="x",
    )
    case = approved(case, world)
    refused(
        stepdown_case_execute,
        "请选择新安排的职务或填写安排的工作",
        field="new_assignment",
        case=case,
        actor=hr,
        executed_on=TODAY,
    )
    refused(
        stepdown_case_execute,
        "请填写到岗日期",
        field="executed_on",
        case=case,
        actor=hr,
        executed_on=None,
        new_assignment="x",
    )
    refused(
        stepdown_case_execute,
        "到岗日期不能晚于今天",
        field="executed_on",
        case=case,
        actor=hr,
        executed_on=TODAY + datetime.timedelta(days=1),
        new_assignment="x",
    )
    refused(
        stepdown_case_execute,
        "到岗日期不能早于免去职务日期",
        field="executed_on",
        case=case,
        actor=hr,
        executed_on=TODAY - datetime.timedelta(days=1),
        new_assignment="x",
    )
    for persona in ["hr_other", "committee", "cadre"]:
        refused(
            stepdown_case_execute,
            "只有管理该干部的组织人事部门",
            case=case,
            actor=world.users[persona],
            executed_on=TODAY,
            new_assignment="x",
        )
    full = PostFactory(unit=world.unit_a, name="满编岗位", kind="staff", headcount=1)
    Appointment.objects.create(cadre=world.other_cadre, post=full, start_date=datetime.date(2020, 1, 1))
    refused(
        stepdown_case_execute, "职数为 1,已满", field="new_post", case=case, actor=hr, executed_on=TODAY, new_post=full
    )


# --- withdrawal -------------------------------------------------------------------------------------------------


def test_an_open_case_is_withdrawn_with_a_reason(case, world):
    refused(stepdown_case_withdraw, "请填写撤回原因", field="reason", case=case, reason="")
    refused(
        stepdown_case_withdraw,
        "只有党组(党委)或管理该干部的组织人事部门",
        case=case,
        reason="x",
        actor=world.users["hr_other"],
    )
    stepdown_case_withdraw(case=case, reason="考核结果更正", actor=world.users["hr"])
    stored = fresh(case)
    assert (stored.state, stored.withdrawn_reason) == ("withdrawn", "考核结果更正")
    assert AuditLog.objects.get(action="demotion.stepdown.withdraw").actor == world.users["hr"]


def test_a_decided_case_is_not_withdrawn(case, world):
    case = approved(case, world)
    refused(stepdown_case_withdraw, "该事项当前状态为“党组已准予”,不能撤回。", case=case, reason="x")
