"""What follows the evaluation (洞头区“回炉再造”体系: 考核合格的返回原单位履职;考核不合格的,科级领导干部将采取调离岗位、改任非领导
职务、降职、免职等组织措施,科级非领导职务及以下干部职工,将进行"二次分配",实行为期1年的跟踪考察).

- pass → return to the original post or an equivalent one (a new appointment record);
- fail → secondary assignment (二次调配) with the policy's follow-up (1 year), ending in a recorded conclusion;
- fail, a leader → organizational measures (调离岗位, 改任职级, 降职, 免职) recorded through 能上能下's measures
  (demotion.services.measures.measure_record), so that their waiting periods apply; a secondary assignment may follow.

HR over the cadre acts; a refusal says why and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django_fsm import can_proceed

from common.audit import snapshot
from common.errors import ApplicationError, refuse
from common.workdays import add_months, format_date_zh
from demotion.services.measures import measure_record
from org.models import Post, SanctionRecord
from org.services import appointment_start
from recall.models import RecallCase
from recall.rules import (
    cadre_user,
    clean_text,
    hr_users_for,
    not_future,
    organization_language,
    require_date,
    require_hr,
    state_refusal,
    transition_guard,
)
from recall.services.cases import CASE_FIELDS, audit, tell

# The organizational measures a failed leader may be given (洞头区“回炉再造”体系; 《推进领导干部能上能下规定》).
RECALL_MEASURES = (
    SanctionRecord.Kind.TRANSFERRED,
    SanctionRecord.Kind.RANK_CHANGED,
    SanctionRecord.Kind.DEMOTED,
    SanctionRecord.Kind.REMOVED,
)


def _check_post(case: RecallCase, post: Post | None, field: str) -> None:
    if post is not None and post.unit.organization_id != case.organization_id:
        refuse(_("请选择本机构的职务。"), field)


def _appoint(case: RecallCase, post: Post | None, start: datetime.date, *, field: str, actor, reason) -> None:
    """The new appointment's record; `reason` (a message id) is kept in the organization's language."""
    if post is None:
        return
    with organization_language():
        reason = _(reason)
    try:
        appointment_start(cadre=case.cadre, post=post, start_date=start, actor=actor, reason=reason)
    except ApplicationError as error:
        refuse(error.message, field)


def _require_evaluation(case: RecallCase) -> None:
    if case.evaluated_on is None:
        refuse(_("尚未登记鉴定评价。"), code="invalid_state")


def _after_evaluation(case: RecallCase, day: datetime.date, field: str, today: datetime.date) -> None:
    not_future(day, field, today)
    assert case.evaluated_on is not None  # _require_evaluation
    if day < case.evaluated_on:
        refuse(_("日期不能早于评价日期(%(date)s)。") % {"date": format_date_zh(case.evaluated_on)}, field)


@transaction.atomic
def recall_case_return(
    *,
    case: RecallCase,
    actor,
    returned_on: datetime.date | None,
    post: Post | None = None,
    today: datetime.date | None = None,
) -> RecallCase:
    """考核合格,返回原单位履职: the original post or an equivalent one (a new appointment from `returned_on`)."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "办理返岗"))
    if not can_proceed(case.return_to_post):
        state_refusal(case, pgettext("recall step", "办理返岗"))
    _require_evaluation(case)
    if case.passed is not True:
        refuse(_("鉴定评价合格的方可返岗。"), code="invalid_state")
    returned_on = require_date(returned_on, "returned_on", _("请填写返岗日期。"))
    _after_evaluation(case, returned_on, "returned_on", today)
    _check_post(case, post, "post")
    before = snapshot_case(case)
    with transition_guard(case, pgettext("recall step", "办理返岗")):
        case.return_to_post()
        case.returned_on, case.return_post = returned_on, post
        case.save()
    _appoint(case, post, returned_on, field="post", actor=actor, reason=gettext_noop("回炉锻炼考核合格返岗"))
    audit(case, "return", before, actor=actor, reason=str(post) if post else "")
    with organization_language():
        tell(
            case,
            cadre_user(case.cadre),
            "returned",
            _("回炉锻炼考核合格,%(date)s返岗") % {"date": format_date_zh(returned_on)},
        )
    return case


@transaction.atomic
def recall_case_reassign(
    *,
    case: RecallCase,
    actor,
    reassigned_on: datetime.date | None,
    post: Post | None = None,
    reassignment: str = "",
    today: datetime.date | None = None,
) -> RecallCase:
    """二次调配 after a failed evaluation (or after the measures of a leader): the follow-up runs the policy's months."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "办理二次调配"))
    if not can_proceed(case.reassign):
        state_refusal(case, pgettext("recall step", "办理二次调配"))
    _require_evaluation(case)
    if case.passed is not False:
        refuse(_("鉴定评价不合格的方可二次调配。"), code="invalid_state")
    reassigned_on = require_date(reassigned_on, "reassigned_on", _("请填写调配日期。"))
    _after_evaluation(case, reassigned_on, "reassigned_on", today)
    reassignment = clean_text(reassignment, "reassignment", limit=200)
    if post is None and not reassignment:
        refuse(_("请选择调配职务或填写调配岗位。"), "reassignment")
    _check_post(case, post, "post")
    before = snapshot_case(case)
    with transition_guard(case, pgettext("recall step", "办理二次调配")):
        case.reassign()
        case.reassigned_on, case.reassign_post, case.reassignment = reassigned_on, post, reassignment
        case.follow_up_end = add_months(reassigned_on, case.policy.follow_up_months)
        case.save()
    _appoint(case, post, reassigned_on, field="post", actor=actor, reason=gettext_noop("回炉锻炼考核不合格,二次调配"))
    what = str(post) if post else reassignment
    audit(case, "reassign", before, actor=actor, reason=what)
    with organization_language():
        tell(
            case,
            cadre_user(case.cadre),
            "reassigned",
            _("二次调配:%(what)s") % {"what": what},
            _("跟踪考察至%(date)s。") % {"date": format_date_zh(case.follow_up_end)},
        )
    return case


@transaction.atomic
def recall_case_measure(
    *,
    case: RecallCase,
    actor,
    kind: str,
    decided_on: datetime.date | None,
    effective_from: datetime.date | None,
    document_no: str = "",
    note: str = "",
) -> SanctionRecord:
    """An organizational measure for a leader who failed the evaluation, recorded as 能上能下's measure so that its
    waiting period runs (调整职务 → no promotion for a year; 免职 → no leading post for a year, no promotion for two)."""
    require_hr(actor, case.cadre, pgettext("recall step", "登记组织处理措施"))
    if case.state not in (RecallCase.State.EVALUATING, RecallCase.State.MEASURES):
        state_refusal(case, pgettext("recall step", "登记组织处理措施"))
    if case.state == RecallCase.State.EVALUATING:
        _require_evaluation(case)
    if case.state == RecallCase.State.EVALUATING and case.passed is not False:
        refuse(_("鉴定评价不合格的方可采取组织处理措施。"), code="invalid_state")
    if not case.is_leader:
        refuse(_("组织处理措施适用于召回前担任领导职务的干部;其他干部请办理二次调配。"), code="invalid_state")
    if kind not in RECALL_MEASURES:
        refuse(_("请选择调离岗位、改任职级、降职或免职。"), "kind")
    decided_on = require_date(decided_on, "decided_on", _("请填写决定日期。"))
    effective_from = require_date(effective_from, "effective_from", _("请填写生效日期。"))
    assert case.evaluated_on is not None  # set with the evaluation, before any measure
    if decided_on < case.evaluated_on:
        refuse(_("日期不能早于评价日期(%(date)s)。") % {"date": format_date_zh(case.evaluated_on)}, "decided_on")
    with organization_language():
        note = clean_text(note, "note") or _("回炉锻炼考核不合格(召回令 %(no)s)") % {"no": case.order_no}
    before = snapshot_case(case)
    record = measure_record(
        cadre=case.cadre,
        kind=kind,
        decided_on=decided_on,
        effective_from=effective_from,
        document_no=document_no,
        note=note,
        actor=actor,
    )
    if case.state == RecallCase.State.EVALUATING:
        with transition_guard(case, pgettext("recall step", "登记组织处理措施")):
            case.take_measures()
            case.save()
    case.measures.add(record)
    audit(case, "measure", before, actor=actor, reason=record.get_kind_display())
    return record


@transaction.atomic
def recall_case_conclude(
    *,
    case: RecallCase,
    actor,
    conclusion: str,
    concluded_on: datetime.date | None,
    today: datetime.date | None = None,
) -> RecallCase:
    """跟踪考察结论 once the follow-up has run: the case is closed."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "登记跟踪考察结论"))
    if case.state != RecallCase.State.REASSIGNED:
        state_refusal(case, pgettext("recall step", "登记跟踪考察结论"))
    conclusion = clean_text(conclusion, "conclusion", required=_("请填写跟踪考察结论。"))
    concluded_on = require_date(concluded_on, "concluded_on", _("请填写结论日期。"))
    not_future(concluded_on, "concluded_on", today)
    assert case.follow_up_end is not None  # set with the reassignment
    if concluded_on < case.follow_up_end:
        refuse(
            _("跟踪考察期至%(date)s,期满后方可作出结论。") % {"date": format_date_zh(case.follow_up_end)},
            "concluded_on",
        )
    before = snapshot_case(case)
    with transition_guard(case, pgettext("recall step", "登记跟踪考察结论")):
        case.close()
        case.follow_up_conclusion, case.concluded_on = conclusion, concluded_on
        case.closed_on, case.close_note = concluded_on, conclusion
        case.save()
    audit(case, "conclude", before, actor=actor, reason=conclusion)
    with organization_language():
        tell(
            case, [*cadre_user(case.cadre), *hr_users_for(case.cadre)], "concluded", _("跟踪考察结论已登记"), conclusion
        )
    return case


@transaction.atomic
def recall_case_close(
    *, case: RecallCase, actor, note: str = "", closed_on: datetime.date | None = None, today=None
) -> RecallCase:
    """结案 after the return or the measures (a secondary assignment closes with its conclusion)."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "结案"))
    if case.state not in (RecallCase.State.RETURNED, RecallCase.State.MEASURES):
        if case.state == RecallCase.State.REASSIGNED:
            refuse(_("二次调配的事项须在跟踪考察期满后登记结论结案。"), code="invalid_state")
        state_refusal(case, pgettext("recall step", "结案"))
    closed_on = closed_on or today
    not_future(closed_on, "closed_on", today)
    before = snapshot_case(case)
    with transition_guard(case, pgettext("recall step", "结案")):
        case.close()
        case.closed_on, case.close_note = closed_on, clean_text(note, "note")
        case.save()
    audit(case, "close", before, actor=actor, reason=case.close_note)
    return case


def snapshot_case(case: RecallCase) -> dict:
    return snapshot(case, CASE_FIELDS)
