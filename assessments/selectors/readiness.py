"""Whether a computed version may go on: is it still what the data says (stale or not), and is the year complete
(no cadre's scores missing without a no-grade state, no period still open, no point or veto awaiting a decision, no
sanction changed since the computation).

A version records a fingerprint of the year's inputs when it is computed (`year_fingerprint`): per table the rows'
count, the sum of their ids and the latest change, for the scores of the scheme in force, the year's points and
vetoes, the sanctions the year's grades read, the memberships of the year's groups, the no-grade states and the
scheme itself (its settings, components and periods). Any insert, delete or audited change of one of them (every
service stamps `updated_at`) gives another fingerprint: the version is stale (结果已过期,请重新计算) and may not be
confirmed, posted or published.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import (
    ApprovalStatus,
    Component,
    Period,
    PointEntry,
    Result,
    ResultRun,
    Scheme,
    Score,
    SpecialStatus,
    VetoEntry,
)
from org.models import AssessmentGroup, GroupMembership, SanctionRecord

STALE_MESSAGE_TEXT = "结果已过期,请重新计算"


def stale_message() -> str:
    return _("结果已过期,请重新计算")


def _sanction_window(year: int) -> Q:
    # The sanctions the computation reads (results.engine: this year's and last year's).
    return Q(effective_from__gte=datetime.date(year - 1, 1, 1), effective_from__lte=datetime.date(year, 12, 31))


def year_sanctions(*, organization_id: int, year: int) -> QuerySet[SanctionRecord]:
    members = GroupMembership.objects.filter(group__organization_id=organization_id, group__year=year)
    return SanctionRecord.objects.filter(_sanction_window(year), cadre_id__in=members.values("cadre_id"))


def _digest_sql(qs: QuerySet) -> tuple[str, tuple]:
    """A scalar subquery giving "count:sum of ids:latest change" of the rows of `qs`."""
    sql, params = qs.order_by().values(fp_id=F("pk"), fp_at=F("updated_at")).query.sql_with_params()
    return (
        "(SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(t.fp_id), 0) AS TEXT) || ':' || "  # noqa: S608
        f"COALESCE(CAST(MAX(t.fp_at) AS TEXT), '') FROM ({sql}) t)",
        params,
    )


def year_fingerprint(*, organization_id: int, year: int) -> str:
    """A short digest of everything the year's computation reads; equal digests, equal inputs. One query."""
    scheme = Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT)
    scheme_ids = scheme.values("pk")
    groups = AssessmentGroup.objects.filter(organization_id=organization_id, year=year)
    parts = [
        scheme,
        Component.objects.filter(scheme_id__in=scheme_ids),
        Period.objects.filter(scheme_id__in=scheme_ids),
        Score.objects.filter(scheme_id__in=scheme_ids),
        PointEntry.objects.filter(year=year, item__organization_id=organization_id),
        VetoEntry.objects.filter(year=year, item__organization_id=organization_id),
        year_sanctions(organization_id=organization_id, year=year),
        groups,
        GroupMembership.objects.filter(group__in=groups.values("pk")),
        SpecialStatus.objects.filter(year=year, cadre__organization_id=organization_id),
    ]
    columns: list[str] = []
    params: list = []  # the query compiler's parameters
    for qs in parts:
        sql, part_params = _digest_sql(qs)
        columns.append(sql)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return hashlib.sha256("|".join(str(v) for v in row).encode()).hexdigest()


def run_is_stale(run: ResultRun) -> bool:
    """A finished version whose inputs changed since it was computed (or computed before versions kept their
    fingerprint, so nobody can tell)."""
    if run.status != ResultRun.Status.SUCCEEDED:
        return False
    if not run.inputs_fingerprint:
        return True
    return run.inputs_fingerprint != year_fingerprint(organization_id=run.organization_id, year=run.year)


# --- completeness ----------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One unresolved item, with where it is resolved."""

    text: str
    url: str = ""
    cadre_id: int | None = None  # whose item it is, to keep a page within its reader's scope


@dataclass
class GroupGap:
    group_id: int
    group: str
    incomplete: list[Item] = field(default_factory=list)


@dataclass
class Completeness:
    """What stands between a version and its confirmation or publication."""

    stale: bool
    groups: list[GroupGap]
    open_periods: list[Item]
    pending_points: list[Item]
    pending_vetoes: list[Item]
    changed_sanctions: list[Item]
    no_grade: list[SpecialStatus] = field(default_factory=list)  # recorded by HR, shown to the committee
    unresolved: int = 0  # every unresolved item, whoever may see it
    hidden: int = 0  # of those, the ones outside the reader's scope (not listed)

    @property
    def incomplete_count(self) -> int:
        return sum(len(g.incomplete) for g in self.groups)

    @property
    def resolved(self) -> bool:
        return not self.unresolved

    def _count(self) -> int:
        return (
            self.incomplete_count
            + len(self.open_periods)
            + len(self.pending_points)
            + len(self.pending_vetoes)
            + len(self.changed_sanctions)
        )

    def within(self, cadre_ids: set[int]) -> Completeness:
        """The same, listing only the items about cadres of `cadre_ids` (the periods concern everyone)."""

        def keep(items):
            return [i for i in items if i.cadre_id is None or i.cadre_id in cadre_ids]

        groups = [GroupGap(g.group_id, g.group, keep(g.incomplete)) for g in self.groups]
        scoped = Completeness(
            stale=self.stale,
            groups=[g for g in groups if g.incomplete],
            open_periods=self.open_periods,
            pending_points=keep(self.pending_points),
            pending_vetoes=keep(self.pending_vetoes),
            changed_sanctions=keep(self.changed_sanctions),
            no_grade=[s for s in self.no_grade if s.cadre_id in cadre_ids],
            unresolved=self.unresolved,
        )
        scoped.hidden = self.unresolved - scoped._count()
        return scoped

    @property
    def ready(self) -> bool:
        return self.resolved and not self.stale

    def summary(self) -> str:
        """One sentence listing what is unresolved, for a refusal."""
        parts = []
        if self.incomplete_count:
            parts.append(_("%(n)d 名干部评分不完整") % {"n": self.incomplete_count})
        if self.open_periods:
            parts.append(_("考核期间尚未结束:%(names)s") % {"names": "、".join(i.text for i in self.open_periods)})
        if self.pending_points:
            parts.append(_("%(n)d 条加减分待审批") % {"n": len(self.pending_points)})
        if self.pending_vetoes:
            parts.append(_("%(n)d 条一票否决待审批") % {"n": len(self.pending_vetoes)})
        if self.changed_sanctions:
            parts.append(_("%(n)d 条处分记录在计算后有变动") % {"n": len(self.changed_sanctions)})
        return ";".join(parts)


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


def run_completeness(run: ResultRun) -> Completeness:
    """The version's gaps: per group the cadres whose scores are incomplete and who have no no-grade state, the
    scheme's periods not yet closed, the year's points and vetoes awaiting a decision, the sanctions changed after
    the version was computed."""
    org, year = run.organization_id, run.year
    gaps: dict[int, GroupGap] = {}
    incomplete = (
        Result.objects.filter(run=run, incomplete=True, special_status="")
        .select_related("group", "cadre")
        .order_by("group__name", "group_id", "cadre__employee_no")
    )
    for r in incomplete:
        gap = gaps.setdefault(r.group_id, GroupGap(r.group_id, r.group.name))
        gap.incomplete.append(
            Item(
                f"{r.cadre.employee_no} {r.cadre.name}",
                _url("assessments:results_no_grade", pk=run.pk, cadre=r.cadre_id),
                r.cadre_id,
            )
        )
    periods = Period.objects.filter(scheme_id=run.scheme_id).exclude(status=Period.Status.CLOSED)
    open_periods = [
        Item(f"{p.get_kind_display()}({p.get_status_display()})", _url("assessments:scheme_detail", pk=run.scheme_id))
        for p in periods.order_by("start_date")
    ]
    pending = Q(year=year, item__organization_id=org, status=ApprovalStatus.PENDING)
    points = [
        Item(f"{e.cadre.name} {e.item.name} {e.points}", _url("assessments:point_detail", pk=e.pk), e.cadre_id)
        for e in PointEntry.objects.filter(pending).select_related("cadre", "item").order_by("pk")
    ]
    vetoes = [
        Item(f"{e.cadre.name} {e.item.name}", _url("assessments:veto_detail", pk=e.pk), e.cadre_id)
        for e in VetoEntry.objects.filter(pending).select_related("cadre", "item").order_by("pk")
    ]
    since = run.started_at or run.created_at
    sanctions = [
        Item(
            f"{s.cadre.name} {s.get_kind_display()} {s.effective_from:%Y-%m-%d}",
            _url("org:cadre_detail", pk=s.cadre_id),
            s.cadre_id,
        )
        for s in year_sanctions(organization_id=org, year=year)
        .filter(updated_at__gt=since)
        .select_related("cadre")
        .order_by("pk")
    ]
    completeness = Completeness(
        stale=run_is_stale(run),
        groups=sorted(gaps.values(), key=lambda g: (g.group, g.group_id)),
        open_periods=open_periods,
        pending_points=points,
        pending_vetoes=vetoes,
        changed_sanctions=sanctions,
        no_grade=list(
            SpecialStatus.objects.filter(year=year, cadre_id__in=Result.objects.filter(run=run).values("cadre_id"))
            .select_related("cadre", "recorded_by")
            .order_by("cadre__employee_no")
        ),
    )
    completeness.unresolved = completeness._count()
    return completeness
