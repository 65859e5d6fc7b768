"""Economic responsibility audits (经济责任审计), step by step. HR of the cadre's units runs the audit (the audit group
of 纪检、组织、人事、审计 records its steps here); the audited cadre replies to the draft report online, or HR records the
paper reply. Each step is a guarded transition: it happens only from the state the row is still in, and a refused
step changes nothing and says why.

- plan: the cadre (a principal, or a deputy who ran the unit a year or more — the audit group's judgement), the
  period, the kind (任中 / 离任);
- notify: the notice is served at least **3 working days** before fieldwork starts (审计法实施条例; counted in
  working days: the serving day does not count, adjusted working weekends do);
- fieldwork: on or after the day it was announced for;
- draft for comment: the cadre replies in writing within **10 days** (calendar days; a last day on a rest day moves
  to the next working day, 民法典 Art. 203); silence is no objection;
- report: only once the reply is in or its period is over; the rating 无问题 / 一般问题 / 重大问题;
- rectify: a finding gets a deadline; close: when rectified (or at once after a report without problems);
- cancel: a planned or notified audit that will not take place.

With the policy's flag on, an audit under way or an open finding holds the cadre (待岗): org refuses an appointment
or a transfer with the reason (tenure.selectors.checks).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import add_calendar_days, add_working_days
from org.models import Appointment, Cadre
from tenure.access import hr_covers, is_own
from tenure.models import EconomicAudit

NOTICE_WORKING_DAYS = 3
REPLY_DAYS = 10
AUDIT_FIELDS = [
    "state",
    "notice_no",
    "notice_served_on",
    "fieldwork_from",
    "draft_sent_on",
    "reply_due",
    "reply_on",
    "reply_text",
    "reported_on",
    "report_no",
    "rating",
    "findings",
    "rectify_due",
    "closed_on",
    "close_note",
    "cancel_reason",
]
State = EconomicAudit.State


def _require_hr(actor, audit_or_cadre) -> None:
    cadre = audit_or_cadre if isinstance(audit_or_cadre, Cadre) else audit_or_cadre.cadre
    if actor is None or not hr_covers(actor, cadre.unit):
        raise ApplicationError(_("经济责任审计由组织人事部门登记办理。"), code="forbidden")


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        refuse(_("日期不能晚于今天。"), field)


@transaction.atomic
def audit_plan(
    *,
    cadre: Cadre,
    actor,
    kind: str,
    period_from: datetime.date,
    period_to: datetime.date,
    appointment: Appointment | None = None,
    reason: str = "",
) -> EconomicAudit:
    _require_hr(actor, cadre)
    if kind not in EconomicAudit.Kind.values:
        refuse(_("请选择审计类型。"), "kind")
    if period_to < period_from:
        refuse(_("审计期间的止日不能早于起日。"), "period_to")
    if appointment is not None and appointment.cadre_id != cadre.pk:
        refuse(_("所选任职不是该干部的任职。"), "appointment")
    audit = EconomicAudit.objects.create(
        organization_id=cadre.organization_id,
        cadre=cadre,
        appointment=appointment,
        kind=kind,
        period_from=period_from,
        period_to=period_to,
        planned_by=actor,
    )
    audit_log_record(
        actor=actor,
        action="tenure.audit.plan",
        subject=audit,
        after={**snapshot(audit, ["cadre_id", "kind", "period_from", "period_to"]), "state": audit.state},
        reason=reason,
    )
    return audit


def _step(audit: EconomicAudit, *, actor, action: str, transition: str, changes: dict, reason: str = ""):
    """Move the audit on with a guarded update: only if its state is still the one the transition starts from."""
    before = snapshot(audit, AUDIT_FIELDS)
    source = audit.state
    getattr(audit, transition)()  # raises TransitionNotAllowed from a wrong state
    for name, value in changes.items():
        setattr(audit, name, value)
    updated = EconomicAudit.objects.filter(pk=audit.pk, state=source).update(
        state=audit.state, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ApplicationError(_("该审计已被他人办理,请刷新后查看。"), code="conflict")
    audit_log_record(
        actor=actor, action=action, subject=audit, before=before, after=snapshot(audit, AUDIT_FIELDS), reason=reason
    )
    return audit


def _in_state(audit: EconomicAudit, *states) -> None:
    if audit.state not in states:
        raise ApplicationError(
            _("该审计当前为“%(state)s”,不能办理此步骤。") % {"state": audit.get_state_display()}, code="state"
        )


def _fresh(audit: EconomicAudit) -> EconomicAudit:
    return EconomicAudit.objects.select_related("cadre", "cadre__unit").get(pk=audit.pk)


@transaction.atomic
def audit_notify(
    *, audit: EconomicAudit, actor, notice_no: str, served_on: datetime.date, fieldwork_from: datetime.date
) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.PLANNED)
    _not_future(served_on, "notice_served_on")
    notice_no = (notice_no or "").strip()
    if not notice_no:
        refuse(_("请填写审计通知书文号。"), "notice_no")
    earliest = add_working_days(served_on, NOTICE_WORKING_DAYS)
    if fieldwork_from < earliest:
        refuse(
            _("审计通知书须在现场审计 %(n)s 个工作日前送达:%(served)s 送达的,现场审计最早于 %(earliest)s 开始。")
            % {"n": NOTICE_WORKING_DAYS, "served": served_on.isoformat(), "earliest": earliest.isoformat()},
            "fieldwork_from",
        )
    return _step(
        audit,
        actor=actor,
        action="tenure.audit.notify",
        transition="notify",
        changes={"notice_no": notice_no[:100], "notice_served_on": served_on, "fieldwork_from": fieldwork_from},
    )


@transaction.atomic
def audit_fieldwork_start(*, audit: EconomicAudit, actor, on: datetime.date | None = None) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.NOTIFIED)
    assert audit.fieldwork_from is not None  # the notice sets it
    on = on or timezone.localdate()
    if on < audit.fieldwork_from:
        refuse(_("现场审计通知的开始日期是 %(date)s。") % {"date": audit.fieldwork_from.isoformat()}, "on")
    _not_future(on, "on")
    return _step(audit, actor=actor, action="tenure.audit.fieldwork", transition="start_fieldwork", changes={})


def reply_due_for(sent_on: datetime.date) -> datetime.date:
    """10 days after the draft reached the cadre (the day itself not counted; Art. 203 on a rest day)."""
    return add_calendar_days(sent_on, REPLY_DAYS)


@transaction.atomic
def audit_draft_send(*, audit: EconomicAudit, actor, sent_on: datetime.date) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.FIELDWORK)
    _not_future(sent_on, "draft_sent_on")
    return _step(
        audit,
        actor=actor,
        action="tenure.audit.draft",
        transition="send_draft",
        changes={"draft_sent_on": sent_on, "reply_due": reply_due_for(sent_on)},
    )


@transaction.atomic
def audit_reply(*, audit: EconomicAudit, actor, text: str, replied_on: datetime.date | None = None) -> EconomicAudit:
    """The cadre's written reply to the draft (online), or HR recording the paper one (with its date). Once."""
    audit = _fresh(audit)
    own = is_own(actor, audit.cadre)
    if not own:
        _require_hr(actor, audit)
    _in_state(audit, State.DRAFT)
    assert audit.draft_sent_on is not None and audit.reply_due is not None  # the draft sets them
    if audit.reply_on is not None:
        refuse(_("书面意见已于 %(date)s 提交。") % {"date": audit.reply_on.isoformat()})
    text = (text or "").strip()
    if not text:
        refuse(_("请填写书面意见。"), "text")
    today = timezone.localdate()
    replied_on = today if own or replied_on is None else replied_on
    _not_future(replied_on, "replied_on")
    if replied_on < audit.draft_sent_on:
        refuse(_("书面意见日期不能早于征求意见稿送达日期。"), "replied_on")
    before = snapshot(audit, AUDIT_FIELDS)
    updated = EconomicAudit.objects.filter(pk=audit.pk, state=State.DRAFT, reply_on__isnull=True).update(
        reply_on=replied_on, reply_text=text, updated_at=timezone.now()
    )
    if updated != 1:
        raise ApplicationError(_("该审计已被他人办理,请刷新后查看。"), code="conflict")
    audit.reply_on, audit.reply_text = replied_on, text
    audit_log_record(
        actor=actor,
        action="tenure.audit.reply",
        subject=audit,
        before=before,
        after={**snapshot(audit, AUDIT_FIELDS), "late": replied_on > audit.reply_due},
    )
    return audit


@transaction.atomic
def audit_report(
    *, audit: EconomicAudit, actor, reported_on: datetime.date, rating: str, report_no: str = "", findings: str = ""
) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.DRAFT)
    assert audit.reply_due is not None  # the draft sets it
    _not_future(reported_on, "reported_on")
    if audit.reply_on is None and reported_on <= audit.reply_due:
        refuse(
            _("被审计人书面意见的期限至 %(date)s;期限内未收到意见的,期满后视为无异议,方可出具报告。")
            % {"date": audit.reply_due.isoformat()},
            "reported_on",
        )
    if rating not in EconomicAudit.Rating.values:
        refuse(_("请选择审计结论。"), "rating")
    findings = (findings or "").strip()
    if rating != EconomicAudit.Rating.NONE and not findings:
        refuse(_("请写明发现的问题。"), "findings")
    return _step(
        audit,
        actor=actor,
        action="tenure.audit.report",
        transition="report",
        changes={
            "reported_on": reported_on,
            "report_no": (report_no or "").strip()[:100],
            "rating": rating,
            "findings": findings,
        },
        reason=_("书面意见逾期未提交,视为无异议") if audit.reply_on is None else "",
    )


@transaction.atomic
def audit_rectify(*, audit: EconomicAudit, actor, due: datetime.date) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.REPORTED)
    assert audit.reported_on is not None  # the report sets it
    if audit.rating == EconomicAudit.Rating.NONE:
        refuse(_("审计结论为无问题,无需整改,可直接办结。"))
    if due <= audit.reported_on:
        refuse(_("整改期限须晚于审计报告日期。"), "due")
    return _step(audit, actor=actor, action="tenure.audit.rectify", transition="rectify", changes={"rectify_due": due})


@transaction.atomic
def audit_close(*, audit: EconomicAudit, actor, closed_on: datetime.date, note: str = "") -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.REPORTED, State.RECTIFYING)
    assert audit.reported_on is not None  # the report sets it
    if audit.state == State.REPORTED and audit.rating != EconomicAudit.Rating.NONE:
        refuse(_("审计发现问题的,须整改后方可办结。"))
    _not_future(closed_on, "closed_on")
    if closed_on < audit.reported_on:
        refuse(_("办结日期不能早于审计报告日期。"), "closed_on")
    note = (note or "").strip()
    if audit.state == State.RECTIFYING and not note:
        refuse(_("请写明整改情况。"), "note")
    return _step(
        audit,
        actor=actor,
        action="tenure.audit.close",
        transition="close",
        changes={"closed_on": closed_on, "close_note": note},
    )


@transaction.atomic
def audit_cancel(*, audit: EconomicAudit, actor, reason: str) -> EconomicAudit:
    audit = _fresh(audit)
    _require_hr(actor, audit)
    _in_state(audit, State.PLANNED, State.NOTIFIED)
    reason = (reason or "").strip()
    if not reason:
        refuse(_("请填写取消原因。"), "reason")
    return _step(
        audit, actor=actor, action="tenure.audit.cancel", transition="cancel", changes={"cancel_reason": reason}
    )
