"""Reads of annual results as HR and the committee see them: the runs of a year, a run's results in the user's
scope, a group's ranking table and the distribution of its composites, a cadre's published results over the years.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from assessments.models import Component, Publication, Result, ResultRun, Scheme
from assessments.results.display import bottom_label, grade_label, percent_text, result_reasons
from assessments.results.rules import excellent_quota
from assessments.selectors.publication import published_run
from assessments.selectors.version_cache import cached, published_publication, run_key
from org.models import AssessmentGroup
from org.roles import ROLE_HR, get_roles
from org.selectors import STAFF_ROLES


def run_list(*, user) -> QuerySet[ResultRun]:
    qs = ResultRun.objects.select_related("organization", "scheme", "group", "requested_by")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(organization_id__in=r.organization_ids(*STAFF_ROLES))


def result_list(*, user, run: ResultRun) -> QuerySet[Result]:
    """The run's results of cadres in the user's scope (a cadre: only their own, and only once published)."""
    qs = Result.objects.filter(run=run).select_related("cadre", "cadre__unit", "group")
    r = get_roles(user)
    if r.is_admin:
        return qs
    q = r.unit_q(*STAFF_ROLES, prefix="cadre__unit__")
    if r.cadre is not None and published_run(organization_id=run.organization_id, year=run.year) == run:
        q |= Q(cadre_id=r.cadre.pk)
    return qs.filter(q)


def cadre_published_results(*, cadre) -> QuerySet[Result]:
    """A cadre's published results over the years, newest first."""
    runs = Publication.objects.filter(organization_id=cadre.organization_id, state=Publication.State.PUBLISHED).values(
        "run_id"
    )
    return Result.objects.filter(run_id__in=runs, cadre=cadre).select_related("run", "group").order_by("-run__year")


HISTOGRAM_BIN = 5  # points per bar of the distribution chart


def can_compute(user, organization_id: int) -> bool:
    """The admin and the organization's HR start computations. A subtree-scoped HR user may too: the computation
    writes nothing but derived rows, and each user still reads only the rows in their scope."""
    r = get_roles(user)
    return r.is_admin or organization_id in r.organization_ids(ROLE_HR)


def scheme_years(*, organization_id: int) -> list[int]:
    """The years for which the organization has a scheme, newest first."""
    return list(
        Scheme.objects.filter(organization_id=organization_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def year_groups(*, organization_id: int, year: int) -> QuerySet[AssessmentGroup]:
    return AssessmentGroup.objects.filter(organization_id=organization_id, year=year).order_by("name")


def year_runs(*, user, organization_id: int, year: int) -> QuerySet[ResultRun]:
    """The runs of an organization's year the user may see, newest version first."""
    return run_list(user=user).filter(organization_id=organization_id, year=year).order_by("-version")


def run_components(*, run: ResultRun) -> list[Component]:
    return list(Component.objects.filter(scheme_id=run.scheme_id).order_by("sort_order", "id"))


def group_results(*, user, run: ResultRun, group: AssessmentGroup) -> QuerySet[Result]:
    """The group's rows of the run in the user's scope, by rank; the unranked (no composite) last."""
    return (
        result_list(user=user, run=run)
        .filter(group=group)
        .order_by(F("rank").asc(nulls_last=True), F("composite").desc(nulls_last=True), "cadre__employee_no")
    )


@dataclass
class ResultRow:
    result: Result
    scores: list[Decimal | None]  # aligned with the scheme's components
    grade: str
    reasons: list[str]
    flags: list[tuple[StrOrPromise, str]] = field(default_factory=list)  # (label, Bootstrap colour)


class TableRow(NamedTuple):
    """A row of a group's table as the page shows it: its markup, the same for whoever may see the row, and what the
    distribution chart counts of it. What the cache holds of a published version's group, so that each request
    unpickles plain values, not a Result with its cadre, unit and group."""

    html: str
    composite: Decimal | None
    in_bottom: bool
    boundary_tie: bool
    vetoed: bool

    @classmethod
    def of(cls, row: ResultRow, html: str) -> TableRow:
        r = row.result
        return cls(html, r.composite, r.in_bottom, r.boundary_tie, r.vetoed)


def result_rows(results, *, components: list[Component], scheme: Scheme) -> list[ResultRow]:
    rows = []
    for result in results:
        by_component = result.component_scores()
        flags = [
            (label, colour)
            for on, label, colour in [
                (result.in_bottom, bottom_label(scheme.bottom_ratio), "danger"),
                (result.boundary_tie, Result._meta.get_field("boundary_tie").verbose_name, "warning"),
                (result.vetoed, Result._meta.get_field("vetoed").verbose_name, "dark"),
                (result.excellent_tie, Result._meta.get_field("excellent_tie").verbose_name, "info"),
                (result.incomplete, Result._meta.get_field("incomplete").verbose_name, "secondary"),
            ]
            if on
        ]
        rows.append(
            ResultRow(
                result=result,
                scores=[by_component.get(c.pk) for c in components],
                grade=grade_label(result.grade, scheme),
                reasons=result_reasons(result),
                flags=flags,
            )
        )
    return rows


def group_table(
    *, user, run: ResultRun, group: AssessmentGroup, row_html: Callable[[ResultRow], str]
) -> tuple[list[Component], list[TableRow]]:
    """The scheme's components and the group's rows in the user's scope, by rank, each with its markup.

    Of the published version of a year the whole group's rows (their markup) are computed once and kept in the
    cache (selectors.version_cache); each request still reads which of them the user may see — the ids of
    group_results, the same scoped query — and takes only those. Of any other run everything is read each time."""

    def table(results, components: list[Component]) -> list[TableRow]:
        rows = result_rows(results, components=components, scheme=run.scheme)
        return [TableRow.of(row, row_html(row)) for row in rows]

    publication = published_publication(run)
    if publication is None:
        components = run_components(run=run)
        return components, table(group_results(user=user, run=run, group=group), components)

    def whole_group() -> dict:
        components = run_components(run=run)
        results = list(Result.objects.filter(run=run, group=group).select_related("cadre", "cadre__unit", "group"))
        rows = table(results, components)
        return {"components": components, "rows": {r.pk: row for r, row in zip(results, rows, strict=True)}}

    visible = list(group_results(user=user, run=run, group=group).values_list("pk", flat=True))
    whole = cached(run_key(run, publication, "group", group.pk), whole_group)
    return whole["components"], [whole["rows"][pk] for pk in visible]


def composite_histogram(results, *, width: int = HISTOGRAM_BIN) -> dict:
    """Composites in bins of `width` points ([80, 85) is "80–85"), each bar split into the bottom set, the cadres
    tied at its boundary, the vetoed (who join the bottom set) and the rest. Cadres without a composite are left
    out. Bins run from the lowest to the highest composite, empty ones included, so the gaps show."""
    series: dict[str, list[int]] = {"bottom": [], "boundary": [], "vetoed": [], "others": []}
    scored = [r for r in results if r.composite is not None]
    if not scored:
        return {"labels": [], **series}
    low = math.floor(min(r.composite for r in scored) / width) * width
    high = math.floor(max(r.composite for r in scored) / width) * width
    starts = list(range(low, high + width, width))
    for values in series.values():
        values.extend([0] * len(starts))
    for r in scored:
        i = (math.floor(r.composite / width) * width - low) // width
        key = "bottom" if r.in_bottom else "boundary" if r.boundary_tie else "vetoed" if r.vetoed else "others"
        series[key][i] += 1
    return {"labels": [f"{s}–{s + width}" for s in starts], **series}


def summary_with_quotas(run: ResultRun) -> list[dict]:
    """The run's summary per group, each with the 优秀 quota explained from the data: those graded (the quota's base),
    the scheme's ratio, floored, and the places it gives ("本组参评 4 人,按 20% 向下取整,优秀名额 0 人"). One query."""
    graded = dict(
        Result.objects.filter(run=run, grade__in=["1", "2", "3", "4"])
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    percent = percent_text(run.scheme.excellent_quota)
    rows = []
    for row in run.summary or []:
        n = graded.get(row["group_id"], 0)
        quota = excellent_quota(scheme=run.scheme, graded=n)
        text = _("本组参评 %(graded)d 人,按 %(percent)s%% 向下取整,优秀名额 %(quota)d 人") % {
            "graded": n,
            "percent": percent,
            "quota": quota,
        }
        rows.append({**row, "graded": n, "quota": quota, "quota_text": text})
    return rows
