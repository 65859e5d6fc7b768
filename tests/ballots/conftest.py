"""Shared fixtures of the ballots tests: an evaluation of 综合科 set up, published and with codes, built through the
services the way HR builds one.

    ev = make_evaluation(world)                   # 张三 and 王五 (综合科), one item 总体评价, three categories
    codes = issue(ev, world, category="中层干部", size=6)   # the codes, as printed
    cast(ev, codes[0], {"张三": "excellent", "王五": "competent"})
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from ballots.form_rules import CategorySpec, ItemSpec
from ballots.models import Evaluation, RaterCategory, Subject
from ballots.services.codes import code_batch_issue
from ballots.services.evaluations import evaluation_close, evaluation_create, evaluation_publish
from ballots.services.voting import ballot_cast
from org.models import Cadre
from tests.factories import CadreFactory

CATEGORIES = (("班子成员", "30"), ("中层干部", "30"), ("职工代表", "40"))


@dataclass
class Made:
    evaluation: Evaluation
    subjects: dict  # cadre name -> Subject
    items: list
    categories: dict  # name -> RaterCategory
    extra: dict = field(default_factory=dict)

    def refresh(self) -> Evaluation:
        self.evaluation.refresh_from_db()
        return self.evaluation


def second_cadre(world) -> Cadre:
    return Cadre.objects.filter(organization=world.org, employee_no="A002").first() or CadreFactory(
        organization=world.org, unit=world.unit_a, name="王五", employee_no="A002"
    )


def make_evaluation(
    world,
    *,
    unit=None,
    subjects=None,
    items=(("总体评价", "grade4"),),
    categories=CATEGORIES,
    min_ballots: int = 5,
    top_cap_percent: int | None = None,
    publish: bool = True,
    title: str = "2025年度中层干部民主测评",
    actor=None,
) -> Made:
    now = timezone.now()
    subjects = subjects if subjects is not None else [world.cadre, second_cadre(world)]
    evaluation = evaluation_create(
        actor=actor or world.users["hr"],
        unit=unit or world.unit_a,
        title=title,
        year=2025,
        subject_kind="cadre" if not subjects or isinstance(subjects[0], Cadre) else "team",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=3),
        subjects=subjects,
        items=[ItemSpec(text=t, scale=s) for t, s in items],
        categories=[CategorySpec(name=n, weight=Decimal(w)) for n, w in categories],
        min_ballots=min_ballots,
        top_cap_percent=top_cap_percent,
    )
    if publish:
        evaluation = evaluation_publish(evaluation=evaluation, actor=actor or world.users["hr"])
    return Made(
        evaluation=evaluation,
        subjects={str(s): s for s in Subject.objects.filter(evaluation=evaluation).select_related("cadre", "team")},
        items=list(evaluation.items.all()),
        categories={c.name: c for c in RaterCategory.objects.filter(evaluation=evaluation)},
    )


def issue(made: Made, world, *, category: str = "中层干部", size: int = 6, unit=None, actor=None) -> list[str]:
    issued = code_batch_issue(
        evaluation=made.evaluation,
        actor=actor or world.users["hr"],
        unit=unit or world.unit_a,
        category=made.categories[category],
        size=size,
        file_format="pdf",
    )
    return issued.codes


def answers_for(made: Made, grades: dict) -> dict:
    """{cadre name: answer} (the same answer on every item) as the service takes it."""
    return {made.subjects[name].pk: {item.pk: value for item in made.items} for name, value in grades.items()}


def cast(made: Made, code: str, grades: dict) -> None:
    ballot_cast(evaluation=made.evaluation, code=code, answers=answers_for(made, grades))


def closed_evaluation(world, *, min_ballots: int = 2) -> Made:
    """Sealed: 中层干部 cast three ballots, 职工代表 one (withheld under the minimum of two)."""
    made = make_evaluation(world, min_ballots=min_ballots)
    middle = issue(made, world, category="中层干部", size=3)
    staff = issue(made, world, category="职工代表", size=2)
    cast(made, middle[0], {"张三": "excellent", "王五": "competent"})
    cast(made, middle[1], {"张三": "excellent", "王五": "basic"})
    cast(made, middle[2], {"张三": "competent", "王五": "competent"})
    cast(made, staff[0], {"张三": "incompetent", "王五": "excellent"})
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    made.refresh()
    return made


@pytest.fixture
def made(world) -> Made:
    return make_evaluation(world)
