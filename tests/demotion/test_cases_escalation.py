"""No application by the deadline: the case is escalated for organizational adjustment once, HR over the cadre and the
committee told once (沂源县市场监管局“主动让贤”制; each deadline's notices once); the reminders before the deadline; the periodic sweep."""

import datetime
from unittest import mock

import pytest

from common.models import AuditLog
from common.workdays import subtract_working_days
from demotion import cases_opening
from demotion.models import StepDownCase
from demotion.services.cases import stepdown_case_apply, stepdown_cases_escalate, stepdown_cases_open
from demotion.tasks.cases import stepdown_open, stepdown_sweep
from notices.models import Notice
from notices.services import notices_generate
from tests.demotion.conftest import make_published_year

PUBLISHED_ON = datetime.date(2025, 1, 24)
DEADLINE = datetime.date(2025, 2, 5)


@pytest.fixture
def opened(world):
    published = make_published_year(world, published_on=PUBLISHED_ON)
    stepdown_cases_open(publication_id=published.publication.pk)
    return {c.cadre.name: c for c in StepDownCase.objects.select_related("cadre")}


def escalation_rows() -> tuple:
    return (
        sorted(StepDownCase.objects.values_list("pk", "state", "escalated_at")),
        sorted(AuditLog.objects.filter(action="demotion.stepdown.escalate").values_list("subject_id", flat=True)),
        sorted(Notice.objects.filter(occurrence="escalated").values_list("subject_id", "recipient__username")),
    )


def test_not_on_the_last_day_but_the_day_after(opened):
    assert stepdown_cases_escalate(today=DEADLINE) == 0
    assert stepdown_cases_escalate(today=DEADLINE + datetime.timedelta(days=1)) == 2
    assert set(StepDownCase.objects.values_list("state", flat=True)) == {"escalated"}


def test_escalation_happens_once_and_tells_hr_over_the_cadre_and_the_committee(opened, world):
    day_after = DEADLINE + datetime.timedelta(days=1)
    stepdown_cases_escalate(today=day_after)
    first = escalation_rows()
    zhang = StepDownCase.objects.get(cadre=world.cadre)
    assert zhang.state == "escalated" and zhang.escalated_at is not None
    row = AuditLog.objects.get(action="demotion.stepdown.escalate", subject_id=str(zhang.pk))
    assert row.actor is None and row.before["state"] == "notified" and row.after["state"] == "escalated"
    assert row.reason == "申请期限已于2025年2月5日(星期三)截止,逾期未提交主动让贤申请,转组织调整。"
    told = {u for s, u in first[2] if s == str(zhang.pk)}
    assert told == {"hr", "committee"}  # 城关所's HR does not hear of 综合科's cadre
    told_li = {u for s, u in first[2] if s == str(opened["李四"].pk)}
    assert told_li == {"hr_other", "committee"}

    # Running again (beat's next sweep, a redelivery) changes nothing
    assert stepdown_cases_escalate(today=day_after + datetime.timedelta(days=5)) == 0
    assert escalation_rows() == first


def test_an_application_in_time_is_not_escalated(opened, world):
    stepdown_case_apply(case=opened["张三"], actor=world.users["cadre"], text="申请", today=DEADLINE)
    assert stepdown_cases_escalate(today=DEADLINE + datetime.timedelta(days=1)) == 1
    assert StepDownCase.objects.get(cadre=world.cadre).state == "applied"


def test_a_sweep_that_dies_half_way_leaves_the_rest_whole(opened, world):
    # Given the notices for the second case fail (the process dies there)
    real = cases_opening.notices_announce
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")
        return real(**kwargs)

    day_after = DEADLINE + datetime.timedelta(days=1)
    with mock.patch.object(cases_opening, "notices_announce", dying), pytest.raises(SystemExit):
        stepdown_cases_escalate(today=day_after)
    # Then the first case is escalated with its row and notices, the second not at all
    states = dict(StepDownCase.objects.values_list("cadre__name", "state"))
    assert sorted(states.values()) == ["escalated", "notified"]
    assert AuditLog.objects.filter(action="demotion.stepdown.escalate").count() == 1

    # When the sweep runs again, each case is escalated exactly once, each with one row and one notice a person
    assert stepdown_cases_escalate(today=day_after) == 1
    rows = escalation_rows()
    assert {s for _pk, s, _at in rows[0]} == {"escalated"}
    assert len(rows[1]) == len(set(rows[1])) == 2
    assert len(rows[2]) == len(set(rows[2])) == 4


def test_the_cadre_is_reminded_the_day_before_and_on_the_day(opened, world):
    notices_generate(today=subtract_working_days(DEADLINE, 1))
    reminders = Notice.objects.filter(kind="demotion.stepdown_application")
    assert set(reminders.values_list("recipient__username", "occurrence")) == {
        ("cadre", "before:1"),
        ("other_cadre", "before:1"),
    }
    stepdown_case_apply(case=opened["张三"], actor=world.users["cadre"], text="申请", today=DEADLINE)
    notices_generate(today=DEADLINE)
    # 张三 applied: no more reminders for him; 李四 is told it is the last day; nobody is "escalated" by the scanner
    assert set(reminders.values_list("recipient__username", "occurrence")) == {
        ("cadre", "before:1"),
        ("other_cadre", "before:1"),
        ("other_cadre", "due"),
    }
    assert "2025年2月5日(星期三)" in reminders.get(occurrence="due").body


def test_the_tasks_open_and_sweep(world):
    published = make_published_year(world, published_on=PUBLISHED_ON)
    assert stepdown_open.delay(published.publication.pk).get()["opened"] == 2
    # The sweep's safety net finds nothing more to open; today is long after the deadline, so both escalate
    assert stepdown_sweep.delay().get() == {"opened": 0, "escalated": 2}
    assert stepdown_sweep.delay().get() == {"opened": 0, "escalated": 0}


def test_the_sweep_opens_recent_years_only(world):
    """A year published long ago is not opened by the safety net (its deadlines would be long past and escalate at
    once); one published within the window is."""
    from assessments.models import Publication

    old = make_published_year(world, published_on=PUBLISHED_ON)
    Publication.objects.filter(pk=old.publication.pk).update(
        updated_at=datetime.datetime(2025, 1, 24, tzinfo=datetime.UTC)
    )
    assert stepdown_sweep.delay().get() == {"opened": 0, "escalated": 0}
    assert not StepDownCase.objects.exists()

    today = PUBLISHED_ON + datetime.timedelta(days=cases_opening.SWEEP_DAYS)
    assert cases_opening.published_publications(today=today) == [old.publication.pk]
    assert cases_opening.published_publications(today=today + datetime.timedelta(days=1)) == []
