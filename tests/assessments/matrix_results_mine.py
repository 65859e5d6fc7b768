"""Permission-matrix entries for the cadre's own results page and the ranking-list endpoint (merged into
tests/test_permission_matrix.py's EXPECTED), and what this area's tests share.

`setup(world)` computes the 2025 results (the world's scores so far: incomplete, but a row per group member), so the
ranking list has a row on each side of the tree that must not leak across scopes.

"""

import datetime

from assessments.models import Period, Publication, ResultRun
from assessments.services import period_close, period_open, rater_assign_bulk, score_save
from assessments.services.results import results_run_create, results_run_execute
from org.services import group_member_set
from tests.factories import CadreFactory, UserFactory

STAFF = {"admin", "hr", "hr_other", "committee"}
CADRES = {"cadre", "other_cadre"}


def _page(ok: set):
    return lambda p: 302 if p == "anonymous" else (200 if p in ok else 403)


def _api(ok: set):
    return lambda p: 401 if p == "anonymous" else (200 if p in ok else 403)


ENTRIES: dict = {
    "assessments:my_results": (None, _page(CADRES)),
    # Without parameters: the only organization the caller may see, its newest computed year. The superuser sees
    # both organizations of the matrix world and is asked to choose one (400, field "organization").
    "assessments_api:result-list": (None, lambda p: 400 if p == "admin" else _api(STAFF)(p)),
}


def compute(organization, year: int = 2025) -> ResultRun:
    """A whole-year run carried out here (a test's transaction never reaches the worker)."""
    run = results_run_create(organization=organization, year=year, enqueue=False)
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def publish(run: ResultRun, on: datetime.date = datetime.date(2026, 1, 23)) -> Publication:
    """The run as published (the workflow's service belongs to another area; its row is all these reads need)."""
    publication, _ = Publication.objects.update_or_create(
        organization_id=run.organization_id,
        year=run.year,
        defaults={"run": run, "state": Publication.State.PUBLISHED, "published_on": on},
    )
    return publication


def score_period(scoring, kind: str, values: dict, *, components: list[str] | None = None, close: bool = True):
    """Open the period of `kind` (if need be), have 王五 give each cadre in `values` that score on every component
    of the period (or the named ones), and close it. Returns the period."""
    period = scoring.scheme.periods.get(kind=kind)
    if period.status != Period.Status.OPEN:
        period = period_open(period=period)
    for code, component in scoring.components.items():
        if kind not in component.period_kinds or (components is not None and code not in components):
            continue
        for cadre, value in values.items():
            score_save(
                period=period,
                component=component,
                rater=scoring.rater,
                ratee=cadre,
                value=str(value),
                expected_revision=0,
            )
    if close:
        period = period_close(period=period)
    return period


def add_members(world, scoring, count: int, *, unit=None, group=None, prefix: str = "组员") -> list:
    """`count` more cadres (with log-ins) in the group (the world's by default), rated by 王五 on every component."""
    cadres = []
    for i in range(count):
        user = UserFactory(username=f"{prefix}{i}")
        cadre = CadreFactory(
            unit=unit or world.unit_a1,
            organization=world.org,
            name=f"{prefix}{i}",
            employee_no=f"{prefix}{i}",
            user=user,
        )
        group_member_set(group=group or world.group, cadre=cadre)
        cadres.append(cadre)
    rater_assign_bulk(
        scheme=scoring.scheme, components=list(scoring.components.values()), raters=[scoring.rater], ratees=cadres
    )
    return cadres


def setup(world) -> None:
    if not ResultRun.objects.filter(organization=world.org, year=2025, status=ResultRun.Status.SUCCEEDED).exists():
        world.results_run = compute(world.org)


# --- routes for this area's tests -------------------------------------------------------------------------------
