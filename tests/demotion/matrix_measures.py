"""Permission-matrix entries for the measures pages and endpoints (merged into tests/test_permission_matrix.py), and
`publish_year`, which the measures' tests use to lay down published years without running the whole workflow.

`setup(world)`: 2024 published, 张三 基本称职 and 李四 不称职; a lasting dismissal protection on each side of the tree
(张三's is `world.protection`). The matrix world already holds a 诫勉 of 张三 and a 政务警告 of 李四.
"""

import datetime
import importlib

from assessments.models import Publication, Result, ResultRun, Scheme, TieDecision
from demotion.models import DismissalProtection, WaitingPeriodRule
from org.models import AssessmentGroup

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _api(ok: set):
    def expect(persona):
        if persona == "anonymous":
            return 401
        return 200 if persona in ok else 403

    return expect


def _post_only_page(persona):
    return 302 if persona == "anonymous" else 405


def _post_only_api(persona):
    if persona == "anonymous":
        return 401
    return 405 if persona in STAFF else 403


ENTRIES: dict = {
    "demotion:measure_list": (None, _page(STAFF)),
    "demotion:measure_create": (None, _page(HR)),
    "demotion:protection_list": (None, _page(STAFF)),
    "demotion:protection_create": (None, _page(HR)),
    "demotion:protection_end": (lambda w: {"pk": w.protection.pk}, _post_only_page),
    "demotion:usage": (None, _page(STAFF)),
    "demotion:usage_export": (None, _page(STAFF)),
    "demotion_api:measure-list": (None, _api(STAFF)),
    "demotion_api:measure-protection-list": (None, _api(STAFF)),
    "demotion_api:measure-protection-end": (lambda w: {"pk": w.protection.pk}, _post_only_api),
    "demotion_api:measure-usage-list": (None, _api(STAFF)),
}


def seed_national_rules() -> None:
    """The national waiting-period rules, as migration 0002 seeds them (tests run without migrations)."""
    defaults = importlib.import_module("demotion.migrations.0002_waiting_period_defaults").DEFAULTS
    for kind, promotion, leading, basis in defaults:
        WaitingPeriodRule.objects.update_or_create(
            organization=None,
            kind=kind,
            defaults={"no_promotion_months": promotion, "no_leading_post_months": leading, "basis": basis},
        )


def publish_year(
    world,
    year: int,
    grades: dict,
    *,
    published_on: datetime.date | None = None,
    excellent_ties: dict | None = None,
) -> Publication:
    """A published year of the world's organization: one run whose results give each cadre of `grades` ({cadre:
    grade code}) that grade, published on `published_on` (default 20 January of the next year); a year already
    published gets the new run as its new version. `excellent_ties`
    ({cadre: chosen}) makes those cadres tied at the 优秀 quota, computed 称职, with the committee's decision."""
    org = world.org
    scheme = Scheme.objects.filter(organization=org, year=year, status=Scheme.Status.CURRENT).first()
    if scheme is None:
        scheme = Scheme.objects.create(
            organization=org, year=year, name=f"{year}年度考核方案", effective_date=datetime.date(year, 1, 1)
        )
    group, _ = AssessmentGroup.objects.get_or_create(organization=org, year=year, name="科长组")
    latest = ResultRun.objects.filter(organization=org, year=year).order_by("-version").first()
    run = ResultRun.objects.create(
        organization=org,
        year=year,
        version=(latest.version + 1) if latest else 1,
        scheme=scheme,
        status=ResultRun.Status.SUCCEEDED,
        progress=100,
    )
    ties = excellent_ties or {}
    cadres = [*grades, *ties]
    Result.objects.bulk_create(
        Result(
            run=run,
            group=group,
            cadre=cadre,
            composite=90 - i,
            rank=i + 1,
            group_size=len(cadres),
            grade=grades.get(cadre, "2"),
            excellent_tie=cadre in ties,
        )
        for i, cadre in enumerate(cadres)
    )
    for cadre, chosen in ties.items():
        TieDecision.objects.create(
            run=run,
            cadre=cadre,
            kind="excellent",
            chosen=chosen,
            reason="党组会议决定",
            decided_by=world.users["committee"],
        )
    # A year published again is a new version adopted by the publication, as after an upheld appeal.
    publication, _ = Publication.objects.update_or_create(
        organization=org,
        year=year,
        defaults={
            "run": run,
            "state": Publication.State.PUBLISHED,
            "published_on": published_on or datetime.date(year + 1, 1, 20),
        },
    )
    return publication


def setup(world) -> None:
    seed_national_rules()
    publish_year(world, 2024, {world.cadre: "3", world.other_cadre: "4"}, published_on=datetime.date(2025, 1, 20))
    world.protection = DismissalProtection.objects.create(
        cadre=world.cadre, kind=DismissalProtection.Kind.MATERNITY, starts_on=datetime.date(2025, 6, 1)
    )
    DismissalProtection.objects.create(
        cadre=world.other_cadre, kind=DismissalProtection.Kind.MEDICAL, starts_on=datetime.date(2025, 6, 1)
    )
