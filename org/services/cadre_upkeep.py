"""HR's upkeep of cadres, within the HR user's scope: add a cadre (with a login to activate), edit one (name,
gender, birth date, rank grade, unit), and record that a cadre has left the organization — appointments ended,
login switched off, every record kept."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from org.accounts.state import privileged_user_ids
from org.appointment_hooks import TRANSFER, Move, move_refusals
from org.models import AccountActivation, Appointment, Cadre, Unit
from org.roles import get_roles
from org.services.accounts import cadre_account_ensure
from org.services.appointments import WORKFLOW_END_REASONS, appointment_end
from org.services.cadres import cadre_create, cadre_update
from org.services.scope import clean_name, require_cadre, require_open_unit

RANK_GRADE_MAX = 50
EMPLOYEE_NO_MAX = 32


def _clean_person(*, name: str, gender: str, birth_date, rank_grade: str) -> tuple[str, str]:
    name = clean_name(name, "name", label=_("姓名"), max_length=50)
    if gender not in Cadre.Gender.values:
        refuse(_("请选择性别。"), "gender")
    if birth_date is not None and birth_date >= timezone.localdate():
        refuse(_("出生日期不能晚于今天。"), "birth_date")
    rank_grade = (rank_grade or "").strip()
    if len(rank_grade) > RANK_GRADE_MAX:
        refuse(_("职级不能超过 %(n)d 个字。") % {"n": RANK_GRADE_MAX}, "rank_grade")
    return name, rank_grade


@transaction.atomic
def cadre_add(
    *,
    unit: Unit,
    employee_no: str,
    name: str,
    gender: str,
    birth_date: datetime.date | None = None,
    rank_grade: str = "",
    actor,
    reason: str = "",
) -> Cadre:
    """A new cadre in an open unit of one's scope, with a login to activate (as the roster import gives)."""
    require_open_unit(actor=actor, unit=unit, field="unit")
    employee_no = clean_name(employee_no, "employee_no", label=_("工号"), max_length=EMPLOYEE_NO_MAX)
    name, rank_grade = _clean_person(name=name, gender=gender, birth_date=birth_date, rank_grade=rank_grade)
    cadre = cadre_create(
        organization=unit.organization,
        employee_no=employee_no,
        unit=unit,
        name=name,
        gender=gender,
        birth_date=birth_date,
        rank_grade=rank_grade,
        actor=actor,
    )
    cadre_account_ensure(cadres=[cadre], actor=actor, reason=reason)
    return cadre


@transaction.atomic
def cadre_edit(
    *,
    cadre: Cadre,
    name: str,
    gender: str,
    birth_date: datetime.date | None,
    rank_grade: str,
    unit: Unit,
    actor,
    reason: str = "",
) -> Cadre:
    """Change a cadre's particulars, or move the cadre to another unit (both units within one's scope)."""
    require_cadre(actor=actor, cadre=cadre)
    name, rank_grade = _clean_person(name=name, gender=gender, birth_date=birth_date, rank_grade=rank_grade)
    if unit.pk != cadre.unit_id:
        if unit.organization_id != cadre.organization_id:
            refuse(_("所在单位不属于该机构。"), "unit")
        require_open_unit(actor=actor, unit=unit, field="unit")
        if not cadre.is_current:
            refuse(_("%(name)s已离开本单位,不能调整所在单位。") % {"name": cadre.name}, "unit")
        # Other apps' reasons against the transfer (org.appointment_hooks), e.g. an open audit finding.
        refusals = move_refusals(Move(kind=TRANSFER, cadre=cadre, on=timezone.localdate(), unit=unit))
        if refusals:
            raise ApplicationError(" ".join(refusals), field_errors={"unit": refusals}, code="move_refused")
    old_name = cadre.name
    cadre = cadre_update(
        cadre=cadre,
        actor=actor,
        reason=reason,
        name=name,
        gender=gender,
        birth_date=birth_date,
        rank_grade=rank_grade,
        unit=unit,
    )
    user = cadre.user
    if user is not None and name != old_name and user.first_name == old_name:
        # The name shown in the navigation follows the roster.
        get_user_model().objects.filter(pk=user.pk).update(first_name=name[:150])
        user.first_name = name[:150]
    return cadre


@transaction.atomic
def cadre_leave(
    *,
    cadre: Cadre,
    left_on: datetime.date,
    end_reason: str,
    reason: str,
    actor,
) -> Cadre:
    """The cadre leaves the organization (调离、退休…) on `left_on`: every current appointment ends then with
    `end_reason`, the login is switched off and its open activation code voided. Nothing is deleted: results,
    cases and the audit history stay."""
    require_cadre(actor=actor, cadre=cadre)
    if cadre.left_on is not None:  # left already
        refuse(_("%(name)s已于 %(date)s 离开本单位。") % {"name": cadre.name, "date": cadre.left_on.isoformat()})
    reason = clean_name(reason, "reason", label=_("离开原因"), max_length=200)
    if end_reason not in Appointment.EndReason.values or end_reason in WORKFLOW_END_REASONS:
        refuse(_("请选择结束现任职务的原因。"), "end_reason")
    if left_on > timezone.localdate():
        refuse(_("离开日期不能晚于今天。"), "left_on")
    is_admin = actor is None or get_roles(actor).is_admin
    if cadre.user_id is not None and not is_admin and privileged_user_ids([cadre.user_id]):
        refuse(_("%(name)s的账号有管理权限,请由系统管理员办理。") % {"name": cadre.name})
    current = list(Appointment.objects.filter(cadre=cadre, end_date__isnull=True).select_related("post__unit"))
    for appointment in current:
        if left_on <= appointment.start_date:
            refuse(
                _("离开日期须晚于现任职务“%(post)s”的任职日期(%(date)s)。")
                % {"post": appointment.post, "date": appointment.start_date.isoformat()},
                "left_on",
            )
        appointment_end(appointment=appointment, end_date=left_on, end_reason=end_reason, actor=actor, reason=reason)
    before = snapshot(cadre, ["left_on", "left_reason"])
    Cadre.objects.filter(pk=cadre.pk).update(left_on=left_on, left_reason=reason)
    cadre.left_on, cadre.left_reason = left_on, reason
    after = snapshot(cadre, ["left_on", "left_reason"])
    if cadre.user_id is not None:
        get_user_model().objects.filter(pk=cadre.user_id).update(is_active=False)
        AccountActivation.objects.filter(user_id=cadre.user_id, used_at__isnull=True, voided_at__isnull=True).update(
            voided_at=timezone.now()
        )
        assert cadre.user is not None  # user_id is set
        before["is_active"], after["is_active"] = cadre.user.is_active, False
        cadre.user.is_active = False
    audit_log_record(actor=actor, action="org.cadre.leave", subject=cadre, before=before, after=after, reason=reason)
    return cadre
