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
    return Scheme.objects.get(organization__code=DEMO_ORG_CODE, status=Scheme.Status.CURRENT, year=request.param)


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
    # A year gone by has every point and veto decided.
    # Eight approved, one of which the demo's error-tolerance case has since exempted (the demo's current year).
    assert PointEntry.objects.filter(year=2025, status=ApprovalStatus.APPROVED).count() == 7
    assert PointEntry.objects.filter(year=2025, status=ApprovalStatus.REVOKED).count() == 1
    assert not PointEntry.objects.filter(year=2025, status=ApprovalStatus.PENDING).exists()
    assert VetoEntry.objects.filter(year=2025, status=ApprovalStatus.APPROVED).count() == 1
    assert not VetoEntry.objects.filter(year=2025, status=ApprovalStatus.PENDING).exists()


@pytest.mark.parametrize("demo_year", [2025], indirect=True)
def test_the_year_before_is_scored_with_its_heads_in_one_group(demo_year):
    from org.models import AssessmentGroup

    earlier = Scheme.objects.get(organization__code=DEMO_ORG_CODE, year=2024)
    assert set(earlier.periods.values_list("status", flat=True)) == {Period.Status.CLOSED}
    # The year before ranked all 32 heads together; this year's scheme ranks stations and offices apart.
    sizes = sorted(g.memberships.count() for g in AssessmentGroup.objects.filter(year=2024))
    assert sizes == [32]
    assert Score.objects.filter(scheme=earlier).count() == Score.objects.filter(scheme=demo_year).count()


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


@pytest.mark.parametrize("demo_year", [2025], indirect=True)
def test_the_year_before_is_published_and_its_cadres_see_their_results(demo_year, client):
    from assessments.models import Publication, Result
    from assessments.selectors.final import run_final_results as final_results

    publication = Publication.objects.get(organization__code=DEMO_ORG_CODE, year=2024)
    assert publication.state == Publication.State.PUBLISHED and publication.published_on.year == 2025
    finals = list(final_results(publication.run))
    assert len(finals) == 32
    # Ties were settled, so every member has a final grade, and the bottom set holds its 10% (3 of 32).
    assert all(grade for _, grade, _ in finals)
    assert sorted(
        sum(1 for r, _, bottom in finals if bottom and r.group_id == g) for g in {r.group_id for r, _, _ in finals}
    ) == [3]
    assert Result.objects.filter(run=publication.run, vetoed=True).count() == 1
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="ganbu"))
    body = client.get("/assessments/my-results/").content.decode()
    assert "2024" in body and "第" in body
