"""The case's stages after the order (洞头区“回炉再造”体系): 谈心培训 and 专题党性教育, each recorded with its date and content; then
frontline retraining (一线回炉) in a placement unit for the policy's months; optionally fit-for-post probation (适岗考核,
河南's practice, 3–6 months); then the evaluation (鉴定评价) by the home unit and the organization department.

Month periods follow 民法典 Art. 202 (民法典 Arts. 201–203 on counting periods, common.workdays.add_months): 3 months from
31 May end on 31 August; 1 month from 31 January on 28 or 29 February. The evaluation is due N working days after the
last stage ends (the policy's). All by HR over the cadre; each step audited; a refusal says why and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_fsm import can_proceed

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import add_months, add_working_days, format_date_zh
from org.models import Appointment, Unit
from org.services import appointment_end
from recall.models import RecallCase, TrainingRecord
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


def evaluation_due_after(case: RecallCase, stage_end: datetime.date) -> datetime.date:
    return add_working_days(stage_end, case.policy.evaluation_working_days)


@transaction.atomic
def training_record_add(
    *,
    case: RecallCase,
    actor,
    kind: str,
    held_on: datetime.date | None,
    content: str,
    today: datetime.date | None = None,
) -> TrainingRecord:
    """A 谈心培训 or 专题党性教育 session; the first one moves an ordered case to 谈心培训."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "登记谈心培训"))
    if case.state not in (RecallCase.State.ORDERED, RecallCase.State.TRAINING):
        state_refusal(case, pgettext("recall step", "登记谈心培训"))
    if kind not in TrainingRecord.Kind.values:
        refuse(_("请选择培训类别。"), "kind")
    held_on = require_date(held_on, "held_on", _("请填写培训日期。"))
    not_future(held_on, "held_on", today)
    assert case.ordered_on is not None  # set with the order
    if held_on < case.ordered_on:
        refuse(_("培训日期不能早于召回日期(%(date)s)。") % {"date": format_date_zh(case.ordered_on)}, "held_on")
    content = clean_text(content, "content", required=_("请填写培训内容。"))
    if case.state == RecallCase.State.ORDERED:
        before = snapshot(case, CASE_FIELDS)
        with transition_guard(case, pgettext("recall step", "登记谈心培训")):
            case.start_training()
            case.save()
        audit(case, "start_training", before, actor=actor)
    record = TrainingRecord.objects.create(case=case, kind=kind, held_on=held_on, content=content, recorded_by=actor)
    audit_log_record(actor=actor, action="recall.training.record", subject=record, after=snapshot(record))
    return record


def _missing_training(case: RecallCase) -> list[str]:
    done = set(case.trainings.values_list("kind", flat=True))
    return [str(label) for value, label in TrainingRecord.Kind.choices if value not in done]


@transaction.atomic
def recall_case_start_retraining(
    *,
    case: RecallCase,
    actor,
    start: datetime.date | None,
    placement: str,
    placement_unit: Unit | None = None,
    today: datetime.date | None = None,
) -> RecallCase:
    """一线回炉: the cadre reports to the placement on `start`; the retraining ends the policy's months later. The
    post held before the recall ends that day (离任原因: 召回); the rank grade stays."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "安排一线回炉锻炼"))
    if not can_proceed(case.start_retraining):
        state_refusal(case, pgettext("recall step", "安排一线回炉锻炼"))
    missing = _missing_training(case)
    if missing:
        refuse(
            _("尚未登记%(missing)s,谈心培训完成后方可安排一线回炉锻炼。") % {"missing": "、".join(missing)},
            code="unresolved",
        )
    start = require_date(start, "start", _("请填写回炉开始日期。"))
    not_future(start, "start", today)
    last_training = max(case.trainings.values_list("held_on", flat=True))
    if start < last_training:
        refuse(_("回炉开始日期不能早于最后一次培训(%(date)s)。") % {"date": format_date_zh(last_training)}, "start")
    placement = clean_text(placement, "placement", required=_("请填写回炉锻炼岗位。"), limit=200)
    if placement_unit is not None and placement_unit.organization_id != case.organization_id:
        refuse(_("回炉锻炼单位须为本机构的单位。"), "placement_unit")
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, pgettext("recall step", "安排一线回炉锻炼")):
        case.start_retraining()
        case.placement_unit, case.placement = placement_unit, placement
        case.retraining_start = start
        case.retraining_end = add_months(start, case.policy.retraining_months)
        case.evaluation_due = None if case.policy.probation_enabled else evaluation_due_after(case, case.retraining_end)
        case.save()
    appointment = case.appointment
    if appointment is not None and appointment.end_date is None and start > appointment.start_date:
        with organization_language():
            why = _("召回令 %(no)s,一线回炉锻炼") % {"no": case.order_no}
        try:
            appointment_end(
                appointment=appointment,
                end_date=start,
                end_reason=Appointment.EndReason.RECALL,
                actor=actor,
                reason=why,
            )
        except ApplicationError as error:
            refuse(error.message, "start")
    audit(case, "start_retraining", before, actor=actor, reason=placement)
    with organization_language():
        tell(
            case,
            cadre_user(case.cadre),
            "retraining",
            _("一线回炉锻炼:%(placement)s,%(start)s至%(end)s")
            % {"placement": placement, "start": format_date_zh(start), "end": format_date_zh(case.retraining_end)},
        )
    return case


@transaction.atomic
def recall_case_start_probation(
    *, case: RecallCase, actor, start: datetime.date | None, today: datetime.date | None = None
) -> RecallCase:
    """适岗考核 after the retraining, when the policy has it: the policy's months from `start`."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "安排适岗考核"))
    if not can_proceed(case.start_probation):
        state_refusal(case, pgettext("recall step", "安排适岗考核"))
    if not case.policy.probation_enabled:
        refuse(_("适用的召回管理办法未设适岗考核。"), code="invalid_state")
    start = require_date(start, "start", _("请填写适岗考核开始日期。"))
    not_future(start, "start", today)
    assert case.retraining_end is not None  # set with the retraining
    if start <= case.retraining_end:
        refuse(
            _("适岗考核须在回炉锻炼期满(%(date)s)之后开始。") % {"date": format_date_zh(case.retraining_end)}, "start"
        )
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, pgettext("recall step", "安排适岗考核")):
        case.start_probation()
        case.probation_start = start
        case.probation_end = add_months(start, case.policy.probation_months)
        case.evaluation_due = evaluation_due_after(case, case.probation_end)
        case.save()
    audit(case, "start_probation", before, actor=actor)
    return case


@transaction.atomic
def recall_case_start_evaluation(*, case: RecallCase, actor, today: datetime.date | None = None) -> RecallCase:
    """The retraining (or the probation) has run its months: the home unit and the organization department evaluate."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "启动鉴定评价"))
    if not can_proceed(case.start_evaluation):
        state_refusal(case, pgettext("recall step", "启动鉴定评价"))
    if case.state == RecallCase.State.RETRAINING and case.policy.probation_enabled:
        refuse(_("适用的召回管理办法要求回炉锻炼期满后先进行适岗考核。"), code="invalid_state")
    end = case.stage_end
    if today < end:
        what = _("适岗考核") if case.state == RecallCase.State.PROBATION else _("回炉锻炼")
        refuse(
            _("%(what)s期至%(date)s,期满后方可鉴定评价。") % {"what": what, "date": format_date_zh(end)},
            code="stage_running",
        )
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, pgettext("recall step", "启动鉴定评价")):
        case.start_evaluation()
        case.evaluation_due = case.evaluation_due or evaluation_due_after(case, end)
        case.save()
    audit(case, "start_evaluation", before, actor=actor)
    return case


@transaction.atomic
def recall_case_evaluate(
    *,
    case: RecallCase,
    actor,
    home_opinion: str,
    home_passed: bool | None,
    org_opinion: str,
    org_passed: bool | None,
    evaluated_on: datetime.date | None,
    today: datetime.date | None = None,
) -> RecallCase:
    """鉴定评价: the home unit's opinion and the organization department's, each with a pass or a fail. The case passes
    only when both say pass (因人而异、一分为二: either finding the cadre unfit is a fail)."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "登记鉴定评价"))
    if case.state != RecallCase.State.EVALUATING:
        state_refusal(case, pgettext("recall step", "登记鉴定评价"))
    if case.evaluated_on is not None:
        refuse(_("鉴定评价已于%(date)s登记。") % {"date": format_date_zh(case.evaluated_on)}, code="invalid_state")
    home_opinion = clean_text(home_opinion, "home_opinion", required=_("请填写原单位鉴定意见。"))
    org_opinion = clean_text(org_opinion, "org_opinion", required=_("请填写组织部门考核意见。"))
    if home_passed is None:
        refuse(_("请选择原单位意见是否合格。"), "home_passed")
    if org_passed is None:
        refuse(_("请选择组织部门意见是否合格。"), "org_passed")
    evaluated_on = require_date(evaluated_on, "evaluated_on", _("请填写评价日期。"))
    not_future(evaluated_on, "evaluated_on", today)
    if evaluated_on < case.stage_end:
        refuse(
            _("评价日期不能早于回炉锻炼期满日期(%(date)s)。") % {"date": format_date_zh(case.stage_end)}, "evaluated_on"
        )
    before = snapshot(case, CASE_FIELDS)
    updated = RecallCase.objects.filter(
        pk=case.pk, state=RecallCase.State.EVALUATING, evaluated_on__isnull=True
    ).update(
        home_opinion=home_opinion,
        home_passed=home_passed,
        org_opinion=org_opinion,
        org_passed=org_passed,
        evaluated_on=evaluated_on,
        passed=home_passed and org_passed,
        updated_at=timezone.now(),
    )
    if updated != 1:
        refuse(_("该事项已被他人处理,请刷新后再办理。"), code="conflict")
    case.refresh_from_db()
    verdict = _("合格") if case.passed else _("不合格")
    audit(case, "evaluate", before, actor=actor, reason=verdict)
    with organization_language():
        tell(
            case,
            [*cadre_user(case.cadre), *hr_users_for(case.cadre)],
            "evaluated",
            _("回炉锻炼鉴定评价:%(verdict)s") % {"verdict": verdict},
            _("原单位意见:%(home)s\n组织部门意见:%(org)s") % {"home": home_opinion, "org": org_opinion},
        )
    return case
