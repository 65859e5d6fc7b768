"""The seal and its verification: the chain over the sealed ballots, the counts and results stored at the close,
and `verify_ballots`, which recounts and detects every kind of tampering."""

import hashlib
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command

from ballots import chain
from ballots.models import Ballot, SubjectResult, Tally
from ballots.selectors.results import tally_verify
from tests.ballots.conftest import closed_evaluation


@pytest.fixture
def sealed(world):
    return closed_evaluation(world)


def _verify(made, head=None):
    return tally_verify(evaluation=made.evaluation, expected_head=head)


def test_the_seal_stores_the_head_the_counts_and_the_results(sealed):
    evaluation = sealed.evaluation
    tally = Tally.objects.get(evaluation=evaluation)
    ballots = list(Ballot.objects.filter(evaluation=evaluation))
    # the head is the chain over the ballots' digests in digest order, from the evaluation's own start
    link = chain.genesis(evaluation.public_key)
    for digest in sorted(b.digest for b in ballots):
        link = hashlib.sha256((link + digest).encode()).hexdigest()
    assert tally.head == link
    # each digest is the SHA-256 of the canonical ballot
    for b in ballots:
        text = chain.canonical(evaluation_key=evaluation.public_key, category_id=b.category_id, answers=b.answers)
        assert b.digest == hashlib.sha256(text).hexdigest()
        assert text.startswith(b'{"a":[[')
    middle, staff = sealed.categories["中层干部"].pk, sealed.categories["职工代表"].pk
    assert tally.ballot_count == 4
    assert tally.counts == {str(sealed.categories["班子成员"].pk): 0, str(middle): 3, str(staff): 1}
    # 张三: 中层干部 (100+100+80)/3 = 93.33; 职工代表 withheld (1 < 2); 班子成员 none
    zhang = SubjectResult.objects.get(subject=sealed.subjects["张三"])
    assert zhang.score == Decimal("93.33") and zhang.rank == 1 and not zhang.complete
    assert zhang.category_means == {str(sealed.categories["班子成员"].pk): None, str(middle): "93.33", str(staff): None}
    assert zhang.distribution == {str(sealed.items[0].pk): {"excellent": 2, "competent": 1}}
    assert tally.results_digest == chain.results_digest(tally.results)


def test_an_untouched_tally_verifies(sealed):
    result = _verify(sealed, head=Tally.objects.get().head.upper())
    assert result.ok, result.problems
    assert result.ballots == 4


def test_an_added_ballot_is_detected(sealed):
    evaluation = sealed.evaluation
    answers = {str(s.pk): {str(sealed.items[0].pk): "excellent"} for s in sealed.subjects.values()}
    category = sealed.categories["中层干部"].pk
    # a ballot slipped in with a digest of its own that is right for what it says
    Ballot.objects.create(
        id=uuid.uuid4(),
        evaluation=evaluation,
        category_id=category,
        answers=answers,
        digest=chain.digest(evaluation_key=evaluation.public_key, category_id=category, answers=answers),
    )
    result = _verify(sealed)
    assert not result.ok
    assert any("末端值" in p for p in result.problems)
    assert any("选票张数为5,计票时为4" in p for p in result.problems)


def test_a_removed_ballot_is_detected(sealed):
    Ballot.objects.filter(pk=Ballot.objects.first().pk).delete()
    result = _verify(sealed)
    assert not result.ok
    assert any("末端值" in p for p in result.problems)


def test_a_changed_ballot_is_detected(sealed):
    ballot = Ballot.objects.filter(category=sealed.categories["中层干部"]).first()
    ballot.answers[str(sealed.subjects["王五"].pk)][str(sealed.items[0].pk)] = "incompetent"
    Ballot.objects.filter(pk=ballot.pk).update(answers=ballot.answers)
    result = _verify(sealed)
    assert any("内容与其摘要不符" in p for p in result.problems)
    assert any("末端值" in p for p in result.problems)
    assert any("重新计算的测评结果" in p for p in result.problems)


def test_a_changed_ballot_with_a_matching_digest_is_still_detected(sealed):
    evaluation = sealed.evaluation
    ballot = Ballot.objects.filter(category=sealed.categories["中层干部"]).first()
    ballot.answers[str(sealed.subjects["王五"].pk)][str(sealed.items[0].pk)] = "incompetent"
    digest = chain.digest(evaluation_key=evaluation.public_key, category_id=ballot.category_id, answers=ballot.answers)
    Ballot.objects.filter(pk=ballot.pk).update(answers=ballot.answers, digest=digest)
    result = _verify(sealed)
    assert not any("内容与其摘要不符" in p for p in result.problems)
    assert any("末端值" in p for p in result.problems)


def test_a_ballot_moved_to_another_category_is_detected(sealed):
    ballot = Ballot.objects.filter(category=sealed.categories["职工代表"]).get()
    Ballot.objects.filter(pk=ballot.pk).update(category=sealed.categories["中层干部"])
    assert any("内容与其摘要不符" in p for p in _verify(sealed).problems)


def test_changed_results_are_detected(sealed):
    SubjectResult.objects.filter(subject=sealed.subjects["王五"]).update(score=Decimal("99.00"))
    result = _verify(sealed)
    assert result.problems == ["结果表中的得分或排名与重新计算的不一致。"]


def test_a_rewritten_record_is_caught_by_the_head_on_the_printed_sheet(sealed):
    printed = Tally.objects.get().head
    # someone changes a ballot and rewrites its digest and the stored head to match
    evaluation = sealed.evaluation
    ballot = Ballot.objects.filter(category=sealed.categories["中层干部"]).first()
    ballot.answers[str(sealed.subjects["王五"].pk)][str(sealed.items[0].pk)] = "excellent"
    digest = chain.digest(evaluation_key=evaluation.public_key, category_id=ballot.category_id, answers=ballot.answers)
    Ballot.objects.filter(pk=ballot.pk).update(answers=ballot.answers, digest=digest)
    new_head = chain.head(Ballot.objects.values_list("digest", flat=True), evaluation_key=evaluation.public_key)
    Tally.objects.update(head=new_head)
    # the chain agrees with the rewritten record …
    assert not any("末端值" in p for p in _verify(sealed).problems)
    # … but not with the head printed on the result sheet
    assert "计票时记录的末端值与结果单上印制的不一致(计票记录被改动)。" in _verify(sealed, head=printed).problems


def test_the_command_says_whether_the_tally_matches(sealed, capsys):
    head = Tally.objects.get().head
    call_command("verify_ballots", evaluation=sealed.evaluation.pk, head=head)
    out = capsys.readouterr().out
    assert "一致:选票、哈希链和测评结果均与计票时相同。" in out and head in out
    Ballot.objects.first().delete()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_ballots", evaluation=sealed.evaluation.pk)
    assert exit_code.value.code == 1
    assert "不一致" in capsys.readouterr().out


def test_the_command_refuses_an_evaluation_not_sealed(made):
    result = tally_verify(evaluation=made.evaluation)
    assert result.problems == ["该测评尚未结束计票。"]
