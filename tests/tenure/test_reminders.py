"""Reminders before each term's end (6, 3 and 1 months by default, month arithmetic of 民法典 Art. 202) and at each
ladder year (任现职 5 / 8 / 10 years), each told once through notices.registry — however often the scan runs — to
HR of the unit (and, for a term's end, to the cadre); none for an appointment that has ended. The placement falls due
at the term's end and is escalated to the committee when nobody records it.

The reminders are written when the term is computed, from a month before that day on (an older one would be stale
news), so these tests place their terms around today."""

import calendar
import datetime

from django.utils import timezone

from common.workdays import add_months
from notices.models import Notice
from notices.services import notices_generate
from tenure.models import TermReminder
from tests.tenure.conftest import appoint, dismiss, make_policy, person, principal_post

D = datetime.date
DAY = datetime.timedelta(days=1)


def _rows(term, kind):
    return sorted((r.count, r.fires_on) for r in TermReminder.objects.filter(term=term, kind=kind))


def test_months_before_the_end_by_month_arithmetic(world):
    # given terms that start on the day the cadre takes up the post, and one that will end on 31 August of a leap year
    make_policy(world, start_rule="probation_start")
    year = timezone.localdate().year + 1
    while not calendar.isleap(year + 5):
        year += 1
    term = appoint(person(world, "甲"), principal_post(world), D(year, 9, 1), decided=timezone.localdate())
    term = term.tenure_terms.get()
    assert term.ends_on == D(year + 5, 8, 31)
    # then six months before is 29 February, three the last day of May, one the last day of July
    assert _rows(term, "term_end") == [(1, D(year + 5, 7, 31)), (3, D(year + 5, 5, 31)), (6, D(year + 5, 2, 29))]


def test_the_ladder_counts_from_the_start_of_the_unbroken_holding(world):
    # given ten-year terms, and a cadre who was re-appointed to the post without a break
    make_policy(world, term_years=10)
    y = timezone.localdate().year
    post, cadre = principal_post(world), person(world, "甲")
    first = appoint(cadre, post, D(y - 3, 3, 1))
    dismiss(first, D(y - 1, 3, 1), reason="term_end")
    second = appoint(cadre, post, D(y - 1, 3, 1))
    # then the second appointment's term marks 5 and 8 years in the post from the first appointment's start
    term = second.tenure_terms.get()
    assert (term.inherited, term.ends_on) == (True, D(y + 6, 12, 31))
    assert _rows(term, "ladder") == [(5, D(y + 2, 3, 1)), (8, D(y + 5, 3, 1))]


def _term_ending_around(world, end: datetime.date, *, name="甲"):
    """A principal of 综合科 (HR 甲's units) whose term ends on or about `end`, terms starting on the first day."""
    make_policy(world, start_rule="probation_start")
    start = add_months(end, -60) + DAY
    post = principal_post(world, parent=world.unit_a)
    return appoint(person(world, name, user=True), post, start).tenure_terms.order_by("seq").first()


def test_each_reminder_is_told_once_to_hr_and_the_cadre(world):
    # given a term ending in about a month: its one-month reminder is due, the earlier ones were stale when written
    today = timezone.localdate()
    term = _term_ending_around(world, add_months(today, 1))
    due = [r for r in TermReminder.objects.filter(term=term) if r.fires_on <= today]
    assert [(r.kind, r.count) for r in due] == [("term_end", 1)]
    # when the scan runs, and runs again
    notices_generate(today=today)
    notices_generate(today=today)
    # then the cadre and HR of the unit were told once each, in the reminder's own words
    told = Notice.objects.filter(kind="tenure.term_reminder", subject_id=str(due[0].pk))
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted([term.cadre.user.username, "hr"])
    notice = told.get(recipient=term.cadre.user)
    assert notice.title.startswith("【任期提醒】") and "1个月后届满" in notice.title
    assert "届满安置" in notice.body and notice.occurrence == "due"
    # and a later scan tells nothing more
    count = Notice.objects.filter(kind="tenure.term_reminder").count()
    notices_generate(today=today + 3 * DAY)
    assert Notice.objects.filter(kind="tenure.term_reminder").count() == count == 2


def test_an_ended_appointment_gets_no_reminder(world):
    today = timezone.localdate()
    term = _term_ending_around(world, add_months(today, 1))
    dismiss(term.appointment, today)
    notices_generate(today=today)
    assert not Notice.objects.filter(kind="tenure.term_reminder").exists()


def test_a_reminder_long_past_when_its_term_is_computed_is_not_written(world, policy):
    # given an appointment recorded today that began fourteen years ago (its terms run on to the present one)
    appointment = appoint(person(world, "甲"), principal_post(world), D(timezone.localdate().year - 14, 3, 1))
    # then only the reminders from a month ago on exist: those of the present term
    rows = TermReminder.objects.filter(term__appointment=appointment)
    earliest = timezone.localdate() - datetime.timedelta(days=31)
    assert rows.exists()
    assert min(r.fires_on for r in rows) >= earliest


def test_the_placement_falls_due_at_the_end_and_is_escalated_to_the_committee(world):
    # given a term that ended a month ago, the appointment running on, nobody deciding the placement
    today = timezone.localdate()
    term = _term_ending_around(world, today - 30 * DAY)
    assert today - 33 * DAY <= term.ends_on <= today - 27 * DAY
    # when the scan runs twice
    notices_generate(today=today)
    notices_generate(today=today)
    # then HR of the unit was told it fell due, and the committee that it is overdue — once each
    told = Notice.objects.filter(kind="tenure.placement", subject_id=str(term.pk))
    assert sorted(told.values_list("occurrence", "recipient__username")) == [("due", "hr"), ("escalation", "committee")]
