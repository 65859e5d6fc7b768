"""The 民意测评 of a tenure round taken from the closed 民主测评 of its year: offered only once an evaluation has
closed and scored the round's cadres, written with the source "民主测评" and audited, the rest left for the import;
the same from the page and the API."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ballots.selectors.feed import cadre_scores
from ballots.services.evaluations import evaluation_close
from common.errors import ApplicationError
from common.models import AuditLog
from tenure.models import TermEvaluation
from tenure.services.democratic import democratic_from_ballots, democratic_take_from_ballots
from tests.ballots.conftest import cast, issue, make_evaluation
from tests.tenure.test_evaluations import opened  # noqa: F401  (the fixture)


def _ballots_of(world, people, *, close: bool):
    jia, yi = people
    made = make_evaluation(world, subjects=[jia, yi], min_ballots=1, title="2025年度所长民主测评")
    codes = issue(made, world, category="中层干部", size=2)
    cast(made, codes[0], {"甲": "excellent", "乙": "competent"})
    cast(made, codes[1], {"甲": "competent", "乙": "basic"})
    if close:
        evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    return made


@pytest.mark.django_db
def test_nothing_is_offered_while_the_evaluation_is_open(opened, world):  # noqa: F811
    round_, people, _ = opened
    _ballots_of(world, people, close=False)
    assert democratic_from_ballots(round_=round_) is None
    with pytest.raises(ApplicationError) as refused:
        democratic_take_from_ballots(round_=round_, actor=world.users["admin"])
    assert "导入" in refused.value.message
    assert not TermEvaluation.objects.filter(round=round_, democratic__isnull=False).exists()


@pytest.mark.django_db
def test_the_closed_evaluation_scores_are_taken_with_their_source(opened, world):  # noqa: F811
    round_, (jia, yi), _ = opened
    _ballots_of(world, (jia, yi), close=True)
    fed = {cadre_id: rows[0].score for cadre_id, rows in cadre_scores(cadre_ids=[jia.pk, yi.pk], year=2025).items()}

    offer = democratic_from_ballots(round_=round_)
    rows = {e.cadre_id: e for e in TermEvaluation.objects.filter(round=round_)}
    assert offer.scores == {rows[jia.pk].pk: fed[jia.pk], rows[yi.pk].pk: fed[yi.pk]}
    assert offer.titles == ("2025年度所长民主测评",) and offer.rows == 3  # 李四 is in the round, not in the ballots

    # HR of one subtree does not run the organization's round
    with pytest.raises(ApplicationError):
        democratic_take_from_ballots(round_=round_, actor=world.users["hr"])
    assert democratic_take_from_ballots(round_=round_, actor=world.users["admin"]) == 2
    after = {e.cadre_id: e for e in TermEvaluation.objects.filter(round=round_)}
    assert (after[jia.pk].democratic, after[jia.pk].democratic_source) == (fed[jia.pk], "ballots")
    assert after[world.other_cadre.pk].democratic is None
    logged = AuditLog.objects.filter(action="tenure.evaluation.democratic").order_by("id")
    assert logged.count() == 2 and "2025年度所长民主测评" in logged.first().reason
    # Taken twice, nothing changes
    assert democratic_take_from_ballots(round_=round_, actor=world.users["admin"]) == 0


@pytest.mark.django_db
def test_the_page_and_the_api_offer_and_take_the_scores(opened, world):  # noqa: F811
    round_, people, _ = opened
    _ballots_of(world, people, close=True)
    admin = world.users["admin"]
    url = reverse("tenure:round_democratic", kwargs={"pk": round_.pk})
    page = Client()
    page.force_login(admin)
    body = page.get(url).content.decode()
    assert "2025年度所长民主测评" in body and "3 人中 2 人" in body and "取用民主测评得分" in body
    response = page.post(url, {"source": "ballots"})
    assert response.status_code == 302
    assert TermEvaluation.objects.filter(round=round_, democratic_source="ballots").count() == 2

    api = APIClient()
    api.force_authenticate(admin)
    endpoint = reverse("tenure_api:round-democratic", kwargs={"pk": round_.pk})
    refused = api.post(endpoint, {"source": "paper"}, format="json")
    assert refused.status_code == 400 and "source" in refused.json()["errors"]
    assert api.post(endpoint, {"source": "ballots"}, format="json").json() == {"changed": 0}
