"""The published door: the one read interface other apps (step-down, recall, tenure, ballots, analytics) use into
assessments.

Everything here returns plain frozen dataclasses or values — ids, names, labels, Decimals, dates — never an
assessments model instance, so no other app depends on how assessments stores its data. Labels are in the language
active at the call; every label that names the bottom ratio or a grade is built from the year's scheme (后10%, 后15%;
称职 or 合格), never written in. The writes another app triggers go through `assessments.services`
(`entry_exempt`, `register_publication_listener`). Nothing here checks who asks: the calling app scopes its own
rows (e.g. by passing the cadre ids a user may see). The readers live with their topics (selectors.publication,
.final, .history, .appeals, .records, .scores); this module is the list other apps import from.

Publication (the committee confirms a version, 优秀 candidates are posted, HR publishes; a published year changes
only through an appeal or an error-tolerance exemption, which adopt a new version):
    publication_state(*, organization_id, year) -> PublicationState
    publication_state_by_id(*, publication_id, lock=False) -> PublicationState | None
    publication_states(*, organization_id, years=None) -> dict[int, PublicationState]   (published years only)
    published_years(*, organization_id) -> list[int]                                      (newest first)
    recently_published(*, since) -> list[PublicationState]      (published, or a later version adopted, since)

The scheme's facts people print:
    scheme_facts(*, organization_id, year, run_id=None) -> SchemeFacts | None
    bottom_label(ratio) -> str               (后10%, 后15%: a ratio kept elsewhere named as the scheme names it)
    DEFAULT_BOTTOM_RATIO                     (a new scheme's ratio, Decimal("0.100"), for rows that predate one)

Final results of a published year and version, with the committee's tie decisions applied:
    final_results(*, organization_id, year, run_id=None, cadre_ids=None, group_id=None, grades=None)
        -> list[FinalResult]
    cadre_ids_with_grades(*, organization_id, year, grades, run_id=None) -> lazy ids (a subquery for another
        app's queryset, evaluated in that app's statement)
    step_down_candidates(*, organization_id, year, run_id=None) -> list[StepDownCandidate]
    grade_history(*, cadre_id) -> list[GradeYear]                                  (newest first, with medians)
    grade_histories(*, cadre_ids, organization_id=None, years=None, with_median=False) -> dict[int, list[GradeYear]]
Grade codes: EXCELLENT "1", COMPETENT "2", BASIC "3", INCOMPETENT "4", UNDETERMINED "5", NOT_ASSESSED "6".

Appeals (申诉复核) waiting for the committee:
    pending_appeals(*, cadre_id, year) -> AppealState
    item_appeal_pending(*, target, entry_id) -> bool

The approved deductions and vetoes an error-tolerance (容错免责) request may name:
    tolerance_entries(*, cadre_id=None, organization_id=None, year=None, exclude=()) -> list[EntryFacts]
    entry_facts(entry=None, *, target=None, entry_id=None, cadre_id=None, lock=False) -> EntryFacts | None
    entry_label(entry) -> str                     (no query: of a foreign key's row, loaded with its item)
Item kinds: DEDUCTION "deduction", VETO "veto", BONUS "bonus"; the state that counts: APPROVED "approved".

Where a year stands, for HR's year page and the committee's landing page (the caller scopes by ratee ids):
    scoring_completeness(*, organization_id, year, ratee_ids=None) -> ScoringCompleteness | None
        (per period, rater and group, with every MissingCell)
    assessment_stages(*, organization_id, year) -> AssessmentStages      (scheme … publication, counted)
    runs_to_confirm(*, organization_ids) -> list[RunToConfirm]           (versions awaiting the committee)
    scheme_year_list(*, organization_id) -> list[int]                    (years with a scheme, newest first)

Before publication, for analytics:
    rater_scores(*, organization_id, year) -> Iterator[RaterScore]
    current_results(*, organization_id, year, cadre_ids=None, group_id=None, grades=None) -> list[FinalResult]
    scheme_years(*, organization_id) -> list[int]          (years with a scheme in force, newest first)
    scheme_components(*, organization_id, year) -> list[ComponentFacts]   (the scheme in force: weight, range,
        aggregation and period kinds of each component, in the scheme's order; what the rater scores are scored on)
    scheme_periods(*, organization_id, year) -> list[PeriodFacts]         (kind, label, dates; by end date)
Aggregation codes: MEAN "mean", TRIMMED "trimmed" (去掉一个最高分和一个最低分 when there are three raters or more).

The year in progress, for early warnings:
    running_bottom_zone(*, organization_id, year) -> RunningZone | None   (after the latest closed quarter of the
        scheme in force: the cadres in the bottom zone of the running composite, as the quarterly warning counts it)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Grade, Period, Scheme
from assessments.results.display import bottom_label
from assessments.selectors.appeals import AppealState, item_appeal_pending, pending_appeals
from assessments.selectors.final import (
    FinalResult,
    StepDownCandidate,
    cadre_ids_with_grades,
    current_results,
    final_results,
    step_down_candidates,
)
from assessments.selectors.history import GradeYear, grade_histories, grade_history
from assessments.selectors.publication import (
    PublicationState,
    SchemeFacts,
    publication_state,
    publication_state_by_id,
    publication_states,
    published_years,
    recently_published,
    scheme_facts,
)
from assessments.selectors.rater_privacy import RaterShown, raters_shown
from assessments.selectors.records import (
    APPROVED,
    BONUS,
    DEDUCTION,
    VETO,
    EntryFacts,
    entry_facts,
    entry_label,
    tolerance_entries,
)
from assessments.selectors.scores import RaterScore, rater_scores
from assessments.selectors.standing import (
    AssessmentStages,
    Completeness,
    MissingCell,
    RunToConfirm,
    ScoringCompleteness,
    assessment_stages,
    runs_to_confirm,
    scheme_year_list,
    scoring_completeness,
)
from assessments.selectors.warnings import RunningZone, running_bottom_zone

# The national grade codes (等次代码) the results carry: 1 优秀, 2 称职 (合格), 3 基本称职 (基本合格), 4 不称职 (不合格),
# 5 不定等次, 6 不进行考核.
EXCELLENT, COMPETENT, BASIC, INCOMPETENT, UNDETERMINED, NOT_ASSESSED = (str(code) for code in Grade.values)
DEFAULT_BOTTOM_RATIO = Scheme._meta.get_field("bottom_ratio").default
MEAN, TRIMMED = Component.Aggregation.MEAN.value, Component.Aggregation.TRIMMED.value


@dataclass(frozen=True)
class ComponentFacts:
    """One component of a year's scheme in force, as the annual computation reads it."""

    component_id: int
    code: str
    name: str
    weight: Decimal  # percent; a scheme's weights add up to 100
    min_score: Decimal
    max_score: Decimal
    aggregation: str  # MEAN or TRIMMED
    period_kinds: tuple[str, ...]  # Q1 … Q4, H1, H2, Y


@dataclass(frozen=True)
class PeriodFacts:
    kind: str
    label: str
    start_date: date
    end_date: date


def _scheme_in_force(organization_id: int, year: int) -> Scheme | None:
    return Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT).first()


def scheme_years(*, organization_id: int) -> list[int]:
    """The years of the organization that have a scheme in force, newest first."""
    return list(
        Scheme.objects.filter(organization_id=organization_id, status=Scheme.Status.CURRENT)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def scheme_components(*, organization_id: int, year: int) -> list[ComponentFacts]:
    """The components of the year's scheme in force (empty without one), in the scheme's order. One query."""
    scheme = _scheme_in_force(organization_id, year)
    if scheme is None:
        return []
    return [
        ComponentFacts(
            component_id=c.pk,
            code=c.code,
            name=c.name,
            weight=c.weight,
            min_score=c.min_score,
            max_score=c.max_score,
            aggregation=c.aggregation,
            period_kinds=tuple(str(k) for k in PERIOD_KINDS_BY_FREQUENCY[c.frequency]),
        )
        for c in scheme.components.order_by("sort_order", "id")
    ]


def scheme_periods(*, organization_id: int, year: int) -> list[PeriodFacts]:
    """The periods of the year's scheme in force (empty without one), by end date."""
    scheme = _scheme_in_force(organization_id, year)
    if scheme is None:
        return []
    labels = dict(Period.Kind.choices)
    return [
        PeriodFacts(kind=p.kind, label=str(labels.get(p.kind, p.kind)), start_date=p.start_date, end_date=p.end_date)
        for p in scheme.periods.order_by("end_date", "start_date")
    ]


__all__ = [
    "APPROVED",
    "BONUS",
    "DEFAULT_BOTTOM_RATIO",
    "DEDUCTION",
    "VETO",
    "BASIC",
    "COMPETENT",
    "EXCELLENT",
    "INCOMPETENT",
    "NOT_ASSESSED",
    "UNDETERMINED",
    "MEAN",
    "TRIMMED",
    "AppealState",
    "AssessmentStages",
    "Completeness",
    "MissingCell",
    "RunToConfirm",
    "ScoringCompleteness",
    "assessment_stages",
    "runs_to_confirm",
    "scheme_year_list",
    "scoring_completeness",
    "ComponentFacts",
    "PeriodFacts",
    "bottom_label",
    "EntryFacts",
    "FinalResult",
    "GradeYear",
    "PublicationState",
    "RaterScore",
    "RaterShown",
    "raters_shown",
    "SchemeFacts",
    "StepDownCandidate",
    "cadre_ids_with_grades",
    "current_results",
    "entry_facts",
    "entry_label",
    "final_results",
    "grade_histories",
    "grade_history",
    "item_appeal_pending",
    "pending_appeals",
    "publication_state",
    "publication_state_by_id",
    "publication_states",
    "published_years",
    "recently_published",
    "rater_scores",
    "RunningZone",
    "running_bottom_zone",
    "scheme_components",
    "scheme_facts",
    "scheme_periods",
    "scheme_years",
    "step_down_candidates",
    "tolerance_entries",
]
