"""The demo's step-down cases: the year before the demo year, published in January, brought to a realistic mix."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Publication
from common.models import AuditLog
from demotion.models import StepDownCase
from org.demo import DEMO_ORG_CODE
from org.models import Appointment


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    with django_capture_on_commit_callbacks(execute=True):  # the publication's listener runs, as it would
        call_command("load_demo")
    return timezone.localdate().year - 1


def test_the_demo_year_before_has_its_cases_in_a_realistic_mix(demo):
    year = demo
    publication = Publication.objects.get(organization__code=DEMO_ORG_CODE, year=year)
    cases = list(
        StepDownCase.objects.filter(year=year)
        .select_related("cadre", "appointment")
        .order_by("group_name", "rank", "pk")
    )
    assert len(cases) >= 3
    assert all(c.publication == publication and c.published_on == publication.published_on for c in cases)
    states = [c.state for c in cases]
    assert states[0] == "executed" and states[1] == "applied"
    assert set(states[2:]) == {"escalated"}
    executed = cases[0]
    assert executed.new_assignment and not executed.paper_application
    assert executed.cadre.user is not None and executed.applied_by == executed.cadre.user  # applied online
    assert Appointment.objects.get(pk=executed.appointment_id).end_reason == Appointment.EndReason.STEP_DOWN
    assert cases[1].paper_application
    # Once each: the listener after the demo's commit opened nothing more
    assert AuditLog.objects.filter(action="demotion.stepdown.open").count() == len(cases)
    assert AuditLog.objects.filter(action="demotion.stepdown.escalate").count() == len(cases) - 2
