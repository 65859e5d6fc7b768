"""The demo organization shows something on each analytics page: one planted lenient rater, flagged alone in every
quarter; the year before, one group whose station heads score above its office heads, found significant."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.demo import EARLIER_GROUP, _panel
from org.models import Organization


@pytest.fixture
def demo(db, settings):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo", year=2025)
    client = Client()
    client.force_login(get_user_model().objects.get(username="hr"))
    return Organization.objects.get(code="demo"), client


def test_the_demo_flags_its_lenient_rater_and_finds_its_subgroup_shift(demo):
    organization, client = demo
    lenient = _panel(organization)[0]

    response = client.get(reverse("analytics:leniency"), {"year": 2025})
    report = response.context["report"]
    quarters = {r.period_kind for r in report.raters if r.period_kind.startswith("Q")}
    assert quarters == {"Q1", "Q2", "Q3", "Q4"}
    assert {(r.period_kind, r.rater.pk) for r in report.flagged} == {(q, lenient.pk) for q in quarters}
    # the year before is computed: its advisory composites stand beside the official ones, for all 32 heads
    earlier = client.get(reverse("analytics:leniency"), {"year": 2024}).context["report"]
    assert earlier.has_results and len(earlier.composites) == 32
    assert {r.rater.pk for r in earlier.flagged} == {lenient.pk}

    response = client.get(reverse("analytics:fairness"), {"year": 2024})
    [group] = response.context["report"].groups
    assert group.group_name == EARLIER_GROUP
    assert group.comparison.significant and group.comparison.highest.label == "市场监管所"
    assert group.verdict.startswith("市场监管所组中位数比机关科室组高 ")
    # this year the two kinds are ranked apart: nothing to compare inside either group
    response = client.get(reverse("analytics:fairness"), {"year": 2025})
    assert all(g.comparison.single for g in response.context["report"].groups)
