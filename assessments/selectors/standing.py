"""Where a year of assessment stands, for HR's year page (through `assessments.selectors.published`): the
assessments stages with their counts, and the scoring's completeness — per period, per rater and per group, with
every missing cell.

A cell is one assignment (rater → ratee on a component) in one period of the component's frequency that has started
(open or closed); it is missing while it has no score. Plain frozen values only; the caller scopes by passing the
ratee ids a user may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from assessments.models import (
    PERIOD_KINDS_BY_FREQUENCY,
    Component,
    Period,
    Publication,
    RaterAssignment,
    ResultRun,
    Scheme,
    Score,
    TieDecision,
)
from org.models import GroupMembership


@dataclass(frozen=True)
class MissingCell:
    period_id: int
    period_label: str
    component_id: int
    component_name: str
    rater_id: int
    rater_name: str
    rater_employee_no: str
    rater_user_id: int | None
    ratee_id: int
    ratee_name: str
    ratee_employee_no: str
    group_name: str  # the ratee's assessment group that year ("" when in none)


@dataclass(frozen=True)
class Completeness:
    """One line of a completeness table: a period, a rater or a group."""

    key: int | None
    label: str
    expected: int
    entered: int

    @property
    def missing(self) -> int:
        return self.expected - self.entered

    @property
    def percent(self) -> int:
        """Whole percent entered, rounded down (100 only when nothing is missing)."""
        return 100 if not self.expected else self.entered * 100 // self.expected


@dataclass(frozen=True)
class ScoringCompleteness:
    scheme_id: int
    year: int
    total: Completeness
    periods: tuple[Completeness, ...]
    raters: tuple[Completeness, ...]  # those with a missing cell first, most missing first
    groups: tuple[Completeness, ...]
    missing: tuple[MissingCell, ...]  # by period, rater, ratee, component


def current_scheme(*, organization_id: int, year: int) -> Scheme | None:
    return Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT).first()


def _rows(counts: dict, labels: dict) -> tuple[Completeness, ...]:
    return tuple(Completeness(key=key, label=labels[key], expected=e, entered=n) for key, (e, n) in counts.items())


def scoring_completeness(
    *, organization_id: int, year: int, ratee_ids: Iterable[int] | None = None
) -> ScoringCompleteness | None:
    """The completeness of the year's scheme in force (None: no scheme). Four queries."""
    scheme = current_scheme(organization_id=organization_id, year=year)
    if scheme is None:
        return None
    # In the order they end (Q1, Q2, H1, Q3, Q4, H2, the year): a half-year after its second quarter.
    periods = list(
        Period.objects.filter(scheme=scheme).exclude(status=Period.Status.PENDING).order_by("end_date", "-start_date")
    )
    assignments = RaterAssignment.objects.filter(scheme=scheme).select_related("component", "rater", "ratee")
    scores = Score.objects.filter(scheme=scheme, period__in=periods)
    if ratee_ids is not None:
        ratee_ids = list(ratee_ids)
        assignments = assignments.filter(ratee_id__in=ratee_ids)
        scores = scores.filter(ratee_id__in=ratee_ids)
    entered = set(scores.values_list("period_id", "component_id", "rater_id", "ratee_id"))
    ordered = sorted(assignments, key=lambda a: (a.rater.employee_no, a.ratee.employee_no, a.component.sort_order))
    groups = dict(
        GroupMembership.objects.filter(year=year, group__organization_id=organization_id).values_list(
            "cadre_id", "group__name"
        )
    )

    by_period: dict[int, list[int]] = {p.pk: [0, 0] for p in periods}
    by_rater: dict[int, list[int]] = {}
    by_group: dict[str, list[int]] = {}
    rater_labels: dict[int, str] = {}
    missing: list[MissingCell] = []
    for period in periods:
        for a in ordered:
            if period.kind not in PERIOD_KINDS_BY_FREQUENCY[a.component.frequency]:
                continue
            done = (period.pk, a.component_id, a.rater_id, a.ratee_id) in entered
            group = groups.get(a.ratee_id, "")
            rater_labels[a.rater_id] = f"{a.rater.name}({a.rater.employee_no})"
            for counter in (by_period[period.pk], by_rater.setdefault(a.rater_id, [0, 0])):
                counter[0] += 1
                counter[1] += done
            by_group.setdefault(group, [0, 0])
            by_group[group][0] += 1
            by_group[group][1] += done
            if not done:
                missing.append(
                    MissingCell(
                        period_id=period.pk,
                        period_label=str(period),
                        component_id=a.component_id,
                        component_name=a.component.name,
                        rater_id=a.rater_id,
                        rater_name=a.rater.name,
                        rater_employee_no=a.rater.employee_no,
                        rater_user_id=a.rater.user_id,
                        ratee_id=a.ratee_id,
                        ratee_name=a.ratee.name,
                        ratee_employee_no=a.ratee.employee_no,
                        group_name=group,
                    )
                )
    expected = sum(c[0] for c in by_period.values())
    entered_count = sum(c[1] for c in by_period.values())
    raters = sorted(_rows(by_rater, rater_labels), key=lambda r: (-r.missing, r.label))  # who owes the most, first
    return ScoringCompleteness(
        scheme_id=scheme.pk,
        year=year,
        total=Completeness(key=None, label="", expected=expected, entered=entered_count),
        periods=_rows(by_period, {p.pk: str(p) for p in periods}),
        raters=tuple(raters),
        groups=tuple(
            Completeness(key=None, label=name, expected=e, entered=n) for name, (e, n) in sorted(by_group.items())
        ),
        missing=tuple(missing),
    )


@dataclass(frozen=True)
class AssessmentStages:
    """The counts of the assessments stages of a year (scheme → raters → periods → computation → committee → 公示 →
    publication); scoring's are the completeness's."""

    scheme_id: int | None
    scheme_version: int | None
    components: int
    assignments: int
    raters: int
    ratees: int
    periods_total: int
    periods_open: int
    periods_closed: int
    runs: int
    latest_run_id: int | None
    latest_run_version: int | None
    tie_decisions: int
    publication_state: str  # "" none, else Publication.State
    posted_on: datetime.date | None
    posting_ends_on: datetime.date | None
    published_on: datetime.date | None
    publication_run_id: int | None
    publication_run_version: int | None


def assessment_stages(*, organization_id: int, year: int) -> AssessmentStages:
    """A handful of counting queries."""
    scheme = current_scheme(organization_id=organization_id, year=year)
    assignments = RaterAssignment.objects.filter(scheme=scheme) if scheme else RaterAssignment.objects.none()
    period_counts = (
        dict(Period.objects.filter(scheme=scheme).values_list("status").annotate(n=Count("id"))) if scheme else {}
    )
    runs = ResultRun.objects.filter(organization_id=organization_id, year=year, group__isnull=True)
    latest = runs.filter(status=ResultRun.Status.SUCCEEDED).order_by("-version").first()
    publication = Publication.objects.filter(organization_id=organization_id, year=year).select_related("run").first()
    decided_run = publication.run_id if publication else (latest.pk if latest else None)
    return AssessmentStages(
        scheme_id=scheme.pk if scheme else None,
        scheme_version=scheme.version if scheme else None,
        components=Component.objects.filter(scheme=scheme).count() if scheme else 0,
        assignments=assignments.count(),
        raters=assignments.values("rater_id").distinct().count(),
        ratees=assignments.values("ratee_id").distinct().count(),
        periods_total=sum(period_counts.values()),
        periods_open=period_counts.get(Period.Status.OPEN, 0),
        periods_closed=period_counts.get(Period.Status.CLOSED, 0),
        runs=runs.count(),
        latest_run_id=latest.pk if latest else None,
        latest_run_version=latest.version if latest else None,
        tie_decisions=TieDecision.objects.filter(run_id=decided_run).count() if decided_run else 0,
        publication_state=publication.state if publication else "",
        posted_on=publication.posted_on if publication else None,
        posting_ends_on=publication.posting_ends_on if publication else None,
        published_on=publication.published_on if publication else None,
        publication_run_id=publication.run_id if publication else None,
        publication_run_version=publication.run.version if publication else None,
    )


@dataclass(frozen=True)
class RunToConfirm:
    """A successful whole-year version of a year that has no publication yet: the committee's to confirm."""

    run_id: int
    organization_name: str
    year: int
    version: int
    finished_at: datetime.datetime | None


def runs_to_confirm(*, organization_ids: Iterable[int] | None) -> list[RunToConfirm]:
    """The newest successful whole-year version of each year without a publication, of these organizations (None:
    all), newest year first."""
    organization_ids = None if organization_ids is None else list(organization_ids)
    runs = ResultRun.objects.filter(status=ResultRun.Status.SUCCEEDED, group__isnull=True).select_related(
        "organization"
    )
    if organization_ids is not None:
        runs = runs.filter(organization_id__in=organization_ids)
    publications = Publication.objects.all()
    if organization_ids is not None:
        publications = publications.filter(organization_id__in=organization_ids)
    published = set(publications.values_list("organization_id", "year"))
    newest: dict[tuple[int, int], ResultRun] = {}
    for run in runs.order_by("organization_id", "year", "-version"):
        key = (run.organization_id, run.year)
        if key not in published and key not in newest:
            newest[key] = run
    return [
        RunToConfirm(
            run_id=run.pk,
            organization_name=run.organization.name,
            year=run.year,
            version=run.version,
            finished_at=run.finished_at,
        )
        for run in sorted(newest.values(), key=lambda r: (-r.year, r.organization.name))
    ]


def scheme_year_list(*, organization_id: int) -> list[int]:
    """The years that have a scheme, newest first."""
    return sorted(
        set(Scheme.objects.filter(organization_id=organization_id).values_list("year", flat=True)), reverse=True
    )
