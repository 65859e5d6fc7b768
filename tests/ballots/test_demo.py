"""The demo's democratic evaluations: one closed, sealed and verifiable, with a withheld category; one open, with
turnout to show and no results yet."""

from ballots.models import Evaluation, Tally
from ballots.selectors.results import result_sheet, tally_verify
from ballots.selectors.turnout import turnout
from org.demo import demo_load


def test_the_demo_has_a_closed_and_an_open_evaluation(db):
    organization = demo_load()
    # (the teams demo adds a closed evaluation of the 所 teams)
    closed = Evaluation.objects.get(organization=organization, state="closed", subject_kind="cadre")
    current = Evaluation.objects.get(organization=organization, state="open")
    # the closed one: sealed, verifiable, 服务对象 withheld, every office head ranked
    assert tally_verify(evaluation=closed).ok
    sheet = result_sheet(closed)
    assert [c.category.name for c in sheet.withheld] == ["服务对象"]
    assert len(sheet.rows) == 20 and all(row.result.rank for row in sheet.rows)
    assert Tally.objects.get(evaluation=closed).ballot_count == 53
    # the open one: the turnout of 城关所 shows, no result yet
    counted = turnout(current)
    assert (counted.total.used, counted.total.issued) == (10, 25)
    assert result_sheet(current) is None
    assert current.unit.name == "基层市场监管所"
