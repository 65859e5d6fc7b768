"""Reads of bonus and deduction points (加减分) and one-vote vetoes (一票否决), each scoped once: staff read the
records of cadres in their unit scope and a cadre their own approved ones (point_entry_list, veto_entry_list);
recording is HR's, within its units (recordable_cadres, recording_point_items); deciding is the party committee's,
within its units (decidable_point_entries, decidable_veto_entries — the pages and the API use the same). Other apps
read the approved items, as plain values, through `assessments.selectors.published`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import (
    ApprovalStatus,
    PointEntry,
    PointItem,
    VetoEntry,
    VetoItem,
)
from assessments.results.display import entry_label as display_entry_label
from assessments.selectors.scope import in_organizations, staff_organization_ids
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import STAFF_ROLES, cadres_in_scope

# What a recorded item is, and the state that makes it count (the others: pending, rejected, revoked).
DEDUCTION, VETO, BONUS = "deduction", "veto", "bonus"
APPROVED = str(ApprovalStatus.APPROVED.value)


def _records(qs: QuerySet, user) -> QuerySet:
    """Staff see records of cadres in scope; a cadre sees their own approved ones."""
    r = get_roles(user)
    if r.is_admin:
        return qs
    q = r.unit_q(*STAFF_ROLES, prefix="cadre__unit__")
    if r.cadre is not None:
        q |= Q(cadre_id=r.cadre.pk, status=ApprovalStatus.APPROVED)
    return qs.filter(q)


def point_entry_list(*, user) -> QuerySet[PointEntry]:
    return _records(
        PointEntry.objects.select_related("cadre", "cadre__unit", "item", "recorded_by", "decided_by"), user
    )


def veto_entry_list(*, user) -> QuerySet[VetoEntry]:
    return _records(VetoEntry.objects.select_related("cadre", "cadre__unit", "item", "recorded_by", "decided_by"), user)


def point_item_list(*, organization_id: int) -> QuerySet[PointItem]:
    return PointItem.objects.filter(organization_id=organization_id, is_active=True)


def veto_item_list(*, organization_id: int) -> QuerySet[VetoItem]:
    return VetoItem.objects.filter(organization_id=organization_id, is_active=True)


RECORD_RELATED = ["cadre", "cadre__unit", "item", "recorded_by", "decided_by"]


def recordable_cadres(*, user) -> QuerySet[Cadre]:
    """Cadres this user may record points and vetoes for: HR's units (the admin: everyone)."""
    return cadres_in_scope(user=user, roles=(ROLE_HR,))


def _recording_organizations_q(user) -> Q | None:
    r = get_roles(user)
    if r.is_admin:
        return None
    return Q(organization_id__in=r.organization_ids(ROLE_HR))


def recording_point_items(*, user) -> QuerySet[PointItem]:
    """The active point catalogs of the organizations this user records in, in catalog order."""
    qs = PointItem.objects.filter(is_active=True).select_related("organization")
    q = _recording_organizations_q(user)
    qs = qs if q is None else qs.filter(q)
    return qs.order_by("organization__name", "organization_id", "kind", "sort_order", "id")


def recording_veto_items(*, user) -> QuerySet[VetoItem]:
    qs = VetoItem.objects.filter(is_active=True).select_related("organization")
    q = _recording_organizations_q(user)
    qs = qs if q is None else qs.filter(q)
    return qs.order_by("organization__name", "organization_id", "sort_order", "id")


def _committee_scope(qs: QuerySet, user) -> QuerySet:
    # Deciding is the committee's alone: not HR's, and not the system administrator's by virtue of being one.
    return qs.filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__"))


def decidable_point_entries(*, user) -> QuerySet[PointEntry]:
    """Point entries of cadres in the user's committee scope (whatever their status)."""
    return _committee_scope(PointEntry.objects.select_related(*RECORD_RELATED), user)


def decidable_veto_entries(*, user) -> QuerySet[VetoEntry]:
    return _committee_scope(VetoEntry.objects.select_related(*RECORD_RELATED), user)


@dataclass
class QueueItem:
    """One pending point entry or veto, as the committee's queue shows it."""

    entry: PointEntry | VetoEntry
    is_point: bool

    @property
    def kind_label(self) -> str:
        if self.is_point:
            assert isinstance(self.entry, PointEntry)
            return self.entry.item.get_kind_display()
        return _("一票否决")

    @property
    def dom_id(self) -> str:
        return f"{'point' if self.is_point else 'veto'}-{self.entry.pk}"

    @property
    def detail_url(self) -> str:
        name = "assessments:point_detail" if self.is_point else "assessments:veto_detail"
        return reverse(name, kwargs={"pk": self.entry.pk})

    @property
    def decide_url(self) -> str:
        name = "assessments:point_decide" if self.is_point else "assessments:veto_decide"
        return reverse(name, kwargs={"pk": self.entry.pk})


@dataclass
class Queue:
    items: list[QueueItem]
    count: int  # every pending item in scope, also those beyond `items`
    point_count: int
    veto_count: int


def pending_queue(*, user, limit: int = 200) -> Queue:
    """Pending points and vetoes the user may decide, oldest first: four queries whatever the size."""
    points = decidable_point_entries(user=user).filter(status=ApprovalStatus.PENDING)
    vetoes = decidable_veto_entries(user=user).filter(status=ApprovalStatus.PENDING)
    point_count, veto_count = points.count(), vetoes.count()
    items = [QueueItem(e, True) for e in points.order_by("created_at", "id")[:limit]]
    items += [QueueItem(e, False) for e in vetoes.order_by("created_at", "id")[:limit]]
    items.sort(key=lambda i: (i.entry.created_at, i.is_point, i.entry.pk))
    return Queue(items=items[:limit], count=point_count + veto_count, point_count=point_count, veto_count=veto_count)


def pending_count(*, user) -> int:
    pending = Q(status=ApprovalStatus.PENDING)
    return (
        decidable_point_entries(user=user).filter(pending).count()
        + decidable_veto_entries(user=user).filter(pending).count()
    )


def point_item_usage(*, entry: PointEntry) -> dict:
    """How much of the item's yearly cap the cadre has used (approved, and pending), for the entry's page."""
    rows = (
        PointEntry.objects.filter(cadre_id=entry.cadre_id, item_id=entry.item_id, year=entry.year)
        .values("status")
        .annotate(total=Sum("points"))
    )
    by_status = {row["status"]: row["total"] for row in rows}
    approved = by_status.get(ApprovalStatus.APPROVED) or Decimal(0)
    pending = by_status.get(ApprovalStatus.PENDING) or Decimal(0)
    return {"approved": approved, "pending": pending, "cap": entry.item.cap_per_year}


@dataclass
class OwnRecords:
    year: int
    points: list[PointEntry]
    vetoes: list[VetoEntry]
    bonus: Decimal
    deduction: Decimal


def own_approved_records(*, cadre: Cadre, year: int) -> OwnRecords:
    """A cadre's approved points and vetoes of one year (what counts in their result)."""
    approved = Q(cadre=cadre, year=year, status=ApprovalStatus.APPROVED)
    points = list(PointEntry.objects.filter(approved).select_related("item").order_by("occurred_on", "id"))
    vetoes = list(VetoEntry.objects.filter(approved).select_related("item").order_by("occurred_on", "id"))
    bonus = sum((e.points for e in points if e.item.kind == PointItem.Kind.BONUS), Decimal(0))
    deduction = sum((e.points for e in points if e.item.kind == PointItem.Kind.DEDUCTION), Decimal(0))
    return OwnRecords(year=year, points=points, vetoes=vetoes, bonus=bonus, deduction=deduction)


def point_items_visible(*, user) -> QuerySet[PointItem]:
    return in_organizations(PointItem.objects.filter(is_active=True), staff_organization_ids(user))


def veto_items_visible(*, user) -> QuerySet[VetoItem]:
    return in_organizations(VetoItem.objects.filter(is_active=True), staff_organization_ids(user))


# --- the items as other apps read them (published.tolerance_entries, entry_facts, entry_label) ------------------


@dataclass(frozen=True)
class EntryFacts:
    """A recorded bonus, deduction or veto of a cadre's year."""

    kind: str  # "bonus", "deduction", "veto"
    entry_id: int
    cadre_id: int
    organization_id: int
    year: int
    occurred_on: datetime.date
    item_code: str
    item_name: str
    points: Decimal | None  # always positive; None for a veto
    status: str  # "pending", "approved", "rejected", "revoked"
    status_label: str
    label: str  # as the appeals name it: 2025年 扣分 · 通报批评 −1

    @property
    def target(self) -> str:
        """What an appeal or a tolerance request calls it: "deduction" (also for a bonus) or "veto"."""
        return VETO if self.kind == VETO else DEDUCTION

    @property
    def key(self) -> str:
        return f"{self.target}:{self.entry_id}"


def _entry_facts(entry: PointEntry | VetoEntry) -> EntryFacts:
    is_veto = isinstance(entry, VetoEntry)
    kind = VETO if isinstance(entry, VetoEntry) else (BONUS if entry.item.kind == PointItem.Kind.BONUS else DEDUCTION)
    points = None if isinstance(entry, VetoEntry) else entry.points
    return EntryFacts(
        kind=kind,
        entry_id=entry.pk,
        cadre_id=entry.cadre_id,
        organization_id=entry.item.organization_id,
        year=entry.year,
        occurred_on=entry.occurred_on,
        item_code=entry.item.code,
        item_name=entry.item.name,
        points=points,
        status=entry.status,
        status_label=entry.get_status_display(),
        label=display_entry_label(veto=is_veto, year=entry.year, item_name=entry.item.name, points=points),
    )


def entry_facts(
    entry=None,
    *,
    target: str | None = None,
    entry_id: int | None = None,
    cadre_id: int | None = None,
    lock: bool = False,
) -> EntryFacts | None:
    """One recorded item, read fresh: given as the point entry or veto another app's row refers to, or as its
    `target` ("deduction" for a point entry, "veto") and `entry_id`. None when there is no such record (or it is not
    `cadre_id`'s, when given). `lock`: hold its row until the caller's transaction ends (two requests naming the
    same item then run one after the other)."""
    if entry is not None:
        if isinstance(entry, EntryFacts):
            model, entry_id = (VetoEntry if entry.kind == VETO else PointEntry), entry.entry_id
        elif isinstance(entry, PointEntry | VetoEntry):
            model, entry_id = type(entry), entry.pk
        else:
            return None
    elif target in (DEDUCTION, VETO) and entry_id is not None:
        model = PointEntry if target == DEDUCTION else VetoEntry
    else:
        return None
    qs = model.objects.filter(pk=entry_id)
    if cadre_id is not None:
        qs = qs.filter(cadre_id=cadre_id)
    if lock:
        list(qs.select_for_update().values_list("pk"))
    found = qs.select_related("item").first()
    return _entry_facts(found) if found is not None else None


def entry_label(entry) -> str:
    """The label of a deduction or veto as another app's row refers to it (its foreign key, loaded with the item), or
    of an EntryFacts: 2025年 扣分 · 通报批评 −1. No query. "" for None."""
    if entry is None:
        return ""
    if isinstance(entry, EntryFacts):
        return entry.label
    is_veto = isinstance(entry, VetoEntry)
    points = None if is_veto else entry.points
    return display_entry_label(veto=is_veto, year=entry.year, item_name=entry.item.name, points=points)


def tolerance_entries(
    *,
    cadre_id: int | None = None,
    organization_id: int | None = None,
    year: int | None = None,
    exclude: Iterable[tuple[str, int]] = (),
) -> list[EntryFacts]:
    """Grade codes: EXCELLENT "1", COMPETENT "2", BASIC "3", INCOMPETENT "4", UNDETERMINED "5", NOT_ASSESSED "6".

    The approved deductions and vetoes (what counts in a result, and what an error-tolerance request may name) of a
        cadre, or of an organization's cadres, of one year or all; `exclude` leaves out (target, entry id) pairs. Newest
        first. Two queries."""
    approved = Q(status=ApprovalStatus.APPROVED)
    if cadre_id is not None:
        approved &= Q(cadre_id=cadre_id)
    if organization_id is not None:
        approved &= Q(item__organization_id=organization_id)
    if year is not None:
        approved &= Q(year=year)
    excluded = {(target, int(pk)) for target, pk in exclude}
    points = PointEntry.objects.filter(approved, item__kind=PointItem.Kind.DEDUCTION).exclude(
        pk__in=[pk for target, pk in excluded if target == DEDUCTION]
    )
    vetoes = VetoEntry.objects.filter(approved).exclude(pk__in=[pk for target, pk in excluded if target == VETO])
    facts = [_entry_facts(e) for e in points.select_related("item")]
    facts += [_entry_facts(e) for e in vetoes.select_related("item")]
    return sorted(facts, key=lambda f: (f.year, f.occurred_on, f.entry_id), reverse=True)
