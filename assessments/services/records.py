"""Bonus and deduction points (加减分) and one-vote vetoes (一票否决): recorded by HR with evidence, decided by the
party committee. Only approved records count in the annual computation."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from assessments.inputs import InputError, read_points
from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.selectors.publication import is_published
from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import ApplicationError
from org.models import Cadre

RECORD_FIELDS = ["cadre_id", "item_id", "year", "occurred_on", "evidence", "note", "status"]
DECISION_FIELDS = ["status", "decided_by_id", "decided_at", "decision_reason"]


def _check_common(*, cadre: Cadre, item, year: int, occurred_on: datetime.date, evidence: str) -> dict:
    errors = {}
    if item.organization_id != cadre.organization_id:
        errors["item"] = ["该项目不属于干部所在机构。"]
    elif not item.is_active:
        errors["item"] = [f"“{item.name}”已停用。"]
    if is_published(organization_id=cadre.organization_id, year=year):
        errors["year"] = [f"{year}年考核结果已公布,不能再登记;如有异议请通过申诉复核。"]
    if not (evidence or "").strip():
        errors["evidence"] = ["请填写依据材料(文件、通报或事实)。"]
    if occurred_on is None:
        errors["occurred_on"] = ["请填写发生日期。"]
    elif occurred_on.year != year:
        errors["occurred_on"] = [f"发生日期应在 {year} 年内。"]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = ["发生日期不能晚于今天。"]
    return errors


def parse_points(raw) -> Decimal:
    """Points typed for a record (assessments.inputs.read_points); else the reason on the `points` field."""
    try:
        return read_points(raw)
    except InputError as e:
        raise ApplicationError(e.message, field_errors={"points": [e.message]}) from None


def point_cap_problem(
    *, cadre_id: int, item: PointItem, year: int, points: Decimal, pending_extra=Decimal(0)
) -> str | None:
    """Why `points` more would exceed the item's yearly cap for this cadre (approved and pending both count)."""
    used = PointEntry.objects.filter(
        cadre_id=cadre_id,
        item=item,
        year=year,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
    ).aggregate(s=Sum("points"))["s"] or Decimal(0)
    used += pending_extra
    if used + points > item.cap_per_year:
        left = max(item.cap_per_year - used, Decimal(0))
        return (
            f"“{item.name}”每年最多 {item.cap_per_year.normalize():f} 分,该干部已登记 {used.normalize():f} 分,"
            f"最多还能登记 {left.normalize():f} 分。"
        )
    return None


@transaction.atomic
def point_entry_record(
    *,
    cadre: Cadre,
    item: PointItem,
    year: int,
    occurred_on: datetime.date,
    evidence: str,
    points=None,
    note: str = "",
    actor=None,
) -> PointEntry:
    errors = _check_common(cadre=cadre, item=item, year=year, occurred_on=occurred_on, evidence=evidence)
    value = item.points
    if points not in (None, ""):
        try:
            value = parse_points(points)
        except ApplicationError as e:
            errors.update(e.field_errors)
    if not errors:
        # Lock the cadre's row so two HR users cannot both squeeze under the item's cap.
        Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
        problem = point_cap_problem(cadre_id=cadre.pk, item=item, year=year, points=value)
        if problem:
            errors["points"] = [problem]
    if errors:
        raise ApplicationError(f"加减分登记有误:{next(iter(errors.values()))[0]}", field_errors=errors)
    entry = PointEntry.objects.create(
        cadre=cadre,
        item=item,
        year=year,
        occurred_on=occurred_on,
        evidence=evidence.strip(),
        note=(note or "").strip()[:200],
        points=value,
        recorded_by=actor,
    )
    audit_log_record(
        actor=actor,
        action="assessments.points.record",
        subject=entry,
        after=snapshot(entry, [*RECORD_FIELDS, "points"]),
    )
    return entry


@transaction.atomic
def veto_entry_record(
    *,
    cadre: Cadre,
    item: VetoItem,
    year: int,
    occurred_on: datetime.date,
    evidence: str,
    note: str = "",
    actor=None,
) -> VetoEntry:
    errors = _check_common(cadre=cadre, item=item, year=year, occurred_on=occurred_on, evidence=evidence)
    if (
        not errors
        and VetoEntry.objects.filter(
            cadre=cadre,
            item=item,
            year=year,
            occurred_on=occurred_on,
            status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
        ).exists()
    ):
        errors["item"] = ["该干部同一天的同一否决事项已登记。"]
    if errors:
        raise ApplicationError(f"一票否决登记有误:{next(iter(errors.values()))[0]}", field_errors=errors)
    entry = VetoEntry.objects.create(
        cadre=cadre,
        item=item,
        year=year,
        occurred_on=occurred_on,
        evidence=evidence.strip(),
        note=(note or "").strip()[:200],
        recorded_by=actor,
    )
    audit_log_record(actor=actor, action="assessments.veto.record", subject=entry, after=snapshot(entry, RECORD_FIELDS))
    return entry


def _refuse_decision_in_published_year(entry) -> None:
    """A pending entry of a published year is not decided: the year's results no longer follow it (they are locked),
    so an approval would change nothing. The way on is an appeal (申诉复核) or, for a deduction or a veto, an
    error-tolerance case (容错纠错), each of which re-versions the year's result."""
    organization_id = entry.item.organization_id
    if is_published(organization_id=organization_id, year=entry.year):
        raise ApplicationError(
            f"{entry.year}年考核结果已公布,该记录不能再审批(审批后也不会计入已公布的结果)。"
            "如认为应予计入或撤销,请由干部提出申诉复核;扣分或一票否决属于容错情形的,请按容错纠错程序办理。",
            code="published",
        )


def _decide(model, *, entry, approve: bool, reason: str, actor, action: str):
    _refuse_decision_in_published_year(entry)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError("不予批准须说明理由。", field_errors={"reason": ["请填写理由。"]})
    if actor is not None and entry.recorded_by_id is not None and entry.recorded_by_id == actor.pk:
        raise ApplicationError("登记人不能审批自己登记的记录。")
    before = snapshot(entry, DECISION_FIELDS)
    new_status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    now = timezone.now()
    # Guarded update: of two committee members deciding at once, the second is told it is already decided.
    changed = model.objects.filter(pk=entry.pk, status=ApprovalStatus.PENDING).update(
        status=new_status, decided_by=actor, decided_at=now, decision_reason=reason, updated_at=now
    )
    if changed != 1:
        entry.refresh_from_db()
        raise ApplicationError(f"该记录已{entry.get_status_display()},不能重复审批。")
    entry.refresh_from_db()
    audit_log_record(
        actor=actor, action=action, subject=entry, before=before, after=snapshot(entry, DECISION_FIELDS), reason=reason
    )
    return entry


@transaction.atomic
def point_entry_decide(*, entry: PointEntry, approve: bool, reason: str = "", actor=None) -> PointEntry:
    _refuse_decision_in_published_year(entry)
    if approve:
        # Another entry of the same item may have been approved since this one was recorded.
        Cadre.objects.select_for_update().filter(pk=entry.cadre_id).first()
        used = PointEntry.objects.filter(
            cadre_id=entry.cadre_id, item_id=entry.item_id, year=entry.year, status=ApprovalStatus.APPROVED
        ).aggregate(s=Sum("points"))["s"] or Decimal(0)
        if used + entry.points > entry.item.cap_per_year:
            raise ApplicationError(
                f"批准后“{entry.item.name}”将超过每年 {entry.item.cap_per_year.normalize():f} 分的上限"
                f"(已批准 {used.normalize():f} 分)。"
            )
    return _decide(
        PointEntry,
        entry=entry,
        approve=approve,
        reason=reason,
        actor=actor,
        action="assessments.points.approve" if approve else "assessments.points.reject",
    )


@transaction.atomic
def veto_entry_decide(*, entry: VetoEntry, approve: bool, reason: str = "", actor=None) -> VetoEntry:
    return _decide(
        VetoEntry,
        entry=entry,
        approve=approve,
        reason=reason,
        actor=actor,
        action="assessments.veto.approve" if approve else "assessments.veto.reject",
    )


def _refuse_published(entries) -> None:
    """The bulk writes keep the lock the one-entry services keep: nothing is recorded in a published year."""
    organization_ids = set(
        Cadre.objects.filter(pk__in={e.cadre_id for e in entries}).values_list("organization_id", flat=True)
    )
    for organization_id, year in {(o, e.year) for o in organization_ids for e in entries}:
        if is_published(organization_id=organization_id, year=year):
            raise ApplicationError(f"{year}年考核结果已公布,不能再登记;如有异议请通过申诉复核。")


@transaction.atomic
def point_entries_record_many(*, entries: list[PointEntry], actor=None) -> int:
    """Imported point entries, already checked row by row (cap included); written and audited together."""
    _refuse_published(entries)
    created = PointEntry.objects.bulk_create(entries, batch_size=2000)
    if created and created[0].pk is None:  # pragma: no cover - backends without RETURNING
        raise ApplicationError("数据库不支持批量写入后返回编号。")
    audit_log_record_many(
        actor=actor,
        action="assessments.points.import",
        entries=[(e, None, snapshot(e, [*RECORD_FIELDS, "points"])) for e in created],
    )
    return len(created)


@transaction.atomic
def veto_entries_record_many(*, entries: list[VetoEntry], actor=None) -> int:
    _refuse_published(entries)
    created = VetoEntry.objects.bulk_create(entries, batch_size=2000)
    audit_log_record_many(
        actor=actor,
        action="assessments.veto.import",
        entries=[(e, None, snapshot(e, RECORD_FIELDS)) for e in created],
    )
    return len(created)
