"""The step-down case's transitions (《中层负责人主动让贤实施办法》): the cadre applies (or HR records a paper application), the party
group approves or rejects, HR carries out the new assignment. Opening and escalation are in demotion.cases_opening.

Each service checks who acts and when, then makes the django-fsm transition and saves it (a guarded update: the row
changes only if its state is still the one read), and writes the audit row in the same transaction. A refusal raises
ApplicationError with the reason in Chinese and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import format_date_zh
from demotion.cases_opening import stepdown_cases_escalate, stepdown_cases_open
from demotion.cases_rules import (
    CASE_FIELDS,
    NOTICE_KIND,
    case_url,
    committee_users_for,
    hr_users_for,
    is_committee_of,
    is_hr_of,
    is_own,
    state_refusal,
    transition_guard,
)
from demotion.models import StepDownCase
from notices.services import notices_announce
from org.models import Appointment, Post
from org.services import appointment_end, appointment_start

__all__ = [
    "stepdown_case_apply",
    "stepdown_case_approve",
    "stepdown_case_execute",
    "stepdown_case_reject",
    "stepdown_case_withdraw",
    "stepdown_cases_escalate",
    "stepdown_cases_open",
]

TEXT_MAX = 5000


def _audit(case: StepDownCase, action: str, before: dict, *, actor, reason: str) -> None:
    audit_log_record(
        actor=actor,
        action=f"demotion.stepdown.{action}",
        subject=case,
        before=before,
        after=snapshot(case, CASE_FIELDS),
        reason=reason,
    )


def _tell(case: StepDownCase, people, occurrence: str, title: str, body: str = "") -> None:
    notices_announce(
        recipients=people,
        kind=NOTICE_KIND,
        subject=case,
        occurrence=occurrence,
        title=title,
        body=body,
        url=case_url(case),
    )


def _cadre_user(case: StepDownCase) -> list:
    return [case.cadre.user] if case.cadre.user_id else []


# --- the application --------------------------------------------------------------------------------------------


@transaction.atomic
def stepdown_case_apply(
    *,
    case: StepDownCase,
    actor,
    text: str = "",
    paper: bool = False,
    applied_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> StepDownCase:
    """The cadre submits the 主动让贤申请书 online by the deadline; or HR over the cadre records the paper one the
    cadre handed in (`applied_on`: the day it was received, within the application period). `today` is the day the
    application is made (the demo replays a past year)."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if paper:
        if not is_hr_of(actor, case):
            refuse(_("只有管理该干部的组织人事部门可以登记纸质申请。"), code="permission_denied")
    elif not is_own(actor, case):
        refuse(_("只有本人可以在线提交主动让贤申请。"), code="permission_denied")
    if not can_proceed(case.apply):
        state_refusal(case, _("再提交申请"))
    if len(text) > TEXT_MAX:
        refuse(_("申请书内容不能超过%(n)s字。") % {"n": TEXT_MAX}, "text")
    if paper:
        applied_on = _paper_date(case, applied_on, today)
    else:
        if not text:
            refuse(_("请填写申请书内容。"), "text")
        if today > case.deadline:
            refuse(
                _("申请期限已于%(date)s截止,不能再提交申请。") % {"date": format_date_zh(case.deadline)},
                code="deadline_passed",
            )
        applied_on = today
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, _("再提交申请")):
        case.apply()
        case.application_text = text
        case.applied_at = timezone.now()
        case.applied_by = actor
        case.paper_application = paper
        case.applied_on = applied_on
        case.save()
    how = _("人事部门登记纸质申请(%(date)s收到)") % {"date": format_date_zh(applied_on)} if paper else _("本人在线提交")
    _audit(case, "apply", before, actor=actor, reason=how)
    _tell(
        case,
        committee_users_for(case.cadre),
        "applied",
        _("%(name)s已提交主动让贤申请,待党组决定") % {"name": case.cadre.name},
        _("%(year)s年度(%(reason)s);%(how)s。") % {"year": case.year, "reason": case.get_reason_display(), "how": how},
    )
    return case


def _paper_date(case: StepDownCase, applied_on: datetime.date | None, today: datetime.date) -> datetime.date:
    if applied_on is None:
        refuse(_("请填写收到纸质申请的日期。"), "applied_on")
    if applied_on > today:
        refuse(_("申请日期不能晚于今天。"), "applied_on")
    if applied_on < case.published_on:
        refuse(
            _("申请日期不能早于考核结果公布日期(%(date)s)。") % {"date": format_date_zh(case.published_on)},
            "applied_on",
        )
    if applied_on > case.deadline:
        refuse(
            _("申请期限已于%(date)s截止,逾期提交的申请不能登记。") % {"date": format_date_zh(case.deadline)},
            "applied_on",
        )
    return applied_on


# --- the party group's decision ---------------------------------------------------------------------------------


def _require_committee(case: StepDownCase, actor) -> None:
    if not is_committee_of(actor, case):
        refuse(_("只有党组(党委)可以决定主动让贤事项。"), code="permission_denied")
    if is_own(actor, case):
        refuse(_("不能决定本人的主动让贤事项,须由党组(党委)其他成员决定。"), code="permission_denied")


def _check_new_post(case: StepDownCase, new_post: Post | None) -> None:
    if new_post is None:
        return
    if new_post.unit.organization_id != case.organization_id:
        refuse(_("新安排的职务须为本机构的职务。"), "new_post")
    if case.appointment is not None and new_post.pk == case.appointment.post_id:
        refuse(_("新安排的职务不能是所辞去的职务。"), "new_post")


@transaction.atomic
def stepdown_case_approve(
    *,
    case: StepDownCase,
    actor,
    reason: str = "",
    step_down_on: datetime.date | None,
    new_post: Post | None = None,
    new_assignment: str = "",
) -> StepDownCase:
    """局党组准予主动让贤: the middle-manager appointment ends on `step_down_on` with reason 主动让贤, the rank grade
    stays (保留职级), and the new assignment (安排适当工作) is recorded if already known."""
    _require_committee(case, actor)
    if not can_proceed(case.approve):
        state_refusal(case, _("准予"))
    reason = (reason or "").strip() or _("经党组研究,准予主动让贤。")
    new_assignment = (new_assignment or "").strip()
    if step_down_on is None:
        refuse(_("请填写免去职务日期。"), "step_down_on")
    appointment = case.appointment
    if appointment is not None and appointment.end_date is None and step_down_on <= appointment.start_date:
        refuse(
            _("免去职务日期须晚于任职日期(%(date)s)。") % {"date": format_date_zh(appointment.start_date)},
            "step_down_on",
        )
    _check_new_post(case, new_post)
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, _("准予")):
        case.approve()
        case.decided_at = timezone.now()
        case.decided_by = actor
        case.decision_reason = reason
        case.step_down_on = step_down_on
        case.new_post = new_post
        case.new_assignment = new_assignment
        case.save()
    if appointment is not None and appointment.end_date is None:
        try:
            appointment_end(
                appointment=appointment,
                end_date=step_down_on,
                end_reason=Appointment.EndReason.STEP_DOWN,
                actor=actor,
                reason=_("%(year)s年度主动让贤,党组准予") % {"year": case.year},
            )
        except ApplicationError as error:
            refuse(error.message, "step_down_on")
    _audit(case, "approve", before, actor=actor, reason=reason)
    title = _("%(name)s的主动让贤申请已获党组准予") % {"name": case.cadre.name}
    body = _("免去现任职务日期:%(date)s,保留职级。") % {"date": format_date_zh(step_down_on)}
    _tell(case, [*_cadre_user(case), *hr_users_for(case.cadre)], "approved", title, body)
    return case


@transaction.atomic
def stepdown_case_reject(*, case: StepDownCase, actor, reason: str) -> StepDownCase:
    """The party group does not approve (e.g. an appeal was upheld, a tolerance case applies); a reason is required."""
    _require_committee(case, actor)
    if not can_proceed(case.reject):
        state_refusal(case, _("作出不予准予的决定"))
    reason = (reason or "").strip()
    if not reason:
        refuse(_("请填写不予准予的理由。"), "reason")
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, _("作出不予准予的决定")):
        case.reject()
        case.decided_at = timezone.now()
        case.decided_by = actor
        case.decision_reason = reason
        case.save()
    _audit(case, "reject", before, actor=actor, reason=reason)
    title = _("%(name)s的主动让贤事项:党组不予准予") % {"name": case.cadre.name}
    _tell(case, [*_cadre_user(case), *hr_users_for(case.cadre)], "rejected", title, reason)
    return case


# --- carrying it out --------------------------------------------------------------------------------------------


@transaction.atomic
def stepdown_case_execute(
    *,
    case: StepDownCase,
    actor,
    executed_on: datetime.date | None,
    new_post: Post | None = None,
    new_assignment: str = "",
) -> StepDownCase:
    """HR carries out the party group's 安排适当工作: the new post starts on `executed_on` (or the work described is
    recorded). The assignment may have been named at approval; it must be known by now."""
    if not is_hr_of(actor, case):
        refuse(_("只有管理该干部的组织人事部门可以办理工作安排。"), code="permission_denied")
    if not can_proceed(case.execute):
        state_refusal(case, _("办理工作安排"))
    new_assignment = (new_assignment or "").strip()
    post = new_post or case.new_post
    if post is None and not (new_assignment or case.new_assignment):
        refuse(_("请选择新安排的职务或填写安排的工作。"), "new_assignment")
    if executed_on is None:
        refuse(_("请填写到岗日期。"), "executed_on")
    if executed_on > timezone.localdate():
        refuse(_("到岗日期不能晚于今天。"), "executed_on")
    if case.step_down_on and executed_on < case.step_down_on:
        refuse(
            _("到岗日期不能早于免去职务日期(%(date)s)。") % {"date": format_date_zh(case.step_down_on)}, "executed_on"
        )
    _check_new_post(case, new_post)
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, _("办理工作安排")):
        case.execute()
        case.executed_at = timezone.now()
        case.executed_by = actor
        case.executed_on = executed_on
        case.new_post = post
        if new_assignment:
            case.new_assignment = new_assignment
        case.save()
    if post is not None:
        try:
            appointment_start(
                cadre=case.cadre,
                post=post,
                start_date=executed_on,
                actor=actor,
                reason=_("%(year)s年度主动让贤后安排适当工作") % {"year": case.year},
            )
        except ApplicationError as error:
            refuse(error.message, "new_post")
    what = str(post) if post is not None else case.new_assignment
    _audit(case, "execute", before, actor=actor, reason=_("安排适当工作:%(what)s") % {"what": what})
    title = _("已安排适当工作:%(what)s") % {"what": what}
    _tell(case, _cadre_user(case), "executed", title, _("到岗日期:%(date)s。") % {"date": format_date_zh(executed_on)})
    return case


@transaction.atomic
def stepdown_case_withdraw(*, case: StepDownCase, reason: str, actor=None) -> StepDownCase:
    """An open case no longer stands (a revised result; or the committee or HR over the cadre withdraws it).
    `actor` None is the system following a revised result."""
    if actor is not None and not (is_committee_of(actor, case) or is_hr_of(actor, case)):
        refuse(_("只有党组(党委)或管理该干部的组织人事部门可以撤回主动让贤事项。"), code="permission_denied")
    if not can_proceed(case.withdraw):
        state_refusal(case, _("撤回"))
    reason = (reason or "").strip()
    if not reason:
        refuse(_("请填写撤回原因。"), "reason")
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, _("撤回")):
        case.withdraw()
        case.withdrawn_at = timezone.now()
        case.withdrawn_reason = reason
        case.save()
    _audit(case, "withdraw", before, actor=actor, reason=reason)
    _tell(case, _cadre_user(case), "withdrawn", _("%(year)s年度主动让贤事项已撤回") % {"year": case.year}, reason)
    return case
