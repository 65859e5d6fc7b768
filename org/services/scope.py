"""The HR write scope as the upkeep services check it (org.scopes): the pages and endpoints already offer only
what lies in the user's scope; the services refuse anything else all the same. An actor of None is the system
(a management command, the demo), which is not limited."""

from django.utils.translation import gettext as _

from common.errors import refuse
from org.models import Cadre, Organization, Unit
from org.scopes import WHOLE_ORGANIZATION, WriteScope, hr_scope

DENIED = "permission_denied"


def scope_of(*, actor, organization: Organization) -> WriteScope:
    if actor is None:
        return WHOLE_ORGANIZATION
    scope = hr_scope(user=actor, organization=organization)
    if scope is None:
        refuse(_("您不是“%(org)s”的组织人事人员,不能修改其组织信息。") % {"org": organization.name}, code=DENIED)
    return scope


def require_unit(*, actor, unit: Unit, field: str | None = None) -> WriteScope:
    """The unit lies within the actor's scope."""
    scope = scope_of(actor=actor, organization=unit.organization)
    if not scope.covers(unit.path):
        refuse(_("单位“%(unit)s”不在您的管理范围内。") % {"unit": unit.name}, field, code=DENIED)
    return scope


def require_open_unit(*, actor, unit: Unit, field: str | None = None) -> WriteScope:
    """The unit lies within the actor's scope and has not been closed."""
    scope = require_unit(actor=actor, unit=unit, field=field)
    if not unit.is_open:
        refuse(_("单位“%(unit)s”已撤销。") % {"unit": unit.name}, field)
    return scope


def require_cadre(*, actor, cadre: Cadre, field: str | None = None) -> WriteScope:
    """The cadre's unit lies within the actor's scope."""
    scope = scope_of(actor=actor, organization=cadre.organization)
    if not scope.covers(cadre.unit.path):
        refuse(_("干部“%(name)s”不在您的管理范围内。") % {"name": cadre.name}, field, code=DENIED)
    return scope


def clean_name(value: str, field: str, *, label: str, max_length: int = 100) -> str:
    """A name as stored: without surrounding spaces, not empty, not too long."""
    name = (value or "").strip()
    if not name:
        refuse(_("请填写%(label)s。") % {"label": label}, field)
    if len(name) > max_length:
        refuse(_("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": max_length}, field)
    return name


def require_cadres(*, actor, cadres, field: str | None = "cadres") -> None:
    """Every one of the cadres lies within the actor's scope (the scope is read once per organization)."""
    scopes: dict[int, WriteScope] = {}
    for cadre in cadres:
        if cadre.organization_id not in scopes:
            scopes[cadre.organization_id] = scope_of(actor=actor, organization=cadre.organization)
        if not scopes[cadre.organization_id].covers(cadre.unit.path):
            refuse(_("干部“%(name)s”不在您的管理范围内。") % {"name": cadre.name}, field, code=DENIED)
