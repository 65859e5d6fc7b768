"""Appeals (申诉复核): their deadlines and the reads behind the pages, scoped to the user; and what waits for the
party committee, for other apps through `assessments.selectors.published`. The writes are in
assessments.services.appeals, which states the two channels and their rules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Appeal,
    ApprovalStatus,
    Grade,
    PointEntry,
    PointItem,
    Publication,
    Result,
    ResultRun,
    Scheme,
    VetoEntry,
)
from assessments.results.display import entry_label
from assessments.selectors.publication import publication_for
from assessments.selectors.results import cadre_published_results
from common.workdays import add_calendar_days, add_working_days
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope, rows_of_visible_cadres

# 公务员法: 复核 may be asked for within 30 days of learning of the grade; calendar days.
STATUTORY_REVIEW_DAYS = 30


DEFAULT_APPEAL_WORKING_DAYS = Scheme._meta.get_field("appeal_working_days").default


APPEAL_RELATED = [
    "cadre",
    "cadre__unit",
    "point_entry__item",
    "veto_entry__item",
    "result",
    "filed_by",
    "decided_by",
]


def appeal_working_days(*, organization_id: int, year: int) -> int:
    """The scheme's local appeal period in working days (the default when the year has no scheme)."""
    days = (
        Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT)
        .values_list("appeal_working_days", flat=True)
        .first()
    )
    return DEFAULT_APPEAL_WORKING_DAYS if days is None else days


def _published_on(publication: Publication | None) -> datetime.date | None:
    if publication is None or publication.state != Publication.State.PUBLISHED:
        return None
    return publication.published_on


def _entry_start(entry: PointEntry | VetoEntry, published_on: datetime.date | None) -> datetime.date:
    approved_on = timezone.localdate(entry.decided_at or entry.created_at)
    return max(approved_on, published_on) if published_on else approved_on


def entry_count(
    entry: PointEntry | VetoEntry, *, working_days: int, published_on: datetime.date | None
) -> datetime.date:
    """洞头区 (扣分申诉复核机制): N working days after the item was approved, or after the year's publication if later. The
    start day does not count (民法典 Art. 201). The bare count on the calendar as it is now."""
    return add_working_days(_entry_start(entry, published_on), working_days)


def _kept(entry: PointEntry | VetoEntry, count: datetime.date) -> datetime.date:
    """Never earlier than the day the cadre was told (kept when a calendar entered later counted an earlier one)."""
    told = entry.appeal_deadline_told
    return max(count, told) if told is not None else count


def entry_deadline(
    entry: PointEntry | VetoEntry, *, working_days: int, published_on: datetime.date | None
) -> datetime.date:
    """The entry's appeal deadline: the count (entry_count), never earlier than the day the cadre was told."""
    return _kept(entry, entry_count(entry, working_days=working_days, published_on=published_on))


def grade_deadline(published_on: datetime.date) -> datetime.date:
    """公务员法: 复核 within 30 (calendar) days of the publication; a last day on a rest day rolls over to the next
    working day (民法典 Art. 203)."""
    return add_calendar_days(published_on, STATUTORY_REVIEW_DAYS)


def _entry_count_for(entry: PointEntry | VetoEntry) -> datetime.date:
    organization_id = entry.item.organization_id
    publication = publication_for(organization_id=organization_id, year=entry.year)
    return entry_count(
        entry,
        working_days=appeal_working_days(organization_id=organization_id, year=entry.year),
        published_on=_published_on(publication),
    )


def _entry_deadline_for(entry: PointEntry | VetoEntry) -> datetime.date:
    return _kept(entry, _entry_count_for(entry))


def open_appeal_entries(model: type[PointEntry] | type[VetoEntry], *, today: datetime.date | None = None):
    """Approved deductions (or vetoes) of the years whose appeals the cadre is offered (appeal_options) that have not
    been appealed: the appeal windows that may still be open (whether the day has passed is the caller's count)."""
    today = today or timezone.localdate()
    qs = model.objects.filter(status=ApprovalStatus.APPROVED, year__gte=today.year - 1)
    if model is PointEntry:
        qs = qs.filter(item__kind=PointItem.Kind.DEDUCTION)
        appealed = Appeal.objects.filter(point_entry_id__isnull=False).values_list("point_entry_id", flat=True)
    else:
        appealed = Appeal.objects.filter(veto_entry_id__isnull=False).values_list("veto_entry_id", flat=True)
    return qs.exclude(pk__in=appealed).select_related("item", "cadre", "cadre__user", "cadre__unit")


def _pending_first(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    pending_first = Case(
        When(status=Appeal.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.order_by(pending_first, "-created_at", "-id")


def appeal_list(*, user) -> QuerySet[Appeal]:
    """Appeals the user may see, pending first: a cadre their own; HR and the committee those of cadres in their
    unit scope (the committee's is usually the whole organization); the admin all."""
    return _pending_first(rows_of_visible_cadres(Appeal.objects.select_related(*APPEAL_RELATED), user=user))


def decidable_appeals(*, user) -> QuerySet[Appeal]:
    """Appeals the user may decide: the party committee's, within its scope (not HR's, not the admin's as such)."""
    qs = Appeal.objects.select_related(*APPEAL_RELATED)
    return _pending_first(qs.filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__")))


def pending_appeal_count(*, user) -> int:
    return decidable_appeals(user=user).filter(status=Appeal.Status.PENDING).count()


def fileable_cadres(*, user) -> QuerySet[Cadre]:
    """Cadres on whose behalf the user may file a paper appeal: HR's units (the admin: everyone)."""
    return cadres_in_scope(user=user, roles=(ROLE_HR,))


@dataclass(frozen=True)
class AppealOption:
    """Something a cadre may appeal (or could have), with its deadline and, when it cannot be appealed, why."""

    target: str
    year: int
    deadline: datetime.date
    entry: PointEntry | VetoEntry | None = None
    result: Result | None = None
    blocked: str = ""  # empty when it can be appealed now

    @property
    def key(self) -> str:
        return f"{self.target}:{self.entry.pk if self.entry is not None else self.year}"

    @property
    def is_open(self) -> bool:
        return not self.blocked

    @property
    def label(self) -> str:
        return appeal_subject_label(target=self.target, entry=self.entry, year=self.year)


def appeal_subject_label(*, target: str, entry=None, year: int) -> str:
    if target in (Appeal.Target.DEDUCTION, Appeal.Target.VETO):
        points = entry.points if target == Appeal.Target.DEDUCTION else None
        return entry_label(veto=target == Appeal.Target.VETO, year=entry.year, item_name=entry.item.name, points=points)
    return _("%(year)s年度考核等次:不称职(复核)") % {"year": year}


def appeal_options(*, cadre: Cadre, today: datetime.date | None = None, years: int = 2) -> list[AppealOption]:
    """The cadre's approved deductions and vetoes and published 不称职 grades of the latest `years` years, each with
    its deadline; `blocked` says why one cannot be appealed now (deadline passed, already appealed). Queries: a
    handful per year, plus one calendar query per distinct start day."""
    today = today or timezone.localdate()
    first_year = today.year - years + 1
    appeals = list(
        Appeal.objects.filter(cadre=cadre, year__gte=first_year).values_list(
            "target", "point_entry_id", "veto_entry_id", "year", "status"
        )
    )
    taken: dict[tuple[str, int | None], str] = {}
    for target, point_id, veto_id, year, status in appeals:
        key = point_id if target == Appeal.Target.DEDUCTION else veto_id if target == Appeal.Target.VETO else year
        # A pending appeal outranks a decided one in what the cadre is told.
        if taken.get((target, key)) != Appeal.Status.PENDING:
            taken[(target, key)] = status
    approved = Q(cadre=cadre, year__gte=first_year, status=ApprovalStatus.APPROVED)
    entries: list[tuple[str, PointEntry | VetoEntry]] = [
        (Appeal.Target.DEDUCTION, e)
        for e in PointEntry.objects.filter(approved, item__kind=PointItem.Kind.DEDUCTION).select_related("item")
    ]
    entries += [(Appeal.Target.VETO, e) for e in VetoEntry.objects.filter(approved).select_related("item")]
    by_year: dict[int, tuple[int, datetime.date | None]] = {}
    deadlines: dict[tuple, datetime.date] = {}

    def rules(year):
        if year not in by_year:
            by_year[year] = (
                appeal_working_days(organization_id=cadre.organization_id, year=year),
                _published_on(publication_for(organization_id=cadre.organization_id, year=year)),
            )
        return by_year[year]

    options = []
    for target, entry in sorted(entries, key=lambda te: (te[1].year, te[1].occurred_on, te[1].pk), reverse=True):
        working_days, published_on = rules(entry.year)
        start = (timezone.localdate(entry.decided_at or entry.created_at), working_days, published_on)
        if start not in deadlines:
            deadlines[start] = entry_count(entry, working_days=working_days, published_on=published_on)
        deadline = _kept(entry, deadlines[start])
        blocked = _blocked(taken.get((target, entry.pk)), deadline, today)
        options.append(AppealOption(target=target, year=entry.year, deadline=deadline, entry=entry, blocked=blocked))
    for result in cadre_published_results(cadre=cadre).filter(grade=Grade.INCOMPETENT, run__year__gte=first_year):
        published_on = rules(result.run.year)[1]
        if published_on is None:
            continue
        deadline = grade_deadline(published_on)
        blocked = _blocked(taken.get((Appeal.Target.GRADE, result.run.year)), deadline, today)
        options.append(
            AppealOption(
                target=Appeal.Target.GRADE, year=result.run.year, deadline=deadline, result=result, blocked=blocked
            )
        )
    return options


def _blocked(status: str | None, deadline: datetime.date, today: datetime.date) -> str:
    if status == Appeal.Status.PENDING:
        return _("已提出申诉,正在处理")
    if status is not None:
        return _("已作出决定(%(status)s)") % {"status": Appeal.Status(status).label}
    if today > deadline:
        return _("申诉期限已届满")
    return ""


def appeal_recompute_run(appeal: Appeal) -> ResultRun | None:
    """The re-computation a revoked appeal started (its reason names the appeal)."""
    if appeal.status != Appeal.Status.REVOKED or appeal.target == Appeal.Target.GRADE:
        return None
    return (
        ResultRun.objects.filter(
            organization_id=appeal.cadre.organization_id, year=appeal.year, reason__endswith=_run_suffix(appeal)
        )
        .order_by("-version")
        .first()
    )


def _run_suffix(appeal: Appeal) -> str:
    return f"(申诉 #{appeal.pk})"


DEDUCTION = "deduction"


@dataclass(frozen=True)
class AppealState:
    """The appeals of a cadre's year that wait for the party committee."""

    cadre_id: int
    year: int
    pending_count: int
    grade_review_pending: bool  # a 复核 of a 不称职 grade
    pending_items: tuple[tuple[str, int], ...]  # ("deduction" | "veto", entry id) under appeal

    @property
    def pending(self) -> bool:
        return self.pending_count > 0


def pending_appeals(*, cadre_id: int, year: int) -> AppealState:
    """One query."""
    rows = list(
        Appeal.objects.filter(cadre_id=cadre_id, year=year, status=Appeal.Status.PENDING).values_list(
            "target", "point_entry_id", "veto_entry_id"
        )
    )
    items = tuple(
        (target, point_id if target == Appeal.Target.DEDUCTION else veto_id)
        for target, point_id, veto_id in rows
        if target != Appeal.Target.GRADE
    )
    return AppealState(
        cadre_id=cadre_id,
        year=year,
        pending_count=len(rows),
        grade_review_pending=any(target == Appeal.Target.GRADE for target, _p, _v in rows),
        pending_items=items,
    )


def item_appeal_pending(*, target: str, entry_id: int) -> bool:
    """Whether an appeal of this deduction or veto waits for the committee."""
    field = "point_entry_id" if target == DEDUCTION else "veto_entry_id"
    return Appeal.objects.filter(status=Appeal.Status.PENDING, **{field: entry_id}).exists()
