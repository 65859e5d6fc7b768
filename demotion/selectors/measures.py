"""Reads of 能上能下 measures, their waiting periods (影响期) and dismissal protections, scoped to the user.

A measure (组织处理) or a sanction (处分) keeps a cadre off promotion, and some off leading posts, for a number of
months from the day it takes effect (《中国共产党组织处理规定(试行)》2021; 《党政领导干部选拔任用工作条例》;
《中国共产党纪律处分条例》; 《公职人员政务处分法》). The months come from WaitingPeriodRule rows: the national defaults
(organization empty, migration 0002) unless the cadre's organization has its own row for the same kind.

A period of N months that begins on the effective date ends on the same day N months later, or on that month's last
day where the day does not exist (民法典 Art. 202, common.workdays.add_months); the end day is the period's last
day, so the cadre is free from the day after it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from common.workdays import add_months
from demotion.models import DismissalProtection, WaitingPeriodRule
from org import selectors as org_selectors
from org.models import Cadre, SanctionRecord
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)
MEASURE_KINDS = tuple(k for k in SanctionRecord.Kind.values if k not in SanctionRecord.SANCTION_KINDS)


@dataclass(frozen=True)
class WaitingPeriod:
    """The waiting period a measure or sanction carries. An end is None when the rule gives no months for it."""

    cadre_id: int
    record_id: int
    kind: str
    category: str
    decided_on: datetime.date
    effective_from: datetime.date
    no_promotion_until: datetime.date | None
    no_leading_post_until: datetime.date | None
    basis: str
    document_no: str = ""

    @property
    def kind_label(self) -> str:
        return str(SanctionRecord.Kind(self.kind).label)

    @property
    def category_label(self) -> str:
        return str(SanctionRecord.Category(self.category).label)

    @property
    def ends_on(self) -> datetime.date | None:
        ends = [d for d in (self.no_promotion_until, self.no_leading_post_until) if d is not None]
        return max(ends) if ends else None

    def blocks_promotion_on(self, day: datetime.date) -> bool:
        return self.no_promotion_until is not None and self.effective_from <= day <= self.no_promotion_until

    def blocks_leading_post_on(self, day: datetime.date) -> bool:
        return self.no_leading_post_until is not None and self.effective_from <= day <= self.no_leading_post_until

    def running_on(self, day: datetime.date) -> bool:
        return self.blocks_promotion_on(day) or self.blocks_leading_post_on(day)


# --- rules ----------------------------------------------------------------------------------------------------------


def rules_for(*, organization_ids: Iterable[int]) -> dict[tuple[int | None, str], WaitingPeriodRule]:
    """{(organization id or None, kind): rule} for the national defaults and these organizations' own rows. One
    query."""
    qs = WaitingPeriodRule.objects.filter(Q(organization__isnull=True) | Q(organization_id__in=set(organization_ids)))
    return {(rule.organization_id, rule.kind): rule for rule in qs}


def rule_of(rules: dict, organization_id: int, kind: str) -> WaitingPeriodRule | None:
    """The organization's own rule for the kind, else the national default."""
    return rules.get((organization_id, kind)) or rules.get((None, kind))


def period_of(record: SanctionRecord, *, organization_id: int, rules: dict) -> WaitingPeriod | None:
    """The waiting period one record carries, or None when its rule gives no months at all (提醒谈话)."""
    rule = rule_of(rules, organization_id, record.kind)
    if rule is None or not (rule.no_promotion_months or rule.no_leading_post_months):
        return None
    start = record.effective_from
    return WaitingPeriod(
        cadre_id=record.cadre_id,
        record_id=record.pk,
        kind=record.kind,
        category=record.category,
        decided_on=record.decided_on,
        effective_from=start,
        no_promotion_until=add_months(start, rule.no_promotion_months) if rule.no_promotion_months else None,
        no_leading_post_until=add_months(start, rule.no_leading_post_months) if rule.no_leading_post_months else None,
        basis=rule.basis,
        document_no=record.document_no,
    )


def periods_of_records(records: Iterable[SanctionRecord]) -> dict[int, WaitingPeriod | None]:
    """{record id: its waiting period} for records fetched with their cadre (select_related("cadre")). One query."""
    records = list(records)
    rules = rules_for(organization_ids={r.cadre.organization_id for r in records})
    return {r.pk: period_of(r, organization_id=r.cadre.organization_id, rules=rules) for r in records}


# --- waiting periods of cadres ----------------------------------------------------------------------------------------


def waiting_periods(
    *, cadre_ids: Iterable[int], on: datetime.date | None = None, running: bool = True
) -> dict[int, list[WaitingPeriod]]:
    """{cadre id: [waiting periods]} of measures and sanctions in effect by `on` (default today); with `running`
    only those still running on that day, soonest end last. Cadres without any are left out. Two queries, whatever
    the number of cadres."""
    on = on or timezone.localdate()
    ids = set(cadre_ids)
    if not ids:
        return {}
    records = list(
        SanctionRecord.objects.filter(cadre_id__in=ids, effective_from__lte=on)
        .annotate(organization_id=F("cadre__organization_id"))
        .order_by("effective_from", "id")
    )
    if not records:
        return {}
    rules = rules_for(organization_ids={r.organization_id for r in records})
    found: dict[int, list[WaitingPeriod]] = {}
    for record in records:
        period = period_of(record, organization_id=record.organization_id, rules=rules)
        if period is None or (running and not period.running_on(on)):
            continue
        found.setdefault(record.cadre_id, []).append(period)
    return found


def blocks_promotion(*, cadre_ids: Iterable[int], on: datetime.date | None = None) -> dict[int, list[WaitingPeriod]]:
    """{cadre id: [the periods that keep them off promotion on `on`]}, only for cadres who may not be promoted."""
    on = on or timezone.localdate()
    blocked = {}
    for cadre_id, periods in waiting_periods(cadre_ids=cadre_ids, on=on).items():
        blocking = [p for p in periods if p.blocks_promotion_on(on)]
        if blocking:
            blocked[cadre_id] = blocking
    return blocked


def promotion_block_of(periods: list[WaitingPeriod], on: datetime.date) -> WaitingPeriod | None:
    """Of a cadre's periods, the one that keeps them off promotion longest (None: free to be promoted)."""
    blocking = [p for p in periods if p.blocks_promotion_on(on)]
    return max(blocking, key=lambda p: p.no_promotion_until) if blocking else None  # type: ignore[arg-type, return-value]  # blocks_promotion_on: the date is set


# --- scoped lists -------------------------------------------------------------------------------------------------


def measure_list(*, user) -> QuerySet[SanctionRecord]:
    """The organizational measures (组织处理) of the cadres in the user's scope, newest decision first."""
    return (
        org_selectors.sanction_list(user=user)
        .filter(category=SanctionRecord.Category.MEASURE)
        .select_related("cadre__unit", "cadre__organization")
        .order_by("-decided_on", "-id")
    )


def _staff_cadre_q(user, prefix: str, roles=STAFF_ROLES) -> Q | None:
    r = get_roles(user)
    if r.is_admin:
        return None
    return r.unit_q(*roles, prefix=prefix)


def recordable_cadres(*, user) -> QuerySet[Cadre]:
    """The cadres the user may record measures and protections for: HR within its units (the admin: all)."""
    qs = Cadre.objects.select_related("unit", "organization")
    q = _staff_cadre_q(user, "unit__", roles=(ROLE_HR,))
    return qs if q is None else qs.filter(q)


def can_record_for(*, user, cadre: Cadre) -> bool:
    return recordable_cadres(user=user).filter(pk=cadre.pk).exists()


def protection_list(*, user) -> QuerySet[DismissalProtection]:
    """Dismissal protections of the cadres in the staff user's scope (they are personal: not shown to cadres)."""
    qs = DismissalProtection.objects.select_related("cadre", "cadre__unit", "recorded_by").order_by("-starts_on", "-id")
    q = _staff_cadre_q(user, "cadre__unit__")
    return qs if q is None else qs.filter(q)


def endable_protections(*, user) -> QuerySet[DismissalProtection]:
    """Protections HR may end: still lasting, of cadres in its units."""
    qs = DismissalProtection.objects.select_related("cadre", "cadre__unit").filter(ends_on__isnull=True)
    q = _staff_cadre_q(user, "cadre__unit__", roles=(ROLE_HR,))
    return qs if q is None else qs.filter(q)


def protection_active_q(on: datetime.date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def active_protections(*, cadre_ids: Iterable[int], on: datetime.date) -> dict[int, list[DismissalProtection]]:
    """{cadre id: [protections lasting on `on`]}. One query."""
    found: dict[int, list[DismissalProtection]] = {}
    for p in DismissalProtection.objects.filter(protection_active_q(on), cadre_id__in=set(cadre_ids)).order_by(
        "starts_on", "id"
    ):
        found.setdefault(p.cadre_id, []).append(p)
    return found
