"""The rater leniency report of one organization and year, over the scores of the cadres in the reader's scope: the
raters' table per period (see analytics.stats.leniency) and the advisory normalised composite beside the official
one (the year's newest computed version, published or not), with the rank changes it would cause. The official
composite is never changed: the report only reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.selectors.scope import cadres_by_id, visible_cadres
from analytics.stats import leniency
from assessments.selectors.published import (
    current_results,
    rater_scores,
    raters_shown,
    scheme_components,
    scheme_periods,
)
from org.models import Cadre, Organization


@dataclass(frozen=True)
class RaterRow:
    period_kind: str
    period_label: str
    rater: Cadre | HiddenRater
    n: int
    mean: float
    sd: float
    top_share: float
    consensus_r: float | None
    z: float
    flagged: bool


@dataclass(frozen=True)
class CompositeRow:
    cadre: Cadre
    group_name: str
    official: float | None
    official_rank: int | None
    advisory: float | None
    advisory_rank: int | None
    rank_change: int | None


@dataclass
class LeniencyReport:
    organization: Organization
    year: int
    periods: list[tuple[str, str]]  # (kind, label) that have scores
    raters: list[RaterRow] = field(default_factory=list)
    composites: list[CompositeRow] = field(default_factory=list)
    has_results: bool = False
    top_percent: int = round(leniency.TOP_BAND * 100)
    flag_sd: float = leniency.FLAG_SD
    gap_percent: int = round(leniency.MIN_GAP * 100)

    @property
    def flagged(self) -> list[RaterRow]:
        return [r for r in self.raters if r.flagged]

    @property
    def moved(self) -> list[CompositeRow]:
        return [r for r in self.composites if r.rank_change]

    def raters_of(self, kind: str) -> list[RaterRow]:
        return [r for r in self.raters if r.period_kind == kind]


@dataclass(frozen=True)
class HiddenRater:
    """A rater the reader may not identify: a pseudonym, no id, no employee number."""

    name: str
    pk: None = None
    employee_no: str = ""


def leniency_report(*, user, organization: Organization, year: int) -> LeniencyReport:
    visible = visible_cadres(user=user, organization_id=organization.pk)
    components = scheme_components(organization_id=organization.pk, year=year)
    ranges = {c.component_id: (c.min_score, c.max_score) for c in components}
    rows = [
        (s.rater_id, s.ratee_id, s.component_id, s.period_kind, s.value, *ranges[s.component_id])
        for s in rater_scores(organization_id=organization.pk, year=year)
        if s.ratee_id in visible and s.component_id in ranges
    ]
    scores = leniency.score_frame(rows)
    labels = {p.kind: p.label for p in scheme_periods(organization_id=organization.pk, year=year)}
    scored = set(scores["period_kind"]) if not scores.empty else set()
    report = LeniencyReport(
        organization=organization, year=year, periods=[(k, v) for k, v in labels.items() if k in scored]
    )
    table = leniency.rater_table(scores)
    raters = cadres_by_id(set(table["rater_id"])) if not table.empty else {}
    # Rater privacy as on the score list: outside a subtree HR user's scope a rater is 评议人 A, B, … (no id or 工号)
    shown = raters_shown(user=user, raters=[(pk, c.name, c.employee_no) for pk, c in raters.items()])
    named = {pk: (c if not shown[pk].hidden else HiddenRater(name=shown[pk].name)) for pk, c in raters.items()}
    order = {kind: i for i, kind in enumerate(labels)}
    for r in sorted(table.to_dict("records"), key=lambda r: (order.get(r["period_kind"], 99), -r["mean"])):
        report.raters.append(
            RaterRow(
                period_kind=r["period_kind"],
                period_label=labels.get(r["period_kind"], r["period_kind"]),
                rater=named[int(r["rater_id"])],
                n=int(r["n"]),
                mean=round(r["mean"], 2),
                sd=round(r["sd"], 2),
                top_share=r["top_share"],
                consensus_r=None if r["consensus_r"] is None else round(r["consensus_r"], 2),
                z=round(r["z"], 2),
                flagged=bool(r["flagged"]),
            )
        )
    results = current_results(organization_id=organization.pk, year=year, cadre_ids=list(visible))
    report.has_results = bool(results)
    if results:
        official = {
            r.cadre_id: (None if r.composite is None else float(r.composite), r.group_id, r.rank) for r in results
        }
        weights = {c.component_id: (float(c.weight), c.aggregation) for c in components}
        groups = {r.cadre_id: r.group_name for r in results}
        for row in leniency.advisory_composites(scores, weights, official):
            report.composites.append(
                CompositeRow(
                    cadre=visible[row["cadre_id"]],
                    group_name=groups[row["cadre_id"]],
                    official=row["official"],
                    official_rank=row["official_rank"],
                    advisory=row["advisory"],
                    advisory_rank=row["advisory_rank"],
                    rank_change=row["rank_change"],
                )
            )
    return report
