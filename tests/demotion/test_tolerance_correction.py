"""纠错 after an approved tolerance case: five steps, in order, none skipped or repeated, each dated and described
(济南《关于建立党员干部纠错机制的实施办法(试行)》: 启动纠错 → 发送通知 → 谈话教育 → 督促整改 → 完善制度). A refused step changes nothing."""

import datetime

import pytest
import time_machine

from common.errors import ApplicationError
from common.models import AuditLog
from demotion.models import Correction, CorrectionStep
from demotion.services.tolerance import correction_step_record
from tests.assessments.test_appeals_services import deduction
from tests.demotion.test_tolerance_services import decide, request

TODAY = datetime.date(2026, 3, 16)


@pytest.fixture
def correction(world):
    from tests.assessments.conftest import make_scoring

    make_scoring(world)
    # Decided ten days before the steps' "today" (the correction follows the decision).
    with time_machine.travel(datetime.datetime(2026, 3, 6, 10, 0), tick=False):
        case = decide(world, request(world, deduction(world, occurred_on=datetime.date(2025, 6, 1))))
    return Correction.objects.get(tolerance_case=case)


def record(world, correction, step, *, done_on=TODAY, note="已办理", persona="hr"):
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0), tick=False):
        return correction_step_record(
            correction=correction, step=step, done_on=done_on, note=note, actor=world.users[persona]
        )


def state(correction):
    correction.refresh_from_db()
    return (
        list(CorrectionStep.objects.order_by("step").values_list("step", "done_on", "note", "done_by_id")),
        correction.completed_at,
        AuditLog.objects.count(),
    )


def refused(world, correction, step, match, field=None, **kwargs):
    before = state(correction)
    with pytest.raises(ApplicationError, match=match) as caught:
        record(world, correction, step, **kwargs)
    assert state(correction) == before
    if field:
        assert field in caught.value.field_errors
    return caught.value


def test_five_steps_in_order_complete_the_correction(world, correction):
    days = [TODAY - datetime.timedelta(days=n) for n in (8, 6, 6, 2, 0)]
    for step, (day, persona) in enumerate(zip(days, ["hr", "committee", "hr", "admin", "committee"], strict=True), 1):
        assert state(correction)[1] is None
        record(world, correction, step, done_on=day, note=f"第{step}步办理情况", persona=persona)

    steps = list(correction.steps.order_by("step"))
    assert [s.step for s in steps] == [1, 2, 3, 4, 5] and [s.done_on for s in steps] == days
    assert steps[0].done_by == world.users["hr"] and steps[1].done_by == world.users["committee"]
    correction.refresh_from_db()
    assert correction.completed_at is not None
    rows = AuditLog.objects.filter(action="demotion.correction.step").order_by("id")
    assert [r.after["step"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows.last().after["completed_at"] is not None and rows.first().after["note"] == "第1步办理情况"


def test_a_step_cannot_be_skipped(world, correction):
    error = refused(world, correction, 2, "请先完成“启动纠错”,再记录“发送通知”", field="step")
    assert error.field_errors["step"]
    record(world, correction, 1)
    refused(world, correction, 4, "请先完成“发送通知”", field="step")


def test_a_step_is_recorded_once(world, correction):
    record(world, correction, 1)
    record(world, correction, 2)
    refused(world, correction, 1, "“启动纠错”已记录,不能重复记录", field="step")
    refused(world, correction, 2, "“发送通知”已记录", field="step")


def test_dates_follow_the_order_and_not_the_future(world, correction):
    refused(
        world,
        correction,
        1,
        "办理日期不能早于容错免责的认定日期:2026年3月6日",
        field="done_on",
        done_on=datetime.date(2026, 3, 5),
    )
    record(world, correction, 1, done_on=TODAY - datetime.timedelta(days=3))
    refused(
        world,
        correction,
        2,
        "办理日期不能早于上一步骤“启动纠错”的办理日期:2026年3月13日",
        field="done_on",
        done_on=TODAY - datetime.timedelta(days=4),
    )
    refused(world, correction, 2, "办理日期不能晚于今天", field="done_on", done_on=TODAY + datetime.timedelta(days=1))
    record(world, correction, 2, done_on=TODAY - datetime.timedelta(days=3))  # the same day is fine


@pytest.mark.parametrize(
    ("kwargs", "field", "match"),
    [
        ({"note": "  "}, "note", "请填写办理情况"),
        ({"done_on": None}, "done_on", "请填写办理日期"),
    ],
)
def test_date_and_note_are_required(world, correction, kwargs, field, match):
    refused(world, correction, 1, match, field=field, **kwargs)


@pytest.mark.parametrize("step", [0, 6, None])
def test_an_unknown_step(world, correction, step):
    refused(world, correction, step, "请选择纠错步骤", field="step")


@pytest.mark.parametrize("persona", ["hr_other", "cadre", "other_cadre", "rater", "norole"])
def test_only_hr_in_scope_or_the_committee(world, correction, persona):
    refused(world, correction, 1, r"只有人事部门或党组\(党委\)可以记录纠错步骤", persona=persona)
