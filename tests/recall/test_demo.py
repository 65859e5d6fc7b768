"""The demo's 回炉再造: a policy in force, one recall batch in progress with a red card from two yellow cards
proposed, a 基本称职 cadre in retraining who can sign in, and a failed evaluation in secondary assignment — so that
every role sees a populated page."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from org.demo import DEMO_ORG_CODE
from recall.models import Card, RecallBatch, RecallCase, RecallPolicy


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    from tests.recall.conftest import seed_categories

    seed_categories()  # the catalog's data migration, which tests do not run
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")


def test_the_demo_has_one_batch_in_progress(demo):
    (policy,) = RecallPolicy.objects.filter(organization__code=DEMO_ORG_CODE)
    (batch,) = RecallBatch.objects.filter(organization__code=DEMO_ORG_CODE)
    assert batch.state == "open" and policy.effective_from.month == 5
    cases = {c.category.source: c for c in RecallCase.objects.filter(batch=batch).select_related("category", "card")}
    # a red card made of two yellow cards, proposed and waiting for the party group
    red = cases["red_card"]
    assert red.state == "proposed" and red.card.source == Card.Source.TWO_YELLOWS and red.card.yellows.count() == 2
    assert red.card.deduction == policy.red_card_deduction
    # a 基本称职 cadre in frontline retraining, who can sign in
    graded = cases["grade"]
    assert (graded.state, graded.grade_label) == ("retraining", "基本称职") and graded.cadre.user_id
    assert graded.trainings.count() == 2 and graded.order_no
    # a competition loser who failed the evaluation, in a secondary assignment with its follow-up running
    loser = cases["competition"]
    assert (loser.state, loser.passed) == ("reassigned", False) and loser.follow_up_end > loser.reassigned_on


def test_each_role_sees_a_populated_page(demo):
    from django.contrib.auth import get_user_model

    def signed_in(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    assert "第一批召回" in signed_in("hr").get(reverse("recall:batch_list")).content.decode()
    committee = signed_in("dangzu").get(reverse("committee_home")).content.decode()
    assert 'id="panel-recall"' in committee
    cadre = RecallCase.objects.get(state="retraining").cadre
    page = signed_in(cadre.user.username).get(reverse("recall:my_cases")).content.decode()
    assert "一线回炉" in page
    today = timezone.localdate()
    months = f"?from={today.year - 1}-01&to={today.year + 1}-12"
    pay = signed_in("hr").get(reverse("recall:pay_report") + months).content.decode()
    assert "100.00" in pay and "30.00" in pay
