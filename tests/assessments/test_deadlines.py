import datetime

import pytest

from assessments.models import Period
from assessments.services import period_close, period_open, score_save
from common.errors import ApplicationError
from notices.models import Notice
from notices.services import notices_generate
from org.models import RoleAssignment
from org.services import role_assign
from tests.factories import UserFactory

CODE = "assessments.scoring"


@pytest.fixture
def q2(scoring, world, settings):
    # Given Q2 of 2025 open with its due date on Friday 2025-07-11 (set directly: the service refuses past dates).
    period = period_open(period=scoring.scheme.periods.get(kind=Period.Kind.Q2))
    Period.objects.filter(pk=period.pk).update(due_date=datetime.date(2025, 7, 11))
    period.refresh_from_db()
    return period


def _fill(scoring, world, period, ratees):
    for ratee in ratees:
        score_save(
            period=period,
            component=scoring.components["quarterly_review"],
            rater=scoring.rater,
            ratee=ratee,
            value="80",
            expected_revision=0,
        )


@pytest.mark.usefixtures("q2")
def test_raters_who_owe_scores_are_reminded_three_working_days_before(scoring, world):
    notices_generate(today=datetime.date(2025, 7, 8))
    reminded = Notice.objects.filter(kind=CODE)
    assert [n.recipient for n in reminded] == [scoring.rater_user]
    assert "第二季度" in reminded.get().title


def test_a_rater_who_has_finished_is_not_reminded_and_hr_is_not_told(scoring, world, q2):
    _fill(scoring, world, q2, [world.cadre, world.other_cadre])
    notices_generate(today=datetime.date(2025, 7, 15))
    assert not Notice.objects.filter(kind=CODE).exists()


def test_after_the_due_date_the_organization_hr_is_told(scoring, world, q2):
    org_hr = UserFactory(username="org_hr")
    role_assign(user=org_hr, role=RoleAssignment.Role.HR, organization=world.org)
    _fill(scoring, world, q2, [world.cadre])
    notices_generate(today=datetime.date(2025, 7, 14))
    escalated = Notice.objects.filter(kind=CODE, occurrence="escalation")
    # Subtree HR users are not the ones who chase raters across the organization.
    assert [n.recipient for n in escalated] == [org_hr]


def test_a_closed_period_reminds_nobody(scoring, world, q2):
    period_close(period=q2)
    notices_generate(today=datetime.date(2025, 7, 11))
    assert not Notice.objects.filter(kind=CODE).exists()


def test_a_due_date_in_the_past_is_refused(scoring, world):
    period = scoring.scheme.periods.get(kind=Period.Kind.Q3)
    with pytest.raises(ApplicationError, match="不能早于今天"):
        period_open(period=period, due_date=datetime.date(2020, 1, 1))
    period.refresh_from_db()
    assert period.status == Period.Status.PENDING


def test_opening_with_a_due_date_records_it_in_the_audit_log(scoring, world):
    from common.models import AuditLog

    due = datetime.date.today() + datetime.timedelta(days=10)
    period = period_open(
        period=scoring.scheme.periods.get(kind=Period.Kind.Q3), due_date=due, actor=world.users["admin"]
    )
    assert period.due_date == due
    row = AuditLog.objects.filter(action="assessments.period.open", subject_id=str(period.pk)).get()
    assert row.after["due_date"] == due.isoformat() and row.before["status"] == "pending"
