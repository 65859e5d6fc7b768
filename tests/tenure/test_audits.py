"""Economic responsibility audits: each step, each refusal (the state unchanged, the reason given), the working days
of the notice, the ten days of the reply (silence is no objection), and the hold: with the policy's flag on, an audit
under way or an open finding refuses the cadre's appointment and transfer until it is closed; with it off, nothing
is held."""

import datetime

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditLog, CalendarDay
from org.services import cadre_edit
from tenure.models import EconomicAudit
from tenure.services import audits as services
from tenure.services.audits import reply_due_for
from tests.tenure.conftest import appoint, make_policy, principal_post

D = datetime.date
State = EconomicAudit.State


@pytest.fixture
def audit(world, policy):
    """张三 (综合科一组) planned for an in-term audit by HR 甲."""
    return services.audit_plan(
        cadre=world.cadre, actor=world.users["hr"], kind="in_term", period_from=D(2023, 3, 1), period_to=D(2025, 12, 31)
    )


def _fresh(audit):
    return EconomicAudit.objects.get(pk=audit.pk)


def _refused(call, audit, *, field=None):
    before = (_fresh(audit).state, AuditLog.objects.count())
    with pytest.raises(ApplicationError) as refused:
        call()
    assert (_fresh(audit).state, AuditLog.objects.count()) == before
    if field:
        assert field in refused.value.field_errors, refused.value.field_errors
    return refused.value


def _through_report(audit, hr, *, rating="minor"):
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    services.audit_draft_send(audit=audit, actor=hr, sent_on=D(2026, 4, 1))
    return services.audit_report(
        audit=audit,
        actor=hr,
        reported_on=D(2026, 4, 20),
        report_no="审报1号",
        rating=rating,
        findings="问题" if rating != "none" else "",
    )


def test_the_notice_is_served_three_working_days_before_fieldwork(audit, world):
    hr = world.users["hr"]
    # given a notice served on Friday 24 January 2025 (Sunday the 26th a working day, then the Spring Festival)
    # when fieldwork is to start on Tuesday 4 February (only two working days later)
    error = _refused(
        lambda: services.audit_notify(
            audit=audit, actor=hr, notice_no="审通1号", served_on=D(2025, 1, 24), fieldwork_from=D(2025, 2, 4)
        ),
        audit,
        field="fieldwork_from",
    )
    # then it is refused, naming the earliest day: Wednesday 5 February
    assert "2025-02-05" in error.message
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2025, 1, 24), fieldwork_from=D(2025, 2, 5)
    )
    assert _fresh(audit).state == State.NOTIFIED


def test_an_admin_override_of_the_calendar_counts(audit, world):
    # given an extra holiday declared on Monday 9 March 2026
    CalendarDay.objects.create(date=D(2026, 3, 9), is_workday=False, note="测试")
    hr = world.users["hr"]
    # when served on Friday 6 March, fieldwork on Wednesday 11 March is only two working days later
    _refused(
        lambda: services.audit_notify(
            audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 6), fieldwork_from=D(2026, 3, 11)
        ),
        audit,
        field="fieldwork_from",
    )
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 6), fieldwork_from=D(2026, 3, 12)
    )


def test_the_reply_period_is_ten_calendar_days_moved_past_a_holiday(db):
    # ten days after 24 September 2025 is 4 October, in the National Day holiday: the period ends on 9 October
    assert reply_due_for(D(2025, 9, 24)) == D(2025, 10, 9)
    # an ordinary period ends on the tenth day
    assert reply_due_for(D(2026, 3, 2)) == D(2026, 3, 12)


def test_the_report_waits_for_the_reply_or_its_period(audit, world):
    hr = world.users["hr"]
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    services.audit_draft_send(audit=audit, actor=hr, sent_on=D(2026, 4, 1))
    assert _fresh(audit).reply_due == D(2026, 4, 13)  # 11 April is a Saturday
    # when the report is dated within the reply period and no reply came: refused
    _refused(
        lambda: services.audit_report(audit=audit, actor=hr, reported_on=D(2026, 4, 10), report_no="", rating="none"),
        audit,
        field="reported_on",
    )
    # after the period, silence is no objection
    services.audit_report(audit=audit, actor=hr, reported_on=D(2026, 4, 14), report_no="", rating="none")
    row = AuditLog.objects.filter(action="tenure.audit.report").latest("id")
    assert "视为无异议" in row.reason


def test_the_cadre_replies_once_and_the_report_may_follow_at_once(audit, world):
    hr, cadre = world.users["hr"], world.users["cadre"]
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    services.audit_draft_send(audit=audit, actor=hr, sent_on=D(2026, 4, 1))
    # another cadre may not reply for 张三
    with pytest.raises(ApplicationError):
        services.audit_reply(audit=audit, actor=world.users["other_cadre"], text="无异议")
    services.audit_reply(audit=audit, actor=cadre, text="无异议")
    _refused(lambda: services.audit_reply(audit=audit, actor=cadre, text="再补充"), audit)
    assert _fresh(audit).reply_on == timezone.localdate()


def test_steps_out_of_order_and_out_of_scope_are_refused(audit, world):
    hr, hr_other = world.users["hr"], world.users["hr_other"]
    # another subtree's HR may not act on 张三's audit
    _refused(
        lambda: services.audit_notify(
            audit=audit, actor=hr_other, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
        ),
        audit,
    )
    # fieldwork before the notice, a report before the draft, a close before the report
    _refused(lambda: services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5)), audit)
    _refused(lambda: services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 3, 5)), audit)
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    # fieldwork before the announced day
    _refused(lambda: services.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 4)), audit, field="on")


def test_a_finding_is_rectified_by_a_deadline_then_closed(audit, world):
    hr = world.users["hr"]
    _through_report(audit, hr)
    # a finding may not be closed without rectification, nor rectified by a day before the report
    _refused(lambda: services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 5, 1)), audit)
    _refused(lambda: services.audit_rectify(audit=audit, actor=hr, due=D(2026, 4, 1)), audit, field="due")
    services.audit_rectify(audit=audit, actor=hr, due=D(2026, 7, 31))
    _refused(lambda: services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 8, 1), note=""), audit, field="note")
    services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 8, 1), note="已整改到位")
    assert _fresh(audit).state == State.CLOSED


def test_a_clean_report_closes_at_once_and_needs_no_rectification(audit, world):
    hr = world.users["hr"]
    _through_report(audit, hr, rating="none")
    _refused(lambda: services.audit_rectify(audit=audit, actor=hr, due=D(2026, 7, 31)), audit)
    services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 4, 21))
    assert _fresh(audit).state == State.CLOSED


def test_only_a_planned_or_notified_audit_is_cancelled(audit, world):
    hr = world.users["hr"]
    _refused(lambda: services.audit_cancel(audit=audit, actor=hr, reason=""), audit, field="reason")
    services.audit_cancel(audit=audit, actor=hr, reason="干部已调离,改为离任审计")
    assert _fresh(audit).state == State.CANCELLED
    _refused(lambda: services.audit_cancel(audit=audit, actor=hr, reason="再次取消"), audit)


def test_an_open_finding_holds_the_cadre_until_closed(audit, world):
    hr = world.users["hr"]
    _through_report(audit, hr)
    services.audit_rectify(audit=audit, actor=hr, due=D(2026, 7, 31))
    unit_before = world.cadre.unit_id
    # when HR moves 张三 to another unit, or appoints him to another post
    with pytest.raises(ApplicationError) as refused:
        cadre_edit(
            cadre=world.cadre, name="张三", gender="M", birth_date=world.cadre.birth_date, rank_grade="一级主任科员",
            unit=world.unit_a, actor=hr,
        )  # fmt: skip
    # then both are refused with the reason, and nothing changed
    assert "待岗" in refused.value.field_errors["unit"][0]
    world.cadre.refresh_from_db()
    assert world.cadre.unit_id == unit_before
    with pytest.raises(ApplicationError) as refused:
        appoint(world.cadre, principal_post(world, parent=world.unit_a), D(2026, 9, 1))
    assert "待岗" in refused.value.message
    # once closed, the move goes through
    services.audit_close(audit=audit, actor=hr, closed_on=D(2026, 8, 1), note="已整改到位")
    cadre_edit(
        cadre=world.cadre, name="张三", gender="M", birth_date=world.cadre.birth_date, rank_grade="一级主任科员",
        unit=world.unit_a, actor=hr,
    )  # fmt: skip


def test_an_audit_under_way_holds_the_cadre_too(audit, world):
    hr = world.users["hr"]
    services.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    with pytest.raises(ApplicationError) as refused:
        appoint(world.cadre, principal_post(world, parent=world.unit_a), D(2026, 9, 1))
    assert "审计正在进行" in refused.value.message


def test_with_the_flag_off_an_audit_only_records(world):
    make_policy(world, audit_holds=False)
    hr = world.users["hr"]
    audit = services.audit_plan(
        cadre=world.cadre, actor=hr, kind="departure", period_from=D(2023, 3, 1), period_to=D(2025, 12, 31)
    )
    _through_report(audit, hr, rating="major")
    appoint(world.cadre, principal_post(world, parent=world.unit_a), D(2026, 9, 1))
