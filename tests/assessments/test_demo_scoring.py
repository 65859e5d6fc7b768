import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import ApprovalStatus, Period, PointEntry, RaterAssignment, Scheme, Score, VetoEntry
from org.demo import DEMO_ORG_CODE


@pytest.fixture
def demo_year(db, settings, request):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo", year=request.param)
    return Scheme.objects.get(organization__code=DEMO_ORG_CODE, status=Scheme.Status.CURRENT)


@pytest.mark.parametrize("demo_year", [2025], indirect=True)
def test_a_past_year_is_fully_scored_and_closed(demo_year):
    scheme = demo_year
    assert scheme.year == 2025 and scheme.components.count() == 4
    assert set(scheme.periods.values_list("status", flat=True)) == {Period.Status.CLOSED}
    # Every assigned cell of every period it applies to has its score.
    expected = sum(
        len(a.component.period_kinds) for a in RaterAssignment.objects.filter(scheme=scheme).select_related("component")
    )
    assert Score.objects.filter(scheme=scheme).count() == expected > 1000
    assert PointEntry.objects.filter(status=ApprovalStatus.APPROVED).count() == 7
    assert PointEntry.objects.filter(status=ApprovalStatus.PENDING).count() == 1
    assert VetoEntry.objects.filter(status=ApprovalStatus.APPROVED).count() == 1
    assert VetoEntry.objects.filter(status=ApprovalStatus.PENDING).count() == 1


@pytest.mark.parametrize("demo_year", [timezone.localdate().year], indirect=True)
def test_the_current_year_has_its_running_period_open_and_half_scored(demo_year):
    scheme = demo_year
    today = timezone.localdate()
    for period in scheme.periods.all():
        if period.end_date < today:
            assert period.status == Period.Status.CLOSED
        elif period.start_date <= today:
            assert period.status == Period.Status.OPEN
            raters = set(Score.objects.filter(period=period).values_list("rater__user__username", flat=True))
            assert raters <= {"pingyi"}
        else:
            assert period.status == Period.Status.PENDING
    assert today >= datetime.date(scheme.year, 1, 1)
