"""What the committee meeting pack (党组会议材料) of a year holds, in the order a meeting takes it: the results summary
per group, the 优秀 list with the share of the quota used, the bottom set and the vetoes, the step-down cases and their
state, and the decisions still waiting for the committee. Results come through assessments' published door: the
version in force once the year is published, before that the newest computed version (marked as not published)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet

from assessments.selectors import published
from demotion.models import StepDownCase, ToleranceCase
from org.models import Cadre, Organization

EXCELLENT = "1"


@dataclass(frozen=True)
class GroupSummary:
    name: str
    size: int
    by_grade: dict  # label -> count, in the scale's order
    excellent: int
    in_bottom: int
    vetoed: int
    excellent_share: Decimal  # 优秀 / group size, in percent


@dataclass
class MeetingPack:
    organization: Organization
    year: int
    is_published: bool
    published_on: datetime.date | None
    version: int | None
    scheme_name: str
    excellent_percent: str
    bottom_label: str
    grade_labels: list  # the scale's labels, in order
    groups: list[GroupSummary] = field(default_factory=list)
    excellent: list = field(default_factory=list)  # (FinalResult, Cadre)
    bottom: list = field(default_factory=list)  # (FinalResult, Cadre)
    cases: list = field(default_factory=list)  # StepDownCase
    pending_cases: list = field(default_factory=list)  # StepDownCase awaiting the committee
    pending_tolerance: list = field(default_factory=list)  # ToleranceCase awaiting the committee

    @property
    def made_on(self) -> datetime.date | None:
        return self.published_on


def meeting_pack(*, organization: Organization, year: int, cadres: QuerySet[Cadre]) -> MeetingPack:
    """The pack for the cadres of `cadres` (the caller's scope)."""
    state = published.publication_state(organization_id=organization.pk, year=year)
    ids = cadres.filter(organization=organization).values_list("pk", flat=True)
    if state.published:
        results = published.final_results(organization_id=organization.pk, year=year, cadre_ids=list(ids))
    else:
        results = published.current_results(organization_id=organization.pk, year=year, cadre_ids=list(ids))
    scheme = published.scheme_facts(
        organization_id=organization.pk, year=year, run_id=results[0].run_id if results else None
    )
    people = Cadre.objects.in_bulk([r.cadre_id for r in results])
    labels = [label for code, label in scheme.grade_labels] if scheme else []
    pack = MeetingPack(
        organization=organization,
        year=year,
        is_published=state.published,
        published_on=state.published_on,
        version=results[0].version if results else None,
        scheme_name=scheme.name if scheme else "",
        excellent_percent=scheme.excellent_percent if scheme else "",
        bottom_label=scheme.bottom_label if scheme else published.bottom_label(published.DEFAULT_BOTTOM_RATIO),
        grade_labels=labels,
    )
    by_group: dict[str, list] = {}
    for r in results:
        by_group.setdefault(r.group_name, []).append(r)
        if r.grade == EXCELLENT:
            pack.excellent.append((r, people[r.cadre_id]))
        if r.in_bottom or r.vetoed:
            pack.bottom.append((r, people[r.cadre_id]))
    for name, rows in by_group.items():
        size = rows[0].group_size if rows else 0
        counts = Counter(r.special_label or r.grade_label for r in rows)
        excellent = sum(1 for r in rows if r.grade == EXCELLENT)
        pack.groups.append(
            GroupSummary(
                name=name,
                size=size,
                by_grade={label: counts.get(label, 0) for label in labels if counts.get(label, 0)},
                excellent=excellent,
                in_bottom=sum(1 for r in rows if r.in_bottom),
                vetoed=sum(1 for r in rows if r.vetoed),
                excellent_share=(Decimal(excellent * 100) / size).quantize(Decimal("0.1")) if size else Decimal(0),
            )
        )
    in_scope = Q(cadre_id__in=ids)
    cases = StepDownCase.objects.filter(in_scope, organization=organization, year=year).select_related("cadre")
    pack.cases = list(cases.order_by("group_name", F("rank").asc(nulls_last=True), "cadre__employee_no", "pk"))
    pack.pending_cases = [c for c in pack.cases if c.state == StepDownCase.State.APPLIED]
    pack.pending_tolerance = list(
        ToleranceCase.objects.filter(
            in_scope, organization=organization, year=year, state=ToleranceCase.State.REQUESTED
        )
        .select_related("cadre")
        .order_by("cadre__employee_no", "pk")
    )
    return pack
