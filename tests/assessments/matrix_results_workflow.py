"""Permission-matrix entries for the settlement and publication pages (merged into tests/test_permission_matrix.py's
EXPECTED), and the `tied` world they and tests/assessments/test_results_workflow*.py use.

The tied world: 科长组 of 12 (张三, 李四 and ten more), bottom ratio 10% with at least 3 places for a group of 10 or
more (3 places), 优秀 quota 20% (2 places):

    孙三 95                      优秀
    周五 90, 吴六 90             tied at the 优秀 quota: 1 place left for 2
    郑七 … 卫十一 80 (郑七 vetoed: 基本称职, outside the bottom pool)
    张三 60, 李四 60, 钱二 60    tied across the bottom cut: 2 places left for 3
    赵一 50                      in the bottom set

Each side of the unit tree holds a tied cadre of each kind, so a page that forgets its scope shows the other side.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import time_machine

from assessments.models import ApprovalStatus, Period, Result, ResultRun, Scheme, Score, VetoEntry, VetoItem
from assessments.services.publication import run_confirm
from assessments.services.results import results_run_create, results_run_execute
from org.services import group_member_set
from tests.factories import CadreFactory, UserFactory

STAFF = {"admin", "hr", "hr_other", "committee"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _post_only(persona):
    return 302 if persona == "anonymous" else 405


ENTRIES: dict = {
    "assessments:results_settle": (lambda w: {"pk": w.tied.run.pk}, _page(STAFF)),
    "assessments:results_ties_decide": (lambda w: {"pk": w.tied.run.pk}, _post_only),
    "assessments:results_confirm": (lambda w: {"pk": w.tied.run.pk}, _post_only),
    "assessments:results_posting_start": (lambda w: {"pk": w.tied.run.pk}, _post_only),
    "assessments:results_publish": (lambda w: {"pk": w.tied.run.pk}, _post_only),
    # HR records a no-grade state for a cadre of its scope (张三, 综合科一组: not hr_other's).
    "assessments:results_no_grade": (
        lambda w: {"pk": w.tied.run.pk, "cadre": w.cadre.pk},
        _page({"admin", "hr"}, hidden={"hr_other"}),
    ),
}


YEAR = 2025
# name, employee no, unit ("a" 综合科一组 / "b" 城关所), composite, has a login
EXTRA = [
    ("赵一", "K01", "a", 50, True),
    ("钱二", "K02", "b", 60, True),
    ("孙三", "K03", "a", 95, True),
    ("周五", "K04", "a", 90, True),
    ("吴六", "K05", "b", 90, True),
    ("郑七", "K06", "a", 80, True),
    ("冯八", "K07", "b", 80, True),
    ("陈九", "K08", "a", 80, True),
    ("褚十", "K09", "b", 80, True),
    ("卫十一", "K10", "b", 80, False),
]


@dataclass
class Tied:
    run: ResultRun
    people: dict  # name -> Cadre
    scheme: Scheme

    def result(self, name: str, run: ResultRun | None = None) -> Result:
        return Result.objects.get(run=run or self.run, cadre=self.people[name])

    def ids(self, *names: str) -> list[int]:
        return [self.people[n].pk for n in names]


def compute(world, actor=None) -> ResultRun:
    run = results_run_create(organization=world.org, year=YEAR, actor=actor or world.users["hr"], enqueue=False)
    return results_run_execute(run_id=run.pk)


def confirm_on(day: datetime.date, *, run: ResultRun, actor):
    """The committee confirms on `day` (in the morning): a posting may start that day at the earliest."""
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 1, 0, tzinfo=datetime.UTC), tick=False):
        return run_confirm(run=run, actor=actor)


def build_tied(world, scoring, *, close_periods: bool = True) -> Tied:
    scheme = scoring.scheme
    Scheme.objects.filter(pk=scheme.pk).update(bottom_minimum=3)  # 10% of 12 is 1; the minimum makes it 3
    scheme.refresh_from_db()
    people = {"张三": world.cadre, "李四": world.other_cadre}
    composites = {"张三": 60, "李四": 60}
    for name, number, unit, composite, has_login in EXTRA:
        cadre = CadreFactory(
            organization=world.org,
            unit=world.unit_a1 if unit == "a" else world.unit_b,
            name=name,
            employee_no=number,
            user=UserFactory(username=f"u{number}") if has_login else None,
        )
        group_member_set(group=world.group, cadre=cadre)
        people[name] = cadre
        composites[name] = composite
    # A rater of its own, so that scores other areas' setups give in the shared matrix world never collide.
    rater = CadreFactory(organization=world.org, unit=world.root, name="评议组", employee_no="RT01")
    periods = {p.kind: p for p in scheme.periods.all()}
    # Every cell the same value: the composite is that value whatever the weights.
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
    VetoEntry.objects.create(
        cadre=people["郑七"],
        item=VetoItem.objects.filter(organization=world.org).first(),
        year=YEAR,
        occurred_on=datetime.date(YEAR, 5, 1),
        evidence="事故调查报告",
        status=ApprovalStatus.APPROVED,
    )
    if close_periods:
        # The year is over: every period closed (a version with a period still open is not confirmed).
        Period.objects.filter(scheme=scheme).update(status=Period.Status.CLOSED)
    return Tied(run=compute(world), people=people, scheme=scheme)


def setup(world) -> None:
    # The shared matrix world keeps its periods as the other areas need them (Q1 open); the write matrix closes the
    # year before it confirms (tests/test_write_matrix.py: _year_over).
    world.tied = build_tied(world, world.scoring, close_periods=False)
