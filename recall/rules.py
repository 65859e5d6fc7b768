"""What the recall services share: who may act on a cadre's cards and case, who is told, the refusals' words and the
transition guard. 洞头区“回炉再造”体系: HR records and runs the case, the party committee decides, the cadre sees their own."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from common.errors import refuse
from org.models import Appointment, Cadre, RoleAssignment, Unit
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import organization_wide_hr

TEXT_MAX = 2000


# --- who --------------------------------------------------------------------------------------------------------


def _covering(role: str, unit: Unit) -> QuerySet:
    """Users holding `role` over the unit: the whole organization, or a subtree that contains it."""
    prefixes = [p for p in (unit.path or "").split("/") if p]
    paths = ["/" + "/".join(prefixes[: i + 1]) + "/" for i in range(len(prefixes))]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__role=role, role_assignments__organization_id=unit.organization_id
        )
        .filter(Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit__path__in=paths))
        .distinct()
        .order_by("pk")
    )


def hr_users_for(cadre: Cadre) -> QuerySet:
    return _covering(RoleAssignment.Role.HR, cadre.unit)


def committee_users_for(cadre: Cadre) -> QuerySet:
    return _covering(RoleAssignment.Role.COMMITTEE, cadre.unit)


def organization_hr_users(organization_id: int) -> QuerySet:
    """HR of the whole organization: who is told when a recall deadline is missed."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=organization_id,
            role_assignments__unit__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def cadre_user(cadre: Cadre) -> list:
    return [cadre.user] if cadre.user_id else []


def _covers(actor, role: str, cadre: Cadre) -> bool:
    return Unit.objects.filter(get_roles(actor).unit_q(role), pk=cadre.unit_id).exists()


def is_hr_of(actor, cadre: Cadre) -> bool:
    """HR whose scope holds the cadre (and the administrator, who acts as HR everywhere)."""
    return get_roles(actor).is_admin or _covers(actor, ROLE_HR, cadre)


def is_committee_of(actor, cadre: Cadre) -> bool:
    """The party committee over the cadre's unit; not the administrator by virtue of being one."""
    return get_roles(actor).has(ROLE_COMMITTEE) and _covers(actor, ROLE_COMMITTEE, cadre)


def is_own(actor, cadre: Cadre) -> bool:
    own = get_roles(actor).cadre
    return own is not None and own.pk == cadre.pk


def is_organization_hr(actor, organization_id: int) -> bool:
    return organization_wide_hr(actor, organization_id)


def require_hr(actor, cadre: Cadre, doing: str) -> None:
    if not is_hr_of(actor, cadre):
        refuse(_("只有管理该干部的组织人事部门可以%(doing)s。") % {"doing": doing}, code="permission_denied")


def require_committee(actor, cadre: Cadre, doing: str) -> None:
    if not is_committee_of(actor, cadre):
        refuse(_("只有党组(党委)可以%(doing)s。") % {"doing": doing}, code="permission_denied")
    if is_own(actor, cadre):
        refuse(_("不能审定本人的事项,须由党组(党委)其他成员办理。"), code="permission_denied")


# --- 科级 and leaders -------------------------------------------------------------------------------------------


def current_leading_appointment(cadre: Cadre) -> Appointment | None:
    """The cadre's current appointment to a leading post (the newest), if any."""
    return (
        Appointment.objects.filter(cadre=cadre, end_date__isnull=True, post__is_leadership=True)
        .select_related("post", "post__unit")
        .order_by("-start_date", "-pk")
        .first()
    )


def is_section_level(cadre: Cadre, policy) -> bool:
    """科级干部 (洞头区“回炉再造”体系: a red card on a 科级干部 makes a recall target and costs the fixed deduction): a cadre
    holding a leading post, or with one of the rank grades the policy lists as section level."""
    if cadre.rank_grade and policy is not None and cadre.rank_grade in policy.ranks:
        return True
    return current_leading_appointment(cadre) is not None


# --- the organization's language --------------------------------------------------------------------------------


@contextmanager
def organization_language() -> Iterator[None]:
    """Notices and the texts kept in records (a basis, a default opinion, an audit reason) are written in the
    organization's language, whoever sets them off and whatever language their page is in; refusals stay in the
    reader's."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


# --- refusals ---------------------------------------------------------------------------------------------------


def state_refusal(obj, doing: str) -> NoReturn:
    refuse(
        _("该事项当前状态为“%(state)s”,不能%(doing)s。") % {"state": obj.get_state_display(), "doing": doing},
        code="invalid_state",
    )


@contextmanager
def transition_guard(obj, doing: str) -> Iterator[None]:
    """The transition and its save: a wrong state or a concurrent change becomes a refusal that says why."""
    try:
        with transaction.atomic():
            yield
    except TransitionNotAllowed:
        state_refusal(obj, doing)
    except ConcurrentTransition:
        current = type(obj).objects.filter(pk=obj.pk).first()
        state = current.get_state_display() if current else _("不存在")
        refuse(_("该事项已被他人处理(当前状态:%(state)s),请刷新后再办理。") % {"state": state}, code="conflict")


def clean_text(value: str, field: str, *, required: str = "", limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if required and not text:
        refuse(required, field)
    if len(text) > limit:
        refuse(_("不能超过%(n)s个字。") % {"n": limit}, field)
    return text


def require_date(value: datetime.date | None, field: str, message: str) -> datetime.date:
    if value is None:
        refuse(message, field)
    return value


def not_future(value: datetime.date, field: str, today: datetime.date) -> None:
    if value > today:
        refuse(_("日期不能晚于今天。"), field)
