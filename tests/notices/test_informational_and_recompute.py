"""Notices that ask for nothing carry no due date and no "去办理"; every notice due in a year without the official
calendar says so; entering a year's calendar recomputes the open working-day deadlines counted on the Monday–Friday
fallback, never earlier than what the person was told, the person told of a later day, audited (每个期限各通知一次; 工作日按国务院办公厅节假日安排)."""

import datetime
import re

import pytest
from django.urls import reverse

from common.models import AuditLog, CalendarDay
from common.workdays import add_working_days
from demotion.models import StepDownCase
from demotion.services.cases import stepdown_cases_open
from notices.models import Notice
from notices.recompute import deadlines_recompute
from notices.services import notices_announce
from tests.conftest import client_for
from tests.demotion.conftest import make_published_year

UNCOVERED = datetime.date(2031, 9, 26)  # a Friday of a year chinesecalendar does not know


@pytest.fixture
def published(world):
    """2024 published today: 张三 and 李四 in the bottom set."""
    return make_published_year(world)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_publication_notice_has_no_due_date_and_no_action_button(published, world):
    notice = Notice.objects.get(recipient=world.users["cadre"], kind="assessments.published")
    assert notice.due_date is None and notice.calendar_warning == ""
    notices_announce(
        recipients=[world.users["cadre"]],
        kind="test.action",
        subject=world.cadre,
        occurrence="ask",
        title="请提交材料",
        url="/me/",
        due_date=datetime.date(2025, 6, 30),
    )
    page = text(client_for(world, "cadre").get(reverse("notices:inbox")))
    informational = page[page.index(notice.title) :]
    informational = informational[: informational.index("</form>")]
    assert "截止日期" not in informational and "去办理" not in informational and "查看" in informational
    action = page[page.index("请提交材料") :]
    action = action[: action.index("</form>")]
    assert "截止日期" in action and "去办理" in action


def test_every_notice_due_in_a_year_without_the_calendar_carries_the_warning(world):
    notices_announce(
        recipients=[world.users["cadre"]],
        kind="test.action",
        subject=world.cadre,
        occurrence="ask",
        title="请提交材料",
        due_date=UNCOVERED,
    )
    notice = Notice.objects.get(kind="test.action")
    assert "2031年的法定节假日安排尚未录入" in notice.calendar_warning


@pytest.fixture
def waiting(published, world) -> StepDownCase:
    """张三's case as if published on a Friday of 2031: 3 working days on Monday–Friday end on Wednesday."""
    stepdown_cases_open(publication_id=published.publication.pk)
    case = StepDownCase.objects.get(cadre=world.cadre)
    deadline = add_working_days(UNCOVERED, 3)
    assert deadline == datetime.date(2031, 10, 1)
    StepDownCase.objects.filter(pk=case.pk).update(published_on=UNCOVERED, deadline=deadline)
    return StepDownCase.objects.get(pk=case.pk)


def test_a_holiday_in_the_new_calendar_moves_the_deadline_later_and_tells_the_cadre(waiting, world):
    for day in (29, 30):  # the calendar makes Mon–Tue of that week days off
        CalendarDay.objects.create(date=datetime.date(2031, 9, day), is_workday=False, note="国庆")
    assert deadlines_recompute(years={2031}, actor=world.users["admin"]) == 1
    moved = StepDownCase.objects.get(pk=waiting.pk)
    assert moved.deadline == datetime.date(2031, 10, 3)
    row = AuditLog.objects.get(action="notices.deadline.recompute", subject_id=str(waiting.pk))
    assert row.before["deadline"] == "2031-10-01" and row.after["deadline"] == "2031-10-03"
    told = Notice.objects.get(recipient=world.users["cadre"], occurrence="moved:2031-10-03")
    assert told.due_date == datetime.date(2031, 10, 3) and "顺延" in told.title
    # once more: nothing later, nothing changes
    assert deadlines_recompute(years={2031}, actor=world.users["admin"]) == 0


def test_a_deadline_never_moves_earlier_than_what_the_person_was_told(waiting, world):
    CalendarDay.objects.create(date=datetime.date(2031, 9, 27), is_workday=True, note="调休上班")
    assert deadlines_recompute(years={2031}, actor=world.users["admin"]) == 0
    assert StepDownCase.objects.get(pk=waiting.pk).deadline == datetime.date(2031, 10, 1)
    assert not AuditLog.objects.filter(action="notices.deadline.recompute").exists()


def test_entering_a_day_in_the_admin_recomputes(waiting, world):
    client = client_for(world, "sysadmin")
    response = client.post(
        reverse("admin:common_calendarday_add"), {"date": "2031-09-29", "is_workday": "", "note": "国庆"}
    )
    assert response.status_code == 302, text(response)[:2000]
    assert StepDownCase.objects.get(pk=waiting.pk).deadline == datetime.date(2031, 10, 2)
    row = AuditLog.objects.get(action="notices.deadline.recompute")
    assert row.actor == world.users["sysadmin"]
