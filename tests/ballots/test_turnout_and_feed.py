"""Turnout per unit and category while an evaluation is open; the results feed other apps read once it is closed."""

from decimal import Decimal

from ballots.selectors.feed import cadre_scores, evaluation_scores, team_scores
from ballots.selectors.turnout import turnout
from ballots.services.codes import code_void
from ballots.services.evaluations import evaluation_close
from tests.ballots.conftest import cast, closed_evaluation, issue, make_evaluation


def test_turnout_counts_codes_used_per_unit_and_category_and_leaves_voided_ones_out(made, world):
    # given codes for 综合科 (中层干部 4, 职工代表 2) and 综合科一组 (职工代表 3)
    middle = issue(made, world, category="中层干部", size=4)
    staff_a = issue(made, world, category="职工代表", size=2)
    issue(made, world, category="职工代表", size=3, unit=world.unit_a1)
    # when three are used and one is voided
    for code in (middle[0], middle[1], staff_a[0]):
        cast(made, code, {"张三": "competent", "王五": "competent"})
    code_void(evaluation=made.evaluation, actor=world.users["hr"], reason="遗失", code=middle[3])
    counted = turnout(made.evaluation)
    rows = {row.unit_name: row for row in counted.rows}
    middle_id, staff_id = made.categories["中层干部"].pk, made.categories["职工代表"].pk
    # then per unit and category: used / issued (voided ones are not counted as issued)
    a = rows["综合科"]
    assert (a.cells[middle_id].used, a.cells[middle_id].issued, a.cells[middle_id].voided) == (2, 3, 1)
    assert a.cells[middle_id].percent == Decimal("66.7")
    assert (a.cells[staff_id].used, a.cells[staff_id].issued) == (1, 2)
    a1 = rows["综合科一组"]
    assert middle_id not in a1.cells and (a1.cells[staff_id].used, a1.cells[staff_id].issued) == (0, 3)
    assert a1.in_order == [None, None, a1.cells[staff_id]]
    assert (counted.total.used, counted.total.issued, counted.total.voided) == (3, 8, 1)
    # and what each category still lacks to be shown (minimum 5)
    assert [(c.name, n) for c, n in counted.short_of_minimum()] == [("班子成员", 5), ("中层干部", 3), ("职工代表", 4)]


def test_the_feed_gives_closed_evaluations_only(world):
    open_one = make_evaluation(world, title="进行中")
    assert evaluation_scores(evaluation_id=open_one.evaluation.pk) == []
    made = closed_evaluation(world)
    rows = evaluation_scores(evaluation_id=made.evaluation.pk)
    # 张三 93.33 (中层干部 only; 职工代表 withheld), 王五 (80+60+80)/3 = 73.33
    assert [(r.cadre_id, r.score, r.rank, r.complete, r.ranked) for r in rows] == [
        (world.cadre.pk, Decimal("93.33"), 1, False, 2),
        (made.subjects["王五"].cadre_id, Decimal("73.33"), 2, False, 2),
    ]
    by_cadre = cadre_scores(cadre_ids=[world.cadre.pk, world.other_cadre.pk], year=2025)
    assert list(by_cadre) == [world.cadre.pk]
    assert by_cadre[world.cadre.pk][0].title == "2025年度中层干部民主测评"
    assert cadre_scores(cadre_ids=[world.cadre.pk], year=2024) == {}


def test_the_feed_gives_team_scores_by_unit(world):
    made = make_evaluation(
        world, subjects=[world.unit_a, world.unit_a1], items=(("班子总体评价", "team4"),), min_ballots=1
    )
    codes = issue(made, world, size=1)
    cast(made, codes[0], {"综合科领导班子": "good", "综合科一组领导班子": "average"})
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    found = team_scores(unit_ids=[world.unit_a.pk, world.unit_a1.pk])
    assert found[world.unit_a.pk][0].score == Decimal("100.00")
    assert found[world.unit_a1.pk][0].score == Decimal("60.00")
