"""Reads behind the point and veto pages: who may record for whom, what the committee may decide, and the queue.

The lists themselves come from `assessments.selectors` (point_entry_list, veto_entry_list); this module adds the
narrower scopes: recording is HR's (within its units), deciding is the party committee's (within its units).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope

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
