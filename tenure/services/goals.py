"""Term goals (任期目标, 正职任期制、副职聘任制的地方办法): proposed by the unit (HR of the unit, or the cadre who leads it), reviewed by HR
(审核), approved by the party committee (批准); a reviewer or the committee may return a goal for changes, and the
proposer then changes and resubmits it. Only approved goals count toward the evaluation; an approved goal is not
changed any more (its attainment is scored against what was approved)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from org.models import Appointment, Cadre, Unit
from tenure.access import committee_covers, hr_covers, own_cadre
from tenure.models import GoalArea, TermGoal

GOAL_FIELDS = [
    "unit_id",
    "responsibility",
    "cadre_id",
    "scope",
    "year",
    "end_year",
    "area",
    "title",
    "kind",
    "target",
    "measure_unit",
    "description",
    "measures",
    "weight",
]
STATE_FIELDS = ["state", "reviewed_by_id", "approved_by_id", "decision_note"]
State = TermGoal.State


def leads_unit(user, unit: Unit) -> bool:
    """The user is the cadre who holds a principal post (正职) of the unit now: the unit's own proposer."""
    cadre = own_cadre(user)
    if cadre is None:
        return False
    return Appointment.objects.filter(
        cadre=cadre, post__unit=unit, post__kind="principal", end_date__isnull=True
    ).exists()


def may_propose(user, unit: Unit) -> bool:
    return hr_covers(user, unit) or leads_unit(user, unit)


def _decimal(value, field: str, errors: dict, *, positive: bool = False):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = [_("请填写数字。")]
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        errors[field] = [_("请填写有效的数字。")]
        return None
    if positive and number <= 0:
        errors[field] = [_("须大于 0。")]
        return None
    if number != number.quantize(Decimal("0.01")):
        errors[field] = [_("最多保留两位小数。")]
        return None
    return number


def goal_values(*, unit: Unit | None, values: dict, organization_id: int | None = None) -> dict:
    """The goal's fields checked, field by field; raises ApplicationError with every problem. Without a unit (an
    import row whose unit was not found) the rest is checked all the same."""
    organization_id = unit.organization_id if unit is not None else organization_id
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, choices, message in (
        ("responsibility", TermGoal.Responsibility.values, _("请选择责任类型。")),
        ("scope", TermGoal.Scope.values, _("请选择目标类型。")),
        ("area", GoalArea.values, _("请选择目标领域。")),
        ("kind", TermGoal.Kind.values, _("请选择指标类型。")),
    ):
        clean[name] = values.get(name)
        if clean[name] not in choices:
            errors[name] = [message]
    title = str(values.get("title") or "").strip()
    if not title:
        errors["title"] = [_("请填写目标名称。")]
    elif len(title) > 200:
        errors["title"] = [_("目标名称不能超过 %(n)d 个字。") % {"n": 200}]
    clean["title"] = title
    year, end_year = values.get("year"), values.get("end_year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("请填写年度(四位数字)。")]
    if clean.get("scope") == TermGoal.Scope.ANNUAL:
        end_year = year
    elif not isinstance(end_year, int) or not isinstance(year, int) or not year <= end_year <= year + 10:
        errors["end_year"] = [_("任期总体目标的止年须不早于起年,且不超过 10 年。")]
    clean["year"], clean["end_year"] = year, end_year
    clean["target"] = _decimal(values.get("target"), "target", errors)
    clean["weight"] = _decimal(values.get("weight") or Decimal(10), "weight", errors, positive=True)
    clean["measure_unit"] = str(values.get("measure_unit") or "").strip()[:20]
    clean["description"] = str(values.get("description") or "").strip()
    clean["measures"] = str(values.get("measures") or "").strip()
    if clean.get("kind") == TermGoal.Kind.QUANTIFIED and clean["target"] is None and "target" not in errors:
        errors["target"] = [_("量化指标须填写目标值。")]
    if clean.get("kind") == TermGoal.Kind.DESCRIBED and not clean["description"]:
        errors["description"] = [_("定性目标须填写目标描述。")]
    cadre = values.get("cadre")
    if clean.get("responsibility") == TermGoal.Responsibility.PERSONAL:
        if cadre is None:
            errors["cadre"] = [_("岗位责任目标须指定责任人。")]
        elif not isinstance(cadre, Cadre) or cadre.organization_id != organization_id:
            errors["cadre"] = [_("责任人不属于本机构。")]
        elif unit is not None and not Appointment.objects.filter(cadre=cadre, post__unit=unit).exists():
            errors["cadre"] = [_("责任人须是本单位班子成员。")]
    else:
        cadre = None
    clean["cadre"] = cadre
    if errors:
        raise ApplicationError(_("任期目标填写有误。"), field_errors=errors)
    return clean


def _audit(goal: TermGoal, action: str, actor, before=None, reason: str = "") -> None:
    audit_log_record(
        actor=actor,
        action=action,
        subject=goal,
        before=before,
        after=snapshot(goal, [*GOAL_FIELDS, *STATE_FIELDS]),
        reason=reason,
    )


@transaction.atomic
def goal_propose(*, unit: Unit, actor, values: dict, reason: str = "") -> TermGoal:
    """A new goal of the unit, waiting for review."""
    if not may_propose(actor, unit):
        raise ApplicationError(_("只有本单位主要负责人或组织人事部门可以提出任期目标。"), code="forbidden")
    if not unit.is_open:
        refuse(_("单位“%(unit)s”已撤销。") % {"unit": unit.name}, "unit")
    clean = goal_values(unit=unit, values=values)
    goal = TermGoal.objects.create(
        organization_id=unit.organization_id, unit=unit, proposed_by=actor, state=State.PROPOSED, **clean
    )
    _audit(goal, "tenure.goal.propose", actor, reason=reason)
    return goal


def _locked(goal: TermGoal) -> TermGoal:
    return TermGoal.objects.select_for_update().select_related("unit").get(pk=goal.pk)


def _state_refusal(goal: TermGoal, allowed: tuple) -> None:
    if goal.state not in allowed:
        raise ApplicationError(
            _("该目标当前为“%(state)s”,不能办理此操作。") % {"state": goal.get_state_display()}, code="state"
        )


@transaction.atomic
def goal_resubmit(*, goal: TermGoal, actor, values: dict, reason: str = "") -> TermGoal:
    """The proposer's side changes a goal waiting for review or returned for changes; it waits for review again."""
    goal = _locked(goal)
    if not may_propose(actor, goal.unit):
        raise ApplicationError(_("只有本单位主要负责人或组织人事部门可以修改任期目标。"), code="forbidden")
    _state_refusal(goal, (State.PROPOSED, State.RETURNED))
    before = snapshot(goal, [*GOAL_FIELDS, *STATE_FIELDS])
    for name, value in goal_values(unit=goal.unit, values=values).items():
        setattr(goal, name, value)
    goal.state, goal.decision_note = State.PROPOSED, ""
    goal.save()
    _audit(goal, "tenure.goal.resubmit", actor, before, reason)
    return goal


@transaction.atomic
def goal_review(*, goal: TermGoal, actor, note: str = "") -> TermGoal:
    """HR of the unit reviews (审核) a proposed goal: it goes to the committee."""
    goal = _locked(goal)
    if not hr_covers(actor, goal.unit):
        raise ApplicationError(_("任期目标由组织人事部门审核。"), code="forbidden")
    _state_refusal(goal, (State.PROPOSED,))
    before = snapshot(goal, [*GOAL_FIELDS, *STATE_FIELDS])
    goal.state, goal.reviewed_by, goal.reviewed_at, goal.decision_note = State.REVIEWED, actor, timezone.now(), note
    goal.save(update_fields=["state", "reviewed_by", "reviewed_at", "decision_note", "updated_at"])
    _audit(goal, "tenure.goal.review", actor, before, note)
    return goal


@transaction.atomic
def goal_approve(*, goal: TermGoal, actor, note: str = "") -> TermGoal:
    """The party committee approves a reviewed goal: from now on it counts."""
    goal = _locked(goal)
    if not committee_covers(actor, goal.unit):
        raise ApplicationError(_("任期目标由党组批准。"), code="forbidden")
    _state_refusal(goal, (State.REVIEWED,))
    before = snapshot(goal, [*GOAL_FIELDS, *STATE_FIELDS])
    goal.state, goal.approved_by, goal.approved_at, goal.decision_note = State.APPROVED, actor, timezone.now(), note
    goal.save(update_fields=["state", "approved_by", "approved_at", "decision_note", "updated_at"])
    _audit(goal, "tenure.goal.approve", actor, before, note)
    return goal


def may_return(user, goal: TermGoal) -> bool:
    """HR returns a goal waiting for review, the committee one waiting for approval."""
    if goal.state == State.PROPOSED:
        return hr_covers(user, goal.unit)
    if goal.state == State.REVIEWED:
        return committee_covers(user, goal.unit)
    return False


@transaction.atomic
def goal_return(*, goal: TermGoal, actor, note: str) -> TermGoal:
    """HR (a proposed goal) or the committee (a reviewed one) returns it for changes, saying why."""
    goal = _locked(goal)
    note = (note or "").strip()
    if goal.state == State.PROPOSED and not hr_covers(actor, goal.unit):
        raise ApplicationError(_("待审核的目标由组织人事部门退回。"), code="forbidden")
    if goal.state == State.REVIEWED and not committee_covers(actor, goal.unit):
        raise ApplicationError(_("待批准的目标由党组退回。"), code="forbidden")
    _state_refusal(goal, (State.PROPOSED, State.REVIEWED))
    if not note:
        refuse(_("请填写退回原因。"), "note")
    before = snapshot(goal, [*GOAL_FIELDS, *STATE_FIELDS])
    goal.state, goal.decision_note = State.RETURNED, note
    goal.save(update_fields=["state", "decision_note", "updated_at"])
    _audit(goal, "tenure.goal.return", actor, before, note)
    return goal
