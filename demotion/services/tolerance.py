"""Error tolerance (容错免责) and correction (纠错): the writes.

《陕西省党政干部容错纠错办法(试行)》 and 济南《关于建立党员干部纠错机制的实施办法(试行)》: an error made in good
faith — 出于公心, 勤勉尽责, 不谋私利 — may be tolerated; the deduction or veto it brought is exempted (it leaves the
computation and the year's result is re-versioned), the object, event and reason are disclosed, and a correction
follows in five ordered steps: 启动纠错 → 发送通知 → 谈话教育 → 督促整改 → 完善制度 (济南's rule).

Each service checks who may act, then the rules, then writes with its audit row in one transaction; a refusal
raises ApplicationError (Chinese, field by field where a field is at fault) and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from assessments.selectors import published
from assessments.services import entry_exempt
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import format_date_zh
from demotion.models import Correction, CorrectionStep, ToleranceCase
from demotion.selectors import tolerance as selectors
from notices.services import notices_announce
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, get_roles

NOTICE_KIND = "demotion.tolerance"
CASE_FIELDS = ["cadre_id", "year", "target", "point_entry_id", "veto_entry_id", "event", "request_reason", "state"]
DECISION_FIELDS = [
    "state",
    "public_interest",
    "diligent",
    "no_private_gain",
    "decided_by_id",
    "decided_at",
    "decision_reason",
    "run_id",
]
# The three tests (济南《关于建立党员干部纠错机制的实施办法(试行)》), each with what the committee is told when it answers no.
TESTS = {
    "public_interest": (gettext_lazy("出于公心"), gettext_lazy("未认定出于公心,不能予以容错。")),
    "diligent": (gettext_lazy("勤勉尽责"), gettext_lazy("未认定勤勉尽责,不能予以容错。")),
    "no_private_gain": (gettext_lazy("不谋私利"), gettext_lazy("未认定不谋私利,不能予以容错。")),
}


def _refuse_fields(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(" ".join(m for messages in errors.values() for m in messages), field_errors=errors)


def _detail_url(case: ToleranceCase) -> str:
    return reverse("demotion:tolerance_detail", kwargs={"pk": case.pk})


# --- the request --------------------------------------------------------------------------------------------------


def _check_entry(*, cadre: Cadre, target: str, entry: published.EntryFacts | None) -> None:
    if entry is None or entry.target != target:
        refuse(_("请选择要申请容错免责的扣分或一票否决记录。"), "entry")
    if entry.cadre_id != cadre.pk:
        refuse(_("只能对该干部本人的扣分或一票否决申请容错免责。"), "entry")
    if entry.kind == published.BONUS:
        refuse(_("加分不能申请容错免责,只有扣分和一票否决可以。"), "entry")
    if entry.status != published.APPROVED:
        refuse(
            _("只能对已批准的记录申请容错免责,该记录目前为“%(status)s”。") % {"status": entry.status_label},
            "entry",
        )


@transaction.atomic
def tolerance_request(*, cadre: Cadre, target: str, entry, event: str, reason: str, actor) -> ToleranceCase:
    """HR whose scope covers the cadre, or the cadre himself, asks the committee to exempt one of the cadre's
    approved deductions or vetoes. `entry`: the item as the published results name it (an option's EntryFacts) or
    as a row refers to it (its point entry or veto). One open or approved case per item (a rejected one may be
    asked again)."""
    event, reason = (event or "").strip(), (reason or "").strip()
    if not selectors.may_request_for(user=actor, cadre=cadre):
        refuse(_("只能为本人或管理范围内的干部申请容错免责。"), code="permission_denied")
    if target not in ToleranceCase.Target.values:
        refuse(_("免责对象无效。"), "target")
    # The entry's row lock orders two requests for the same item; the constraint is the last word.
    entry = published.entry_facts(entry, lock=True) if entry is not None else None
    _check_entry(cadre=cadre, target=target, entry=entry)
    errors = {}
    if not event:
        errors["event"] = [_("请填写事件经过。")]
    if not reason:
        errors["reason"] = [_("请填写申请理由。")]
    _refuse_fields(errors)
    field = "point_entry_id" if target == ToleranceCase.Target.DEDUCTION else "veto_entry_id"
    if ToleranceCase.objects.filter(**{field: entry.entry_id}, state__in=selectors.OPEN_STATES).exists():
        refuse(_("该事项已申请容错免责。"), "entry")
    try:
        with transaction.atomic():
            case = ToleranceCase.objects.create(
                organization_id=cadre.organization_id,
                cadre=cadre,
                year=entry.year,
                target=target,
                **{field: entry.entry_id},
                event=event,
                request_reason=reason,
                requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        refuse(_("该事项已申请容错免责。"), "entry")
    own = get_roles(actor).cadre
    audit_log_record(
        actor=actor,
        action="demotion.tolerance.request",
        subject=case,
        after=snapshot(case, CASE_FIELDS),
        reason="" if own is not None and own.pk == cadre.pk else "人事部门代为申请",
    )
    notices_announce(
        recipients=selectors.committee_users_for(cadre=cadre),
        kind=NOTICE_KIND,
        subject=case,
        occurrence="requested",
        title=_("容错免责申请待认定:%(name)s") % {"name": cadre.name},
        body=_("%(name)s申请对“%(entry)s”容错免责,请党组(党委)按出于公心、勤勉尽责、不谋私利认定。")
        % {"name": cadre.name, "entry": entry.label},
        url=_detail_url(case),
    )
    return case


# --- the committee's decision -------------------------------------------------------------------------------------


@transaction.atomic
def tolerance_decide(
    *,
    case: ToleranceCase,
    approve: bool,
    public_interest: bool | None,
    diligent: bool | None,
    no_private_gain: bool | None,
    reason: str,
    actor,
) -> ToleranceCase:
    """The party committee answers the three tests and approves (all three yes) or rejects, with a reason.
    Approval exempts the item (`entry_exempt`, which re-versions a computed year; the new version is `case.run`)
    and opens the correction. The requester and the cadre are told either way."""
    reason = (reason or "").strip()
    r = get_roles(actor)
    if not r.has(ROLE_COMMITTEE) or not selectors.decidable_tolerance_cases(user=actor).filter(pk=case.pk).exists():
        refuse(_("只有党组(党委)可以认定容错免责。"), code="permission_denied")
    if r.cadre is not None and r.cadre.pk == case.cadre_id:
        refuse(_("不能认定本人的容错免责申请,须由党组(党委)其他成员认定。"), code="permission_denied")
    case = ToleranceCase.objects.select_for_update(of=("self",)).select_related(*selectors.CASE_RELATED).get(pk=case.pk)
    answers = {"public_interest": public_interest, "diligent": diligent, "no_private_gain": no_private_gain}
    errors = {}
    for name, value in answers.items():
        if value is None:
            errors[name] = [_("请认定是否%(test)s。") % {"test": TESTS[name][0]}]
        elif approve and not value:
            errors[name] = [str(TESTS[name][1])]
    if not reason:
        errors["reason"] = [_("请填写认定意见。")]
    before = snapshot(case, DECISION_FIELDS)
    try:
        case.approve() if approve else case.reject()
    except TransitionNotAllowed:
        refuse(_("该申请当前状态为“%(state)s”,不能再作认定。") % {"state": case.get_state_display()})
    _refuse_fields(errors)
    case.public_interest, case.diligent, case.no_private_gain = public_interest, diligent, no_private_gain
    case.decided_by, case.decided_at, case.decision_reason = actor, timezone.now(), reason
    try:
        case.save()
    except ConcurrentTransition:
        refuse(_("该申请已由他人认定,请刷新后查看。"))
    if approve:
        entry_id = case.point_entry_id or case.veto_entry_id
        assert entry_id is not None  # a case names its deduction or veto
        case.run_id = entry_exempt(target=case.target, entry_id=entry_id, actor=actor, reason=reason)
        case.save(update_fields=["run", "updated_at"])
        correction = Correction.objects.create(tolerance_case=case)
        audit_log_record(
            actor=actor, action="demotion.correction.open", subject=correction, after={"tolerance_case_id": case.pk}
        )
    audit_log_record(
        actor=actor,
        action="demotion.tolerance.approve" if approve else "demotion.tolerance.reject",
        subject=case,
        before=before,
        after=snapshot(case, DECISION_FIELDS),
        reason=reason,
    )
    notices_announce(
        recipients=[case.requested_by, case.cadre.user],
        kind=NOTICE_KIND,
        subject=case,
        occurrence="decided",
        title=_("容错免责申请已认定:%(state)s") % {"state": case.get_state_display()},
        body=_("%(name)s“%(entry)s”的容错免责申请,党组(党委)认定:%(state)s。认定意见:%(reason)s")
        % {
            "name": case.cadre.name,
            "entry": selectors.entry_label(case.entry),
            "state": case.get_state_display(),
            "reason": reason,
        },
        url=_detail_url(case),
    )
    return case


# --- the correction -----------------------------------------------------------------------------------------------


@transaction.atomic
def correction_step_record(
    *, correction: Correction, step: int | None, done_on: datetime.date | None, note: str, actor
) -> CorrectionStep:
    """HR in scope or the committee records one step of the correction, in order: step n needs steps 1 … n−1, on a
    date not before the previous step's and not in the future. The fifth step completes the correction."""
    note = (note or "").strip()
    if not selectors.recordable_corrections(user=actor).filter(pk=correction.pk).exists():
        refuse(_("只有人事部门或党组(党委)可以记录纠错步骤。"), code="permission_denied")
    # Serialises two recordings of the same correction.
    correction = (
        Correction.objects.select_for_update(of=("self",)).select_related("tolerance_case").get(pk=correction.pk)
    )
    if step not in Correction.Step.values:
        refuse(_("请选择纠错步骤。"), "step")
    step = Correction.Step(step)
    done = {s.step: s for s in correction.steps.all()}
    if step in done:
        refuse(_("“%(step)s”已记录,不能重复记录。") % {"step": step.label}, "step")
    missing = next((s for s in Correction.Step if s < step and s not in done), None)
    if missing is not None:
        refuse(
            _("纠错须依次进行:请先完成“%(missing)s”,再记录“%(step)s”。")
            % {"missing": missing.label, "step": step.label},
            "step",
        )
    errors = {}
    today = timezone.localdate()
    previous = done.get(step - 1)
    if done_on is None:
        errors["done_on"] = [_("请填写办理日期。")]
    elif done_on > today:
        errors["done_on"] = [_("办理日期不能晚于今天。")]
    elif previous is None and done_on < timezone.localdate(correction.tolerance_case.decided_at):
        # The correction follows the decision that approved the tolerance case.
        errors["done_on"] = [
            _("办理日期不能早于容错免责的认定日期:%(date)s。")
            % {"date": format_date_zh(timezone.localdate(correction.tolerance_case.decided_at))}
        ]
    elif previous is not None and done_on < previous.done_on:
        errors["done_on"] = [
            _("办理日期不能早于上一步骤“%(step)s”的办理日期:%(date)s。")
            % {"step": Correction.Step(previous.step).label, "date": format_date_zh(previous.done_on)}
        ]
    if not note:
        errors["note"] = [_("请填写办理情况。")]
    _refuse_fields(errors)
    assert done_on is not None  # refused above when missing
    try:
        with transaction.atomic():
            record = CorrectionStep.objects.create(
                correction=correction,
                step=step,
                done_by=actor if getattr(actor, "is_authenticated", False) else None,
                done_on=done_on,
                note=note,
            )
    except IntegrityError:
        refuse(_("“%(step)s”已记录,不能重复记录。") % {"step": step.label}, "step")
    before = snapshot(correction, ["completed_at"])
    if step == Correction.Step.IMPROVE:
        correction.completed_at = timezone.now()
        correction.save(update_fields=["completed_at", "updated_at"])
    audit_log_record(
        actor=actor,
        action="demotion.correction.step",
        subject=correction,
        before=before,
        after={"step": int(step), "done_on": done_on, "note": note, "completed_at": correction.completed_at},
    )
    return record
