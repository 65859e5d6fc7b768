"""Reads: the results as the committee settled them, for the exports, the cadre's own page, the step-down
workflow and the settlement page."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from assessments.models import Grade, Result, ResultRun, TieDecision
from assessments.results.workflow.rules import BOTTOM, EXCELLENT, group_counts, tie_flag

# --- reads: the results as the committee settled them -------------------------------------------------------------


def _decisions(run: ResultRun) -> dict[tuple[int, str], bool]:
    return {
        (cadre_id, kind): chosen for cadre_id, kind, chosen in run.decisions.values_list("cadre_id", "kind", "chosen")
    }


def final_results(run: ResultRun, results: Iterable[Result] | None = None) -> Iterator[tuple[Result, str, bool]]:
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


def with_final(results: QuerySet[Result]) -> QuerySet[Result]:
    """The same as final_results, in SQL: annotates `final_grade` and `final_in_bottom` (to filter or sort on)."""
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


def step_down_candidates(run: ResultRun) -> QuerySet[Result]:
    """The final bottom set together with the vetoed: the cadres the step-down (主动让贤) workflow starts from."""
    chosen_bottom = TieDecision.objects.filter(run=run, kind=BOTTOM, chosen=True).values("cadre_id")
    return (
        Result.objects.filter(run=run)
        .filter(Q(in_bottom=True) | Q(vetoed=True) | Q(boundary_tie=True, cadre_id__in=chosen_bottom))
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "rank")
    )


@dataclass
class TieGroup:
    """One group's ties of one kind, for the settlement page."""

    kind: str
    group_id: int
    group_name: str
    ties: int  # how many are tied (in the whole group, whoever may see them)
    slots: int  # bottom: how many of them must join the bottom set; 优秀: how many at most may be graded 优秀
    decided: int  # how many of them are decided (in the whole group)
    rows: list = field(default_factory=list)  # (result, decision or None), the ones the reader may see

    @property
    def is_bottom(self) -> bool:
        return self.kind == BOTTOM

    @property
    def complete(self) -> bool:
        return self.decided == self.ties

    @property
    def reason(self) -> str:
        reasons = [d.reason for _, d in self.rows if d is not None]
        return reasons[-1] if reasons else ""


def tie_groups(run: ResultRun, results: QuerySet[Result] | None = None) -> list[TieGroup]:
    """Every group's boundary ties and 优秀 ties of the run, with the decisions so far. `results` narrows the rows
    shown (e.g. to the reader's scope); the counts are always the whole group's. Three queries."""
    counts = group_counts(run)
    qs = Result.objects.filter(run=run) if results is None else results
    tied = list(
        qs.filter(Q(boundary_tie=True) | Q(excellent_tie=True))
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "cadre__employee_no")
    )
    decisions = {(d.cadre_id, d.kind): d for d in run.decisions.select_related("decided_by")}
    groups: dict[tuple[int, str], TieGroup] = {}
    for result in tied:
        for kind in (BOTTOM, EXCELLENT):
            if not getattr(result, tie_flag(kind)):
                continue
            key = (result.group_id, kind)
            if key not in groups:
                c = counts[result.group_id]
                groups[key] = TieGroup(
                    kind=kind,
                    group_id=result.group_id,
                    group_name=result.group.name,
                    ties=c.ties(kind),
                    slots=c.slots(run.scheme, kind),
                    decided=c.decided(kind),
                )
            groups[key].rows.append((result, decisions.get((result.cadre_id, kind))))
    # The bottom ties first, as they weigh more on the people concerned; then by group.
    return sorted(groups.values(), key=lambda g: (g.kind != BOTTOM, g.group_name, g.group_id))


def excellent_candidates(run: ResultRun, results: QuerySet[Result] | None = None) -> QuerySet[Result]:
    """The 优秀 candidates to post: final grade 优秀, in group and rank order."""
    qs = Result.objects.filter(run=run) if results is None else results
    return (
        with_final(qs.filter(Q(grade=Grade.EXCELLENT) | Q(excellent_tie=True)))
        .filter(final_grade=Grade.EXCELLENT)
        .select_related("cadre", "cadre__unit", "group")
        .order_by("group__name", "group_id", "rank", "cadre__employee_no")
    )
