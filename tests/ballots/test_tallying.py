"""The count on made-up ballots with known answers: category means first, then the weights; withholding below the
minimum; ranks; grade counts; rounding. Pure: no database."""

import random
from decimal import Decimal
from fractions import Fraction

from ballots.scales import DEFAULT_POINTS
from ballots.tallying import FormSpec, competition_ranks, round2, tally

LEADERS, MIDDLE, STAFF = 1, 2, 3
ZHANG, WANG = 10, 11
OVERALL, SCORE = 100, 101


def spec(*, min_ballots=2, items=((OVERALL, "grade4"),), weights=(30, 30, 40)) -> FormSpec:
    return FormSpec(
        subject_ids=(ZHANG, WANG),
        items=items,
        categories=tuple(zip((LEADERS, MIDDLE, STAFF), (Decimal(w) for w in weights), strict=True)),
        min_ballots=min_ballots,
        points=dict(DEFAULT_POINTS),
    )


def ballot(category, zhang, wang, item=OVERALL):
    return (category, {str(ZHANG): {str(item): zhang}, str(WANG): {str(item): wang}})


def test_each_category_is_averaged_before_the_weights_apply():
    # given 2 leaders who rate 张三 优秀 (100), 2 middle managers 称职 (80) and 6 staff 基本称职 (60)
    ballots = [ballot(LEADERS, "excellent", "competent")] * 2
    ballots += [ballot(MIDDLE, "competent", "competent")] * 2
    ballots += [ballot(STAFF, "basic", "competent")] * 6
    # when counted
    outcome = tally(spec(), ballots)
    zhang = outcome.subjects[0]
    # then each category's mean is weighted: 0.3×100 + 0.3×80 + 0.4×60 = 78, not the mean of the ten ballots (72)
    assert zhang.category_means == {LEADERS: Decimal("100.00"), MIDDLE: Decimal("80.00"), STAFF: Decimal("60.00")}
    assert zhang.score == Decimal("78.00")
    assert zhang.complete
    assert outcome.counts == {LEADERS: 2, MIDDLE: 2, STAFF: 6}


def test_a_category_under_the_minimum_is_withheld_and_the_others_carry_its_weight():
    # given only one leader's ballot (minimum 2), with an extreme grade
    ballots = [ballot(LEADERS, "incompetent", "excellent")]
    ballots += [ballot(MIDDLE, "excellent", "competent")] * 2
    ballots += [ballot(STAFF, "competent", "competent")] * 3
    # when counted
    outcome = tally(spec(), ballots)
    zhang, wang = outcome.subjects
    # then the leaders' mean is not shown, nor counted anywhere: (0.3×100 + 0.4×80) / 0.7 = 88.57
    assert zhang.category_means[LEADERS] is None
    assert zhang.score == Decimal("88.57")
    assert not zhang.complete
    assert LEADERS not in outcome.released
    # and the lone leader's 不称职 is in no grade count (else it could be read off)
    assert zhang.distribution[OVERALL] == {"excellent": 2, "competent": 3}
    assert wang.distribution[OVERALL] == {"competent": 5}


def test_no_category_shown_means_no_score_and_no_rank():
    outcome = tally(spec(min_ballots=5), [ballot(STAFF, "excellent", "competent")] * 4)
    assert [s.score for s in outcome.subjects] == [None, None]
    assert [s.rank for s in outcome.subjects] == [None, None]
    assert outcome.released == frozenset()


def test_items_are_averaged_within_a_ballot_and_scores_are_taken_as_they_are():
    # given a grade item and a 0–100 item
    items = ((OVERALL, "grade4"), (SCORE, "score100"))
    ballots = [
        (
            STAFF,
            {
                str(ZHANG): {str(OVERALL): "excellent", str(SCORE): 90},
                str(WANG): {str(OVERALL): "basic", str(SCORE): 71},
            },
        ),
        (
            STAFF,
            {
                str(ZHANG): {str(OVERALL): "competent", str(SCORE): 85},
                str(WANG): {str(OVERALL): "basic", str(SCORE): 70},
            },
        ),
    ]
    outcome = tally(spec(items=items, weights=(30, 30, 40)), ballots)
    zhang, wang = outcome.subjects
    # then 张三: ballots (100+90)/2 = 95 and (80+85)/2 = 82.5, mean 88.75; 王五: (60+71)/2, (60+70)/2 → 65.25
    assert zhang.score == Decimal("88.75")
    assert wang.score == Decimal("65.25")
    # and only the grade item has grade counts
    assert set(zhang.distribution) == {OVERALL}


def test_ranks_are_competition_ranks_on_the_score_as_shown():
    assert competition_ranks({"a": Decimal("90"), "b": Decimal("85"), "c": Decimal("85"), "d": Decimal("70")}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }
    assert competition_ranks({"a": None, "b": Decimal("1")}) == {"b": 1}


def test_rounding_is_half_up_once():
    assert round2(Fraction(2, 3) * 100) == Decimal("66.67")
    assert round2(Fraction(12345, 1000)) == Decimal("12.35")  # 12.345 → 12.35, not banker's 12.34
    assert round2(Fraction(0)) == Decimal("0.00")


def test_the_outcome_does_not_depend_on_the_order_of_the_ballots():
    ballots = [ballot(LEADERS, "excellent", "basic")] * 3 + [ballot(STAFF, "basic", "excellent")] * 4
    ballots += [ballot(MIDDLE, "competent", "incompetent")] * 2
    first = tally(spec(), ballots).as_dict()
    shuffled = list(ballots)
    random.Random(7).shuffle(shuffled)
    assert tally(spec(), shuffled).as_dict() == first
