"""The results as the party committee settled them (a cadre chosen among those tied at the 优秀 quota is graded
优秀; one chosen among those tied at the bottom cut is in the bottom set): `with_final` in SQL and the in-run readers
for assessments' pages, exports and the settlement page; and the final results other apps read, as plain frozen
values, through `assessments.selectors.published` (of a published year and version, its step-down candidates, and
for analytics the newest version before publication).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from assessments.models import Grade, Publication, Result, ResultRun, Scheme, TieDecision
from assessments.results.display import bottom_label, grade_label_of
from assessments.results.rules import BOTTOM, EXCELLENT
from assessments.selectors.publication import scheme_facts


def _decisions(run: ResultRun) -> dict[tuple[int, str], bool]:
    return {
        (cadre_id, kind): chosen for cadre_id, kind, chosen in run.decisions.values_list("cadre_id", "kind", "chosen")
    }


def run_final_results(run: ResultRun, results: Iterable[Result] | None = None) -> Iterator[tuple[Result, str, bool]]:
    """(result, final grade, final bottom-set membership) with the committee's decisions applied: a cadre chosen
    among those tied at the 优秀 quota is graded 优秀, one chosen among those tied at the bottom cut is in the
    bottom set. An undecided tie keeps the computed values (称职, not in the bottom set). `results` defaults to the
    whole run in group and rank order; pass a narrower queryset (scoped, filtered) to read less."""
    decisions = _decisions(run)
    if results is None:
        results = (
            Result.objects.filter(run=run).select_related("cadre", "group").order_by("group__name", "group_id", "rank")
        )
    rows = results.iterator(chunk_size=2000) if isinstance(results, QuerySet) else results
    for result in rows:
        grade, in_bottom = result.grade, result.in_bottom
        if result.excellent_tie and decisions.get((result.cadre_id, EXCELLENT)):
            grade = Grade.EXCELLENT.value
        if result.boundary_tie and decisions.get((result.cadre_id, BOTTOM)):
            in_bottom = True
        yield result, grade, in_bottom


def _chosen(kind: str) -> Exists:
    return Exists(
        TieDecision.objects.filter(run_id=OuterRef("run_id"), cadre_id=OuterRef("cadre_id"), kind=kind, chosen=True)
    )


class FinalValues(TypedDict):
    final_grade: str
    final_in_bottom: bool


def with_final(results: QuerySet[Result]) -> QuerySet[WithAnnotations[Result, FinalValues]]:
    """The same as run_final_results, in SQL: annotates `final_grade` and `final_in_bottom` (to filter or sort on)."""
    return results.annotate(
        final_grade=Case(
            When(Q(excellent_tie=True) & _chosen(EXCELLENT), then=Value(Grade.EXCELLENT.value)), default=F("grade")
        ),
        final_in_bottom=Case(
            When(in_bottom=True, then=Value(True)),
            When(Q(boundary_tie=True) & _chosen(BOTTOM), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def final_filter(query: dict) -> Q:
    """The group, grade and bottom-set filters on the values as the committee settled them, i.e. on with_final's
    `final_grade` and `final_in_bottom`, written on the stored columns: a tie decision only ever turns a tied 称职
    into 优秀 or a tied cadre into the bottom set. (Filtering on the CASE annotations themselves hides the columns'
    statistics from the planner, which then picks a nested loop over the whole run: 2x slower at 100,000 rows.)"""
    q = Q()
    if query.get("group"):
        q &= Q(group_id=query["group"])
    grade = query.get("grade")
    if grade == Grade.EXCELLENT:
        q &= Q(grade=grade) | Q(excellent_tie=True) & _chosen(EXCELLENT)  # type: ignore[assignment]  # Q with EXISTS is a Q; the stubs say Combinable
    elif grade:
        q &= Q(grade=grade) & (Q(excellent_tie=False) | ~_chosen(EXCELLENT))  # type: ignore[assignment]  # Q with EXISTS is a Q; the stubs say Combinable
    in_bottom = query.get("in_bottom")
    if in_bottom is True:
        q &= Q(in_bottom=True) | Q(boundary_tie=True) & _chosen(BOTTOM)  # type: ignore[assignment]  # Q with EXISTS is a Q; the stubs say Combinable
    elif in_bottom is False:
        q &= Q(in_bottom=False) & (Q(boundary_tie=False) | ~_chosen(BOTTOM))  # type: ignore[assignment]  # Q with EXISTS is a Q; the stubs say Combinable
    return q


def run_step_down_candidates(run: ResultRun) -> QuerySet[Result]:
    """The final bottom set together with the vetoed: the cadres the step-down (主动让贤) workflow starts from."""
    chosen_bottom = TieDecision.objects.filter(run=run, kind=BOTTOM, chosen=True).values("cadre_id")
    return (
        Result.objects.filter(run=run)
        .filter(Q(in_bottom=True) | Q(vetoed=True) | Q(boundary_tie=True, cadre_id__in=chosen_bottom))
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "rank")
    )


def excellent_candidates(run: ResultRun, results: QuerySet[Result] | None = None) -> QuerySet[Result]:
    """The 优秀 candidates to post: final grade 优秀, in group and rank order."""
    qs = Result.objects.filter(run=run) if results is None else results
    return (
        with_final(qs.filter(Q(grade=Grade.EXCELLENT) | Q(excellent_tie=True)))
        .filter(final_grade=Grade.EXCELLENT)
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "rank", "cadre__employee_no")
    )


REASON_BOTTOM, REASON_VETO, REASON_BOTH = "bottom", "veto", "both"


@dataclass(frozen=True)
class FinalResult:
    """One cadre's result in one version, as the party committee settled it (a tie decided in or out)."""

    run_id: int
    year: int
    version: int
    cadre_id: int
    group_id: int
    group_name: str
    composite: Decimal | None
    rank: int | None  # None when unranked (incomplete scores, 不进行考核)
    group_size: int
    grade: str  # the national code: 1 优秀 … 6 不进行考核; "" not graded
    grade_label: str  # under the scheme's scale
    vetoed: bool
    in_bottom: bool  # the final bottom set
    boundary_tie: bool  # was tied across the bottom cut (the committee decided)
    special_status: str  # "", "undetermined" (不定等次), "not_assessed" (不进行考核)
    special_label: str
    incomplete: bool


_RESULT_VALUES = (
    "run_id",
    "run__year",
    "run__version",
    "run__scheme__grade_scale",
    "cadre_id",
    "group_id",
    "group__name",
    "composite",
    "rank",
    "group_size",
    "final_grade",
    "vetoed",
    "final_in_bottom",
    "boundary_tie",
    "special_status",
    "incomplete",
)
_ORDER = ("group__name", "group_id", F("rank").asc(nulls_last=True), "cadre__employee_no", "cadre_id")


def _special_label(state: str) -> str:
    return {"undetermined": _("不定等次"), "not_assessed": _("不进行考核")}.get(state, "")


def _final_rows(qs: QuerySet[Result]) -> list[FinalResult]:
    rows = with_final(qs).order_by(*_ORDER).values_list(*_RESULT_VALUES)
    return [
        FinalResult(
            run_id=run_id,
            year=year,
            version=version,
            cadre_id=cadre_id,
            group_id=group_id,
            group_name=group_name,
            composite=composite,
            rank=rank,
            group_size=group_size,
            grade=grade,
            grade_label=grade_label_of(grade, scale),
            vetoed=vetoed,
            in_bottom=in_bottom,
            boundary_tie=tie,
            special_status=special,
            special_label=_special_label(special),
            incomplete=incomplete,
        )
        for (
            run_id,
            year,
            version,
            scale,
            cadre_id,
            group_id,
            group_name,
            composite,
            rank,
            group_size,
            grade,
            vetoed,
            in_bottom,
            tie,
            special,
            incomplete,
        ) in rows.iterator(chunk_size=2000)
    ]


def _published_run_results(*, organization_id: int, year: int, run_id: int | None) -> QuerySet[Result]:
    """The results of the year's version in force (or of `run_id`, a whole-year version of that year), only when
    the year is published: one statement, the publication checked inside it."""
    published = Publication.objects.filter(
        organization_id=organization_id, year=year, state=Publication.State.PUBLISHED
    )
    if run_id is None:
        return Result.objects.filter(run_id__in=published.values("run_id"))
    return Result.objects.filter(
        Exists(published),
        run_id=run_id,
        run__organization_id=organization_id,
        run__year=year,
        run__group__isnull=True,
        run__status=ResultRun.Status.SUCCEEDED,
    )


def _narrowed(qs: QuerySet[Result], *, cadre_ids, group_id, grades) -> QuerySet[Result]:
    if cadre_ids is not None:
        qs = qs.filter(cadre_id__in=cadre_ids)
    if group_id is not None:
        qs = qs.filter(group_id=group_id)
    if grades is not None:
        qs = with_final(qs).filter(final_grade__in=list(grades))
    return qs


def final_results(
    *,
    organization_id: int,
    year: int,
    run_id: int | None = None,
    cadre_ids: Iterable[int] | None = None,
    group_id: int | None = None,
    grades: Iterable[str] | None = None,
) -> list[FinalResult]:
    """The final results of a published year: of the version in force, or of `run_id` (one of the year's whole-year
    versions). Empty when the year is not published. Narrowed to `cadre_ids` (a list, or another app's queryset of
    ids), a group, and final grade codes; by group, then rank. One query."""
    qs = _published_run_results(organization_id=organization_id, year=year, run_id=run_id)
    return _final_rows(_narrowed(qs, cadre_ids=cadre_ids, group_id=group_id, grades=grades))


def cadre_ids_with_grades(
    *, organization_id: int, year: int, grades: Iterable[str], run_id: int | None = None
) -> QuerySet:
    """The ids of the cadres whose final grade in the published year is one of `grades`, as a lazy queryset: filter
    another app's rows with it (`Cadre.objects.filter(pk__in=…)`) and it runs inside that app's statement."""
    qs = _published_run_results(organization_id=organization_id, year=year, run_id=run_id)
    return with_final(qs).filter(final_grade__in=list(grades)).values("cadre_id")


@dataclass(frozen=True)
class StepDownCandidate:
    """A cadre of the final bottom set, or vetoed: who the step-down (主动让贤) workflow starts from."""

    run_id: int
    version: int
    cadre_id: int
    group_id: int
    group_name: str
    composite: Decimal | None
    rank: int | None
    group_size: int
    vetoed: bool
    in_bottom: bool
    boundary_tie: bool
    reason: str  # "bottom", "veto", "both"
    reason_label: str  # e.g. 组内排名后10%且一票否决, with the scheme's ratio
    bottom_label: str  # 后10%
    bottom_ratio: Decimal  # the scheme's, 0.100


def step_down_candidates(*, organization_id: int, year: int, run_id: int | None = None) -> list[StepDownCandidate]:
    """The final bottom set (a boundary tie counts as the committee decided it) together with the vetoed, of the
    published year's version in force (or of `run_id`). Empty when the year is not published. Two queries."""
    qs = _published_run_results(organization_id=organization_id, year=year, run_id=run_id)
    flagged = _final_rows(qs.filter(Q(in_bottom=True) | Q(vetoed=True) | Q(boundary_tie=True)))
    rows = [r for r in flagged if r.in_bottom or r.vetoed]
    if not rows:
        return []
    facts = scheme_facts(organization_id=organization_id, year=year, run_id=rows[0].run_id)
    ratio = facts.bottom_ratio if facts else Scheme._meta.get_field("bottom_ratio").default
    label = bottom_label(ratio)
    labels = {
        REASON_BOTTOM: _("组内排名%(bottom)s") % {"bottom": label},
        REASON_VETO: _("一票否决"),
        REASON_BOTH: _("组内排名%(bottom)s且一票否决") % {"bottom": label},
    }
    candidates = []
    for r in rows:
        reason = REASON_BOTH if r.in_bottom and r.vetoed else REASON_VETO if r.vetoed else REASON_BOTTOM
        candidates.append(
            StepDownCandidate(
                run_id=r.run_id,
                version=r.version,
                cadre_id=r.cadre_id,
                group_id=r.group_id,
                group_name=r.group_name,
                composite=r.composite,
                rank=r.rank,
                group_size=r.group_size,
                vetoed=r.vetoed,
                in_bottom=r.in_bottom,
                boundary_tie=r.boundary_tie,
                reason=reason,
                reason_label=labels[reason],
                bottom_label=label,
                bottom_ratio=ratio,
            )
        )
    return candidates


def current_results(
    *,
    organization_id: int,
    year: int,
    cadre_ids: Iterable[int] | None = None,
    group_id: int | None = None,
    grades: Iterable[str] | None = None,
) -> list[FinalResult]:
    """The results of the year's newest successful whole-year version, published or not, with the committee's tie
    decisions so far applied. Empty when the year has not been computed. Two queries."""
    run_id = (
        ResultRun.objects.filter(
            organization_id=organization_id, year=year, status=ResultRun.Status.SUCCEEDED, group__isnull=True
        )
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    if run_id is None:
        return []
    qs = Result.objects.filter(run_id=run_id)
    return _final_rows(_narrowed(qs, cadre_ids=cadre_ids, group_id=group_id, grades=grades))
