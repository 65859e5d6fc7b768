"""The demo bureau's commitment letters (demotion/demo_letters.py)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.models import AuditLog
from demotion.models import CommitmentLetter, StepDownPolicy
from demotion.selectors.letters import letter_status
from org.demo import DEMO_ORG_CODE
from org.models import Appointment, Organization, Post


@pytest.fixture
def demo(db, settings):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo", year=2025)
    return Organization.objects.get(code=DEMO_ORG_CODE)


def _login(username) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": "demo-Pass-1"}).status_code == 302
    return client


def test_the_demo_has_letters_in_every_state(demo):
    today = timezone.localdate()
    policy = StepDownPolicy.objects.get(organization=demo)
    middle = Appointment.objects.filter(
        post__unit__organization=demo, post__kind=Post.Kind.MIDDLE, end_date__isnull=True
    )
    letters = list(CommitmentLetter.objects.filter(organization=demo).select_related("appointment"))
    # every current middle-manager appointment from the policy's start has its letter
    assert {letter.appointment_id for letter in letters} >= set(
        middle.filter(start_date__gte=policy.letters_from).values_list("pk", flat=True)
    )
    codes = [letter_status(letter, today).code for letter in letters]
    assert codes.count("signed") > len(letters) // 2
    assert codes.count("signed_late") == 1
    assert codes.count("overdue") == 1
    assert codes.count("pending") >= 1
    # each signature has its audit row
    assert AuditLog.objects.filter(action="demotion.letter.sign").count() == len(letters) - codes.count(
        "overdue"
    ) - codes.count("pending")


def test_ganbu_sees_his_signed_letter_and_hr_the_list(demo):
    body = _login("ganbu").get(reverse("demotion:my_letters")).content.decode()
    assert "城关所所长" in body and "已签署" in body
    overdue = _login("hr").get(reverse("demotion:letter_list"), {"status": "overdue"})
    assert overdue.context["page"].paginator.count == 1
    assert "table-danger" in overdue.content.decode()
