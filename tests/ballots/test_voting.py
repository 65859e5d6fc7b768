"""Casting a ballot: once per code, only in the window, only on a whole and valid form, within the per-ballot cap. A
refused vote writes nothing."""

import datetime

import pytest
from django.utils import timezone

from ballots.models import BallotCode, Evaluation, PendingBallot
from ballots.services.codes import code_void
from ballots.services.voting import ballot_cast
from common.errors import ApplicationError
from tests.ballots.conftest import answers_for, cast, issue, make_evaluation
from tests.factories import CadreFactory


def _state():
    return (
        sorted(BallotCode.objects.values_list("serial", "state")),
        sorted(str(a) for a in PendingBallot.objects.values_list("answers", flat=True)),
    )


def test_a_code_votes_once(made, world):
    code = issue(made, world, size=1)[0]
    # given a ballot cast with the code
    cast(made, code, {"张三": "excellent", "王五": "competent"})
    assert PendingBallot.objects.count() == 1
    before = _state()
    # when the same code is sent again (typed differently)
    with pytest.raises(ApplicationError) as refused:
        cast(made, f" {code[:5].lower()}-{code[5:]} ", {"张三": "basic", "王五": "basic"})
    # then it is refused on the code field, and nothing changed
    assert refused.value.field_errors == {"code": ["该测评码已经使用过,每个测评码只能投票一次。"]}
    assert _state() == before


def test_a_voided_code_does_not_vote(made, world):
    code = issue(made, world, size=1)[0]
    code_void(evaluation=made.evaluation, actor=world.users["hr"], reason="遗失", code=code)
    with pytest.raises(ApplicationError, match="已作废"):
        cast(made, code, {"张三": "competent", "王五": "competent"})
    assert not PendingBallot.objects.exists()


def test_no_vote_outside_the_window(made, world):
    code = issue(made, world, size=1)[0]
    now = timezone.now()
    # after the closing time (not yet sealed)
    Evaluation.objects.filter(pk=made.evaluation.pk).update(closes_at=now - datetime.timedelta(seconds=1))
    made.refresh()
    with pytest.raises(ApplicationError, match="已于.*截止"):
        cast(made, code, {"张三": "competent", "王五": "competent"})
    # before the opening time
    Evaluation.objects.filter(pk=made.evaluation.pk).update(
        opens_at=now + datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1)
    )
    made.refresh()
    with pytest.raises(ApplicationError, match="尚未开始"):
        cast(made, code, {"张三": "competent", "王五": "competent"})
    assert not PendingBallot.objects.exists()
    assert BallotCode.objects.get().state == "issued"


def test_a_code_of_another_evaluation_is_unknown_here(made, world):
    other = make_evaluation(world, title="另一次测评")
    code = issue(other, world, size=1)[0]
    with pytest.raises(ApplicationError, match="测评码不正确"):
        cast(made, code, {"张三": "competent", "王五": "competent"})
    assert BallotCode.objects.get().state == "issued"


def test_a_mistyped_code_is_told_what_a_code_looks_like(made, world):
    with pytest.raises(ApplicationError, match="10位"):
        ballot_cast(evaluation=made.evaluation, code="O0O0-1I1I", answers={})
    with pytest.raises(ApplicationError, match="请输入测评码"):
        ballot_cast(evaluation=made.evaluation, code="  ", answers={})


def test_every_subject_must_be_rated_on_every_item(made, world):
    code = issue(made, world, size=1)[0]
    item = made.items[0]
    with pytest.raises(ApplicationError) as refused:
        ballot_cast(evaluation=made.evaluation, code=code, answers={made.subjects["张三"].pk: {item.pk: "excellent"}})
    assert refused.value.field_errors == {f"a-{made.subjects['王五'].pk}-{item.pk}": ["请评价。"]}
    assert "未评价" in refused.value.message
    assert BallotCode.objects.get().state == "issued" and not PendingBallot.objects.exists()


def test_an_answer_off_the_scale_is_refused(world):
    made = make_evaluation(world, items=(("总体评价", "grade4"), ("满意度", "score100")))
    code = issue(made, world, size=1)[0]
    overall, score = made.items
    answers = {
        made.subjects["张三"].pk: {overall.pk: "good", score.pk: "101"},
        made.subjects["王五"].pk: {overall.pk: "competent", score.pk: "75"},
    }
    with pytest.raises(ApplicationError) as refused:
        ballot_cast(evaluation=made.evaluation, code=code, answers=answers)
    zhang = made.subjects["张三"].pk
    assert refused.value.field_errors == {
        f"a-{zhang}-{overall.pk}": ["请选择一个等次。"],  # 好 is the teams' scale
        f"a-{zhang}-{score.pk}": ["请填写0到100的整数。"],
    }
    # and the same ballot with good answers is taken, the score as a number
    answers[zhang] = {overall.pk: "excellent", score.pk: "100"}
    ballot_cast(evaluation=made.evaluation, code=code, answers=answers)
    stored = PendingBallot.objects.get().answers
    assert stored[str(zhang)] == {str(overall.pk): "excellent", str(score.pk): 100}


def test_the_cap_on_top_grades_is_enforced_with_a_clear_message(world):
    # given ten cadres and a cap of 20% 优秀 per ballot: two per item
    extra = [CadreFactory(organization=world.org, unit=world.unit_a, name=f"干部{i}") for i in range(8)]
    made = make_evaluation(
        world,
        subjects=[world.cadre, *extra, CadreFactory(organization=world.org, unit=world.unit_a)],
        top_cap_percent=20,
    )
    code = issue(made, world, size=1)[0]
    names = list(made.subjects)
    three_top = {name: ("excellent" if i < 3 else "competent") for i, name in enumerate(names)}
    # when a ballot gives three 优秀
    with pytest.raises(ApplicationError) as refused:
        cast(made, code, three_top)
    # then it is refused as a whole, saying how many are allowed and how many were given
    assert refused.value.message == "“总体评价”一项最多可评2个“优秀”(不超过20%),您评了3个,请调整后再提交。"
    assert not PendingBallot.objects.exists() and BallotCode.objects.get().state == "issued"
    # and two are taken
    cast(made, code, {name: ("excellent" if i < 2 else "competent") for i, name in enumerate(names)})
    assert PendingBallot.objects.count() == 1


def test_the_answers_are_kept_by_subject_and_item_and_nothing_else(made, world):
    code = issue(made, world, size=1)[0]
    cast(made, code, {"张三": "excellent", "王五": "basic"})
    pending = PendingBallot.objects.get()
    assert pending.answers == {
        str(k): {str(i): v for i, v in row.items()}
        for k, row in answers_for(made, {"张三": "excellent", "王五": "basic"}).items()
    }
    assert pending.category_id == made.categories["中层干部"].pk
