"""A scored year with known answers, on the shared world (tests/conftest.py):

- scheme 2025 with one yearly component (weight 100, 0–100) and its period Y, plus the four quarters of a quarterly
  component (weight 0 is refused by the schema, so `quarterly=True` makes the scheme 50/50 instead);
- ten raters at the root; rater number 4 gives `lenient` points more than the others;
- twelve ratees in one group 中层正职组: six in 综合科一组 (机关科室, HR 甲's side) with `shift` points more, six in
  城关所 (市场监管所, HR 乙's side);
- the newest version computed: each cadre's composite is the mean of their scores, ranked in the group.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

import pytest

from assessments.models import Component, Period, Result, ResultRun, Scheme, Score
from org.models import AssessmentGroup, GroupMembership
from tests.factories import CadreFactory

YEAR = 2025


@dataclass
class Scored:
    scheme: Scheme
    raters: list
    lenient_rater: object
    office: list  # the ratees of 综合科一组
    station: list  # the ratees of 城关所
    group: AssessmentGroup
    run: ResultRun


def build_scored(world, *, lenient: float = 8, shift: float = 0, per_side: int = 6, seed: int = 3) -> Scored:
    rng = random.Random(seed)
    scheme = Scheme.objects.create(
        organization=world.org, year=YEAR, name="2025年度考核方案", effective_date=datetime.date(YEAR, 1, 1)
    )
    component = Component.objects.create(scheme=scheme, code="annual", name="年度目标", weight=Decimal("100"))
    period = Period.objects.create(
        scheme=scheme, kind=Period.Kind.YEAR, start_date=datetime.date(YEAR, 1, 1), end_date=datetime.date(YEAR, 12, 31)
    )
    raters = [CadreFactory(unit=world.root, name=f"评分人{i}", employee_no=f"R{i:02d}") for i in range(1, 11)]
    office = [CadreFactory(unit=world.unit_a1, name=f"科员{i}", employee_no=f"A1{i:02d}") for i in range(per_side)]
    station = [CadreFactory(unit=world.unit_b, name=f"所员{i}", employee_no=f"B1{i:02d}") for i in range(per_side)]
    group = AssessmentGroup.objects.create(organization=world.org, year=YEAR, name="中层正职组")
    ability = {}
    for c in office:
        ability[c] = rng.gauss(82, 2) + shift
    for c in station:
        ability[c] = rng.gauss(82, 2)
    scores = []
    totals = {}
    for cadre, level in ability.items():
        GroupMembership.objects.create(group=group, cadre=cadre, year=YEAR)
        values = []
        for i, rater in enumerate(raters, start=1):
            value = Decimal(str(round(min(100, level + rng.gauss(0, 1) + (lenient if i == 4 else 0)), 1)))
            values.append(value)
            scores.append(
                Score(
                    scheme=scheme,
                    component=component,
                    period=period,
                    rater=rater,
                    ratee=cadre,
                    value=value,
                    min_score=0,
                    max_score=100,
                )
            )
        totals[cadre] = (sum(values) / len(values)).quantize(Decimal("0.01"))
    Score.objects.bulk_create(scores)
    run = ResultRun.objects.create(
        organization=world.org, year=YEAR, version=1, scheme=scheme, status=ResultRun.Status.SUCCEEDED, progress=100
    )
    ordered = sorted(totals.items(), key=lambda kv: -kv[1])
    Result.objects.bulk_create(
        Result(
            run=run,
            group=group,
            cadre=cadre,
            composite=total,
            rank=1 + sum(1 for _, other in ordered if other > total),
            group_size=len(ordered),
            grade="2",
        )
        for cadre, total in ordered
    )
    return Scored(scheme, raters, raters[3], office, station, group, run)


@pytest.fixture
def scored(world) -> Scored:
    return build_scored(world)
