"""Closing an escalated step-down case (《中层负责人主动让贤实施办法》: 逾期不申请的,进行组织调整): the party group
decides the organizational adjustment — 免职, 调整职务 or 降职 — which is recorded as the 能上能下 measure it is (so its
waiting period runs from the day it takes effect), ends the middle-manager appointment with the matching reason,
starts the new post when one is named, and closes the case. One transaction; each write audited; the cadre and HR
over the cadre are told."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import format_date_zh
from demotion.cases_rules import (
    CASE_FIELDS,
    NOTICE_KIND,
    case_url,
    hr_users_for,
    is_committee_of,
    is_own,
    state_refusal,
    transition_guard,
)
from demotion.models import StepDownCase
from demotion.readback import ENDS_POST, waiting_text
from notices.services import notices_announce
from org.models import Post, SanctionRecord
from org.services import appointment_end, appointment_start, sanction_record_create

ADJUSTMENT_KINDS = tuple(ENDS_POST)
TEXT_MAX = 2000
DOCUMENT_MAX = 100


def _check(case: StepDownCase, actor, *, kind, decided_on, effective_from, reason, document_no, new_post) -> None:
    if not is_committee_of(actor, case):
        refuse(_("只有党组(党委)可以决定组织调整。"), code="permission_denied")
    if is_own(actor, case):
        refuse(_("不能决定本人的组织调整,须由党组(党委)其他成员决定。"), code="permission_denied")
    if not can_proceed(case.adjust):
        state_refusal(case, _("决定组织调整"))
    if kind not in ADJUSTMENT_KINDS:
        refuse(_("请选择组织调整方式(免职、调整职务或降职)。"), "kind")
    if decided_on is None:
        refuse(_("请填写决定日期。"), "decided_on")
    if decided_on > timezone.localdate():
        refuse(_("决定日期不能晚于今天。"), "decided_on")
    if decided_on < case.deadline:
        refuse(_("决定日期不能早于申请截止日期(%(date)s)。") % {"date": format_date_zh(case.deadline)}, "decided_on")
    if effective_from is None:
        refuse(_("请填写生效日期。"), "effective_from")
    if effective_from < decided_on:
        refuse(_("生效日期不能早于决定日期。"), "effective_from")
    appointment = case.appointment
    if appointment is not None and appointment.end_date is None and effective_from <= appointment.start_date:
        refuse(
            _("生效日期须晚于任职日期(%(date)s)。") % {"date": format_date_zh(appointment.start_date)},
            "effective_from",
        )
    if not reason:
        refuse(_("请填写党组意见。"), "reason")
    if len(reason) > TEXT_MAX:
        refuse(_("党组意见不能超过%(n)s个字。") % {"n": TEXT_MAX}, "reason")
    if len(document_no) > DOCUMENT_MAX:
        refuse(_("文号不能超过%(n)s个字。") % {"n": DOCUMENT_MAX}, "document_no")
    if new_post is not None:
        if kind == SanctionRecord.Kind.REMOVED:
            refuse(_("免职不安排新的职务;调整职务或降职时再选择新职务。"), "new_post")
        if new_post.unit.organization_id != case.organization_id:
            refuse(_("新职务须为本机构的职务。"), "new_post")
        if appointment is not None and new_post.pk == appointment.post_id:
            refuse(_("新职务不能是原任职务。"), "new_post")
    if SanctionRecord.objects.filter(cadre_id=case.cadre_id, kind=kind, effective_from=effective_from).exists():
        refuse(_("该干部已登记同一日期生效的同种措施。"), "kind")


@transaction.atomic
def stepdown_case_adjust(
    *,
    case: StepDownCase,
    actor,
    kind: str,
    decided_on: datetime.date | None,
    effective_from: datetime.date | None,
    reason: str,
    document_no: str = "",
    new_post: Post | None = None,
) -> StepDownCase:
    """党组决定组织调整 for a case escalated for want of an application: record the measure, end the appointment
    (免职 / 职务调整 / 降职), start the new post if named, close the case (已组织调整)."""
    reason, document_no = (reason or "").strip(), (document_no or "").strip()
    _check(
        case,
        actor,
        kind=kind,
        decided_on=decided_on,
        effective_from=effective_from,
        reason=reason,
        document_no=document_no,
        new_post=new_post,
    )
    assert decided_on is not None and effective_from is not None  # _check refuses a missing date
    label = SanctionRecord.Kind(kind).label
    why = _("%(year)s年度逾期未申请主动让贤,党组决定%(kind)s") % {"year": case.year, "kind": label}
    before = snapshot(case, CASE_FIELDS)
    measure = sanction_record_create(
        cadre=case.cadre,
        kind=kind,
        decided_on=decided_on,
        effective_from=effective_from,
        document_no=document_no,
        note=why,
        actor=actor,
    )
    with transition_guard(case, _("决定组织调整")):
        case.adjust()
        case.decided_at = timezone.now()
        case.decided_by = actor
        case.decision_reason = reason
        case.step_down_on = effective_from
        case.measure = measure
        case.new_post = new_post
        case.save()
    appointment = case.appointment
    try:
        if appointment is not None and appointment.end_date is None:
            appointment_end(
                appointment=appointment,
                end_date=effective_from,
                end_reason=ENDS_POST[kind],
                document_no=document_no,
                document_date=decided_on if document_no else None,
                actor=actor,
                reason=why,
            )
        if new_post is not None:
            appointment_start(cadre=case.cadre, post=new_post, start_date=effective_from, actor=actor, reason=why)
    except ApplicationError as error:
        refuse(error.message, "new_post" if new_post is not None else "effective_from")
    audit_log_record(
        actor=actor,
        action="demotion.stepdown.adjust",
        subject=case,
        before=before,
        after={**snapshot(case, CASE_FIELDS), "measure_id": measure.pk, "kind": kind},
        reason=reason,
    )
    waiting = waiting_text(organization_id=case.cadre.organization_id, kind=kind)
    body = _("%(kind)s,%(date)s起生效。") % {"kind": label, "date": format_date_zh(effective_from)}
    if waiting:
        body += waiting + "。"
    recipients = [*([case.cadre.user] if case.cadre.user_id else []), *hr_users_for(case.cadre)]
    notices_announce(
        recipients=recipients,
        kind=NOTICE_KIND,
        subject=case,
        occurrence="adjusted",
        title=_("%(name)s的主动让贤事项:党组决定%(kind)s") % {"name": case.cadre.name, "kind": label},
        body=body,
        url=case_url(case),
    )
    return case
