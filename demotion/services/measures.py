"""Writes of 能上能下 measures and dismissal protections. Keyword-only, atomic, validated, audited.

A measure is an org.SanctionRecord of the category 组织处理, written through org.services.sanction_record_create
(which writes its own audit row, "org.sanction.create"), so the annual results, which read sanctions, see it and
its waiting period starts at once (demotion.selectors.measures)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from demotion.models import DismissalProtection
from demotion.selectors.measures import MEASURE_KINDS, can_record_for
from org.models import Cadre, SanctionRecord
from org.services import sanction_record_create

NOTE_MAX = 200  # DismissalProtection.note


def _require_hr_in_scope(*, actor, cadre: Cadre) -> None:
    if not can_record_for(user=actor, cadre=cadre):
        raise ApplicationError(
            _("该干部不在您的管理范围内,不能登记。"),
            code="permission_denied",
            field_errors={"cadre": [_("该干部不在您的管理范围内。")]},
        )


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


@transaction.atomic
def measure_record(
    *,
    cadre: Cadre,
    kind: str,
    decided_on: datetime.date,
    effective_from: datetime.date,
    document_no: str = "",
    note: str = "",
    actor,
) -> SanctionRecord:
    """Record an organizational measure (提醒谈话, 诫勉, 调整职务, 调离岗位, 改任职级, 责令辞职, 免职, 降职) decided for a
    cadre in the HR user's units. Sanctions (处分) are recorded where discipline is, not here."""
    _require_hr_in_scope(actor=actor, cadre=cadre)
    if kind in SanctionRecord.SANCTION_KINDS:
        raise _invalid("kind", _("处分不在此登记,请选择组织处理措施。"))
    if kind not in MEASURE_KINDS:
        raise _invalid("kind", _("请选择组织处理措施。"))
    if decided_on > timezone.localdate():
        raise _invalid("decided_on", _("决定日期不能晚于今天。"))
    if effective_from < decided_on:
        raise _invalid("effective_from", _("生效日期不能早于决定日期。"))
    document_no, note = document_no.strip(), note.strip()
    if len(document_no) > 100:
        raise _invalid("document_no", _("文号不能超过100个字。"))
    # The same decision entered twice (a double click, a second clerk) would double nothing but the list.
    if SanctionRecord.objects.filter(cadre=cadre, kind=kind, effective_from=effective_from).exists():
        raise _invalid("kind", _("该干部已登记同一日期生效的同种措施。"))
    return sanction_record_create(
        cadre=cadre,
        kind=kind,
        decided_on=decided_on,
        effective_from=effective_from,
        document_no=document_no,
        note=note,
        actor=actor,
    )


@transaction.atomic
def dismissal_protection_record(
    *,
    cadre: Cadre,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
    actor,
) -> DismissalProtection:
    """Record a period in which the cadre may not be dismissed (《公务员法》: 孕期, 产假, 哺乳期, 医疗期, 因公致残)."""
    _require_hr_in_scope(actor=actor, cadre=cadre)
    if kind not in DismissalProtection.Kind.values:
        raise _invalid("kind", _("请选择不得辞退的情形。"))
    if ends_on is not None and ends_on < starts_on:
        raise _invalid("ends_on", _("结束日期不能早于开始日期。"))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise _invalid("note", _("备注不能超过%(n)s个字。") % {"n": NOTE_MAX})
    overlapping = DismissalProtection.objects.filter(cadre=cadre, kind=kind).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise _invalid("starts_on", _("该干部已登记同一情形且时间重叠,请先结束原登记。"))
    protection = DismissalProtection.objects.create(
        cadre=cadre, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note, recorded_by=actor
    )
    audit_log_record(actor=actor, action="demotion.protection.record", subject=protection, after=snapshot(protection))
    return protection


@transaction.atomic
def dismissal_protection_end(
    *, protection: DismissalProtection, ends_on: datetime.date, actor, reason: str = ""
) -> DismissalProtection:
    """Close a lasting protection on its last day. Guarded: only a protection still without an end is changed."""
    _require_hr_in_scope(actor=actor, cadre=protection.cadre)
    if ends_on < protection.starts_on:
        raise _invalid("ends_on", _("结束日期不能早于开始日期。"))
    before = snapshot(protection, ["ends_on"])
    changed = DismissalProtection.objects.filter(pk=protection.pk, ends_on__isnull=True).update(
        ends_on=ends_on, updated_at=timezone.now()
    )
    if not changed:
        protection.refresh_from_db()
        raise _invalid("ends_on", f"该情形已于{protection.ends_on:%Y-%m-%d}结束,不能再次结束。")
    protection.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="demotion.protection.end",
        subject=protection,
        before=before,
        after=snapshot(protection, ["ends_on"]),
        reason=reason,
    )
    return protection
