"""Shared fixtures of the demotion tests: a published year, built the way the product builds one.

`make_published_year(world, ...)` gives the world's organization a year of its own (by default 2024, so that the
2025 scheme other tests score and settle stays unpublished): a scheme, one group, every cadre's composite as given
(every score cell the same value), vetoes, then the computation, the committee's tie decisions and confirmation, the
posting and the publication — through the assessments services. It returns the publication with the bottom set
and the vetoed cadres. Calling it again for a year already published returns what is there.

    published = make_published_year(world, composites={"张三": 55, "李四": 56, "王甲": 80, "赵乙": 90})
    published.bottom == {"张三", "李四"}   # bottom ratio 50% of 4
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import (
    ApprovalStatus,
    Period,
    Publication,
    Result,
    ResultRun,
    Scheme,
    Score,
    VetoEntry,
    VetoItem,
)
from assessments.selectors.final import run_final_results as final_results
from assessments.selectors.final import run_step_down_candidates as step_down_candidates
from assessments.selectors.ties import tie_groups
from assessments.services import scheme_create
from assessments.services.publication import posting_start, publication_publish
from assessments.services.results import results_run_create, results_run_execute
from assessments.services.ties import tie_group_decide
from common.workdays import subtract_working_days
from org.models import AssessmentGroup, Cadre
from org.services import group_create, group_member_set
from tests.assessments.matrix_results_workflow import confirm_on
from tests.factories import CadreFactory, UserFactory

DEFAULT_COMPOSITES = {"张三": 55, "李四": 56, "王甲": 80, "赵乙": 90}


@dataclass
class Published:
    publication: Publication
    run: ResultRun
    scheme: Scheme
    group: AssessmentGroup
    people: dict  # name -> Cadre
    bottom: set = field(default_factory=set)  # names in the final bottom set
    vetoed: set = field(default_factory=set)  # names with an approved veto

    @property
    def candidates(self) -> set:
        return self.bottom | self.vetoed

    def result(self, name: str, run: ResultRun | None = None) -> Result:
        return Result.objects.get(run=run or self.run, cadre=self.people[name])


def _people(world, names, *, unit_of: dict) -> dict:
    known = {world.cadre.name: world.cadre, world.other_cadre.name: world.other_cadre}
    people = {}
    for i, name in enumerate(names):
        cadre = known.get(name) or Cadre.objects.filter(organization=world.org, name=name).first()
        if cadre is None:
            side = unit_of.get(name, "a" if i % 2 == 0 else "b")
            cadre = CadreFactory(
                organization=world.org,
                unit=world.unit_a1 if side == "a" else world.unit_b,
                name=name,
                employee_no=f"P{i + 1:03d}",
                user=UserFactory(username=f"p{i + 1:03d}"),
            )
        people[name] = cadre
    return people


def make_published_year(
    world,
    *,
    year: int = 2024,
    composites: dict | None = None,
    vetoed: tuple = (),
    bottom_ratio: str = "0.5",
    published_on: datetime.date | None = None,
    posted_on: datetime.date | None = None,
    tie_choices: dict | None = None,
    unit_of: dict | None = None,
    group_name: str = "科长组",
) -> Published:
    """Publish `year` for the world's organization (see the module's docstring). `tie_choices` names, per kind
    ("bottom" / "excellent"), the tied cadres the committee chooses (default: in 工号 order); `published_on`
    defaults to today and the posting is placed to end the working day before."""
    existing = Publication.objects.filter(organization=world.org, year=year, state=Publication.State.PUBLISHED).first()
    composites = composites or DEFAULT_COMPOSITES
    if existing is not None:
        return _published(existing, composites)
    published_on = published_on or timezone.localdate()
    posted_on = posted_on or subtract_working_days(published_on, 6)
    scheme = scheme_create(
        organization=world.org,
        year=year,
        template=Scheme.Template.FOUR_PART,
        effective_date=datetime.date(year, 1, 1),
        actor=world.users["admin"],
        bottom_ratio=Decimal(bottom_ratio),
    )
    group = group_create(organization=world.org, year=year, name=group_name)
    people = _people(world, list(composites), unit_of=unit_of or {})
    for cadre in people.values():
        group_member_set(group=group, cadre=cadre)
    rater = Cadre.objects.filter(organization=world.org, employee_no="PRATER").first() or CadreFactory(
        organization=world.org, unit=world.root, name="评议组", employee_no="PRATER"
    )
    periods = {p.kind: p for p in scheme.periods.all()}
    Score.objects.bulk_create(
        Score(
            scheme=scheme,
            component=component,
            period=periods[kind],
            rater=rater,
            ratee=people[name],
            value=Decimal(value),
            min_score=component.min_score,
            max_score=component.max_score,
        )
        for name, value in composites.items()
        for component in scheme.components.all()
        for kind in component.period_kinds
    )
    item = VetoItem.objects.filter(organization=world.org).first()
    for name in vetoed:
        VetoEntry.objects.create(
            cadre=people[name],
            item=item,
            year=year,
            occurred_on=datetime.date(year, 5, 1),
            evidence="事故调查报告",
            status=ApprovalStatus.APPROVED,
        )
    # The year is over: every period closed (a version with a period still open is not confirmed).
    Period.objects.filter(scheme=scheme).update(status=Period.Status.CLOSED)
    run = results_run_execute(
        run_id=results_run_create(organization=world.org, year=year, actor=world.users["admin"], enqueue=False).pk
    )
    committee = world.users["committee"]
    for tie in tie_groups(run):
        rows = sorted((r for r, _ in tie.rows), key=lambda r: r.cadre.employee_no)
        names = (tie_choices or {}).get(tie.kind)
        chosen = [people[n].pk for n in names] if names is not None else [r.cadre_id for r in rows[: tie.slots]]
        tie_group_decide(
            run=run,
            group_id=tie.group_id,
            kind=tie.kind,
            chosen_cadre_ids=chosen,
            reason="党组会议研究决定",
            actor=committee,
        )
    publication = confirm_on(posted_on, run=run, actor=committee)
    publication = posting_start(publication=publication, actor=None, start_date=posted_on)
    publication = publication_publish(publication=publication, published_on=published_on, actor=None)
    return _published(publication, composites)


def _published(publication: Publication, composites: dict) -> Published:
    run = publication.run
    results = {r.cadre.name: r for r in Result.objects.filter(run=run).select_related("cadre", "group")}
    candidates = list(step_down_candidates(run))
    final = {r.cadre.name: in_bottom for r, _g, in_bottom in final_results(run, candidates)}
    group = next(iter(results.values())).group
    return Published(
        publication=publication,
        run=run,
        scheme=run.scheme,
        group=group,
        people={name: r.cadre for name, r in results.items()},
        bottom={name for name, in_bottom in final.items() if in_bottom},
        vetoed={r.cadre.name for r in candidates if r.vetoed},
    )


@pytest.fixture
def published(world) -> Published:
    """2024 published today: 张三 (综合科一组) and 李四 (城关所) in the bottom set of four."""
    return make_published_year(world)
