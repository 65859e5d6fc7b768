"""Entering a year's calendar (日历调整) recomputes every open deadline counted in working days (or rolled over a rest
day) on the Monday–Friday fallback: the 公示 of the 优秀 candidates (HR told; publication waits), the cadre's appeal
window of a deduction or a veto (counted at each read; the day told is kept), the recall evaluation and the 公示
before a recall order, the reply to an audit draft. A deadline only moves later; each move is audited and told
(a year whose 国务院办公厅节假日安排 was not yet known is counted Monday to Friday)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Publication
from assessments.selectors import appeals
from assessments.services.publication import posting_end, posting_start, publication_publish
from common.errors import ApplicationError
from common.models import AuditLog, CalendarDay
from common.workdays import add_working_days
from notices.models import Notice
from notices.recompute import calendar_change
from recall.models import RecallCase
from recall.services.cases import recall_case_decide
from recall.services.stages import evaluation_due_after
from tenure.models import EconomicAudit
from tenure.services import audits as audit_services
from tenure.services.audits import reply_due_for
from tests.assessments.conftest import make_scoring
from tests.assessments.test_api_support import make_hr_all
from tests.assessments.test_appeals_services import deduction, veto
from tests.conftest import client_for
from tests.recall.conftest import POLICY_FROM, advance, make_case, seed_categories
from tests.tenure.conftest import make_policy

D = datetime.date
FRIDAY = D(2031, 9, 26)  # a Friday of a year chinesecalendar does not know
HOLIDAYS = (D(2031, 9, 29), D(2031, 9, 30))  # the calendar entered makes Monday and Tuesday of the next week off
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def enter_holidays(actor, days=HOLIDAYS) -> int:
    with calendar_change(years={2031}, actor=actor) as moved:
        for day in days:
            CalendarDay.objects.create(date=day, is_workday=False, note="国庆")
    return moved[0]


def enter_working_saturday(actor) -> int:
    with calendar_change(years={2031}, actor=actor) as moved:
        CalendarDay.objects.create(date=D(2031, 9, 27), is_workday=True, note="调休上班")
    return moved[0]


def moved_row(subject) -> AuditLog:
    return AuditLog.objects.get(action="notices.deadline.recompute", subject_id=str(subject.pk))


# --- the 公示 of the 优秀 candidates ---------------------------------------------------------------------------------


@pytest.fixture
def scoring(world):
    return make_scoring(world)


@pytest.fixture
def recall_world(world):
    from recall.services.batches import recall_batch_create
    from recall.services.policies import recall_policy_create

    seed_categories()
    world.users["hr_all"] = make_hr_all(world)
    world.policy = recall_policy_create(organization=world.org, actor=world.users["hr_all"], effective_from=POLICY_FROM)
    world.batch = recall_batch_create(
        organization=world.org, name="2025年第一批", year=2024, actor=world.users["hr_all"]
    )
    return world


@pytest.fixture
def posted(world, scoring):
    from tests.assessments.test_year_end_posting import build_tied, run_confirm, settle

    tied = build_tied(world, scoring)
    settle(tied, world)
    publication = run_confirm(run=tied.run, actor=world.users["committee"])
    hr = make_hr_all(world)
    publication = posting_start(publication=publication, actor=hr)
    # As if posted on a Friday of 2031: five working days on Monday–Friday end the next Friday.
    ends = posting_end(FRIDAY)
    assert ends == D(2031, 10, 3)
    Publication.objects.filter(pk=publication.pk).update(posted_on=FRIDAY, posting_ends_on=ends)
    return Publication.objects.get(pk=publication.pk), hr


def test_a_holiday_lengthens_the_posting_hr_is_told_and_publication_waits(posted, world):
    publication, hr = posted
    assert enter_holidays(world.users["admin"]) == 1
    current = Publication.objects.get(pk=publication.pk)
    assert current.posting_ends_on == D(2031, 10, 7)
    row = moved_row(publication)
    assert (row.before["deadline"], row.after["deadline"]) == ("2031-10-03", "2031-10-07")
    assert "2031年日历已录入" in row.reason
    told = Notice.objects.get(recipient=hr, kind="assessments.posting_end")
    assert "顺延至2031年10月7日" in told.title and "2031年10月3日" in told.body
    assert told.due_date is None  # information, nothing to do
    with (
        time_machine.travel(datetime.datetime(2031, 10, 7, 10, tzinfo=SHANGHAI), tick=False),
        pytest.raises(ApplicationError, match=r"公示到2031年10月7日\(星期二\)截止"),
    ):
        publication_publish(publication=current, published_on=D(2031, 10, 6), actor=hr)
    assert Publication.objects.get(pk=publication.pk).state == Publication.State.POSTED


def test_the_posting_is_never_shortened(posted, world):
    publication, _hr = posted
    assert enter_working_saturday(world.users["admin"]) == 0
    assert Publication.objects.get(pk=publication.pk).posting_ends_on == D(2031, 10, 3)
    assert not AuditLog.objects.filter(action="notices.deadline.recompute").exists()
    assert not Notice.objects.filter(kind="assessments.posting_end").exists()


# --- the appeal window of a deduction or a veto ------------------------------------------------------------------------


@pytest.fixture
def approved_on_friday(scoring, world):
    """张三's deduction, approved on a Friday of 2031: five working days on Monday–Friday end the next Friday."""
    from assessments.models import PointEntry

    entry = deduction(world)
    PointEntry.objects.filter(pk=entry.pk).update(decided_at=datetime.datetime(2031, 9, 26, 10, tzinfo=SHANGHAI))
    entry = PointEntry.objects.select_related("item").get(pk=entry.pk)
    assert appeals._entry_deadline_for(entry) == D(2031, 10, 3)
    return entry


def deadline_offered(world, entry) -> datetime.date:
    options = appeals.appeal_options(cadre=world.cadre, today=D(2026, 12, 1))
    return next(o.deadline for o in options if o.entry is not None and o.entry.pk == entry.pk)


def test_a_holiday_moves_the_appeal_window_later_and_tells_the_cadre(approved_on_friday, world):
    entry = approved_on_friday
    assert enter_holidays(world.users["admin"]) == 1
    assert deadline_offered(world, entry) == D(2031, 10, 7)
    row = moved_row(entry)
    assert (row.before["deadline"], row.after["deadline"]) == ("2031-10-03", "2031-10-07")
    told = Notice.objects.get(recipient=world.users["cadre"], kind="assessments.appeal_deduction")
    assert told.due_date == D(2031, 10, 7) and "顺延" in told.title and "2031年10月3日" in told.body


def test_an_adjusted_working_weekend_never_shortens_the_appeal_window(approved_on_friday, world):
    entry = approved_on_friday
    assert enter_working_saturday(world.users["admin"]) == 0
    # The count now ends on Thursday; the cadre keeps the Friday they were told.
    assert appeals._entry_count_for(entry) == D(2031, 10, 2)
    assert deadline_offered(world, entry) == D(2031, 10, 3)
    assert not Notice.objects.filter(kind="assessments.appeal_deduction").exists()


def test_a_veto_appeal_window_moves_too_through_the_admin(scoring, world):
    from assessments.models import VetoEntry

    entry = veto(world)
    VetoEntry.objects.filter(pk=entry.pk).update(decided_at=datetime.datetime(2031, 9, 26, 10, tzinfo=SHANGHAI))
    client = client_for(world, "sysadmin")
    response = client.post(
        reverse("admin:common_calendarday_add"), {"date": "2031-09-29", "is_workday": "", "note": "国庆"}
    )
    assert response.status_code == 302
    entry = VetoEntry.objects.select_related("item").get(pk=entry.pk)
    assert appeals._entry_deadline_for(entry) == D(2031, 10, 6)
    told = Notice.objects.get(recipient=world.users["cadre"], kind="assessments.appeal_veto")
    assert told.due_date == D(2031, 10, 6)
    assert moved_row(entry).actor == world.users["sysadmin"]


# --- recall: the evaluation and the 公示 before the order ---------------------------------------------------------------


@pytest.fixture
def evaluating(recall_world):
    world = recall_world
    case = advance(world, make_case(world), "evaluating")
    due = evaluation_due_after(case, FRIDAY)
    RecallCase.objects.filter(pk=case.pk).update(retraining_end=FRIDAY, evaluation_due=due)
    return RecallCase.objects.get(pk=case.pk), due


def test_a_holiday_moves_the_recall_evaluation_later_never_earlier(evaluating, recall_world):
    world = recall_world
    case, due = evaluating
    assert enter_working_saturday(world.users["admin"]) == 0
    assert RecallCase.objects.get(pk=case.pk).evaluation_due == due
    assert enter_holidays(world.users["admin"]) == 1
    later = RecallCase.objects.get(pk=case.pk).evaluation_due
    assert later > due
    row = moved_row(case)
    assert (row.before["deadline"], row.after["deadline"]) == (due.isoformat(), later.isoformat())
    told = Notice.objects.filter(kind="recall.evaluation_due", occurrence=f"moved:{later.isoformat()}")
    assert world.users["hr"] in {notice.recipient for notice in told}
    assert all(notice.due_date == later and "顺延" in notice.title for notice in told)


def test_a_holiday_lengthens_the_recall_announcement(recall_world):
    world = recall_world
    case = make_case(world)
    case = recall_case_decide(case=case, actor=world.users["committee"], recall=True, announce=True, reason="研究决定")
    until = add_working_days(FRIDAY, case.policy.announcement_working_days)
    RecallCase.objects.filter(pk=case.pk).update(announce_from=FRIDAY, announce_until=until)
    assert enter_holidays(world.users["admin"]) == 1
    later = RecallCase.objects.get(pk=case.pk).announce_until
    assert later > until
    told = Notice.objects.filter(kind="recall.announcement_end")
    assert world.users["hr"] in {notice.recipient for notice in told}
    assert all(notice.due_date is None and "顺延" in notice.title for notice in told)
    assert moved_row(case).after["deadline"] == later.isoformat()


# --- the reply to an economic responsibility audit's draft ---------------------------------------------------------------


@pytest.fixture
def replying(world):
    make_policy(world)
    hr = world.users["hr"]
    audit = audit_services.audit_plan(
        cadre=world.cadre, actor=hr, kind="in_term", period_from=D(2023, 3, 1), period_to=D(2025, 12, 31)
    )
    audit_services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    audit_services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    audit_services.audit_draft_send(audit=audit, actor=hr, sent_on=D(2026, 4, 1))
    # As if the draft reached the cadre on 19 September 2031: ten days end on Monday 29 September.
    sent = D(2031, 9, 19)
    assert reply_due_for(sent) == D(2031, 9, 29)
    EconomicAudit.objects.filter(pk=audit.pk).update(draft_sent_on=sent, reply_due=D(2031, 9, 29))
    return EconomicAudit.objects.get(pk=audit.pk)


def test_a_holiday_on_the_last_day_of_the_reply_rolls_it_over(replying, world):
    assert enter_holidays(world.users["admin"]) == 1
    assert EconomicAudit.objects.get(pk=replying.pk).reply_due == D(2031, 10, 1)
    told = Notice.objects.get(recipient=world.users["cadre"], kind="tenure.audit_reply")
    assert told.due_date == D(2031, 10, 1)
