"""The public vote page: anonymous, CSRF-protected, never cached, no session; the code travels in POST bodies only."""

import datetime

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ballots import codes as code_rules
from ballots.models import BallotCode, Evaluation, PendingBallot
from tests.ballots.conftest import issue, make_evaluation


def _urls(made):
    key = made.evaluation.public_key
    return reverse("ballots:vote", kwargs={"key": key}), reverse("ballots:vote_submit", kwargs={"key": key})


def _ballot(made, code, grades) -> dict:
    data = {"code": code}
    for name, grade in grades.items():
        for item in made.items:
            data[f"a-{made.subjects[name].pk}-{item.pk}"] = grade
    return data


def test_a_rater_votes_without_an_account(made, world):
    code = issue(made, world, size=1)[0]
    page, submit = _urls(made)
    client = Client(enforce_csrf_checks=True)
    # the page, with nothing kept by the browser or the server
    first = client.get(page)
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    assert "测评码" in first.content.decode() and "ballots-vote.js" in first.content.decode()
    token = client.cookies["csrftoken"].value
    # the code, typed as on the slip: the form comes back with every cadre and the rater's category
    form = client.post(page, {"code": code_rules.display(code).lower(), "csrfmiddlewaretoken": token})
    body = form.content.decode()
    assert form.status_code == 200 and "张三" in body and "王五" in body and "参评身份:中层干部" in body
    assert f'value="{code}"' in body  # carried in the form, not the address
    # the ballot
    done = client.post(
        submit, {**_ballot(made, code, {"张三": "excellent", "王五": "competent"}), "csrfmiddlewaretoken": token}
    )
    assert done.status_code == 200 and "投票成功" in done.content.decode()
    assert PendingBallot.objects.count() == 1 and BallotCode.objects.get().state == "used"
    assert not Session.objects.exists()
    # the same code again: refused on the code page, nothing more written
    again = client.post(
        submit, {**_ballot(made, code, {"张三": "basic", "王五": "basic"}), "csrfmiddlewaretoken": token}
    )
    assert "该测评码已经使用过" in again.content.decode() and PendingBallot.objects.count() == 1


def test_csrf_is_on(made, world):
    code = issue(made, world, size=1)[0]
    _page, submit = _urls(made)
    response = Client(enforce_csrf_checks=True).post(
        submit, _ballot(made, code, {"张三": "competent", "王五": "competent"})
    )
    assert response.status_code == 403
    assert BallotCode.objects.get().state == "issued"


def test_a_wrong_code_is_told_on_the_page(made, world):
    page, _submit = _urls(made)
    response = Client().post(page, {"code": "ABCDE-FGHJK"})
    assert "测评码不正确,请核对后重新输入。" in response.content.decode()
    response = Client().post(page, {"code": "12345"})
    assert "测评码为10位" in response.content.decode()


def test_a_missing_answer_keeps_what_was_given(made, world):
    code = issue(made, world, size=1)[0]
    _page, submit = _urls(made)
    data = _ballot(made, code, {"张三": "excellent"})
    response = Client().post(submit, data)
    body = response.content.decode()
    assert "还有未评价的项目" in body and "请评价。" in body
    assert 'value="excellent" autocomplete="off" checked' in body
    assert not PendingBallot.objects.exists()


def test_the_page_of_a_closed_window_takes_nothing(made, world):
    Evaluation.objects.filter(pk=made.evaluation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page, _submit = _urls(made)
    body = Client().get(page).content.decode()
    assert "不再接受投票" in body and 'name="code"' not in body


def test_a_draft_has_no_page(world):
    made = make_evaluation(world, publish=False)
    page, _submit = _urls(made)
    assert Client().get(page).status_code == 404
    assert Client().get(reverse("ballots:vote", kwargs={"key": "not-a-key"})).status_code == 404
