"""HR's upkeep of the unit tree: add, rename, move and close a unit, within the HR user's scope.

A unit's `path` (the ids from the root) is what every scope filter reads, so a move rewrites the paths of the
whole subtree in one statement, under a lock on the organization: two moves at once could otherwise make a cycle.
"""

import datetime

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import refuse
from org.models import Cadre, Organization, Post, Unit
from org.services.scope import DENIED, clean_name, require_open_unit, require_unit, scope_of
from org.services.structure import unit_create

LISTED = 5  # names listed in a refusal before "…"


def _lock(organization_id: int) -> None:
    """One structural change at a time per organization (a row lock where the database has them)."""
    Organization.objects.select_for_update().filter(pk=organization_id).exists()


def _names(items) -> str:
    names = [str(item) for item in items[:LISTED]]
    return "、".join(names) + ("…" if len(items) > LISTED else "")


def _require_free_name(*, parent: Unit, name: str, exclude: Unit | None = None) -> None:
    siblings = Unit.objects.filter(organization_id=parent.organization_id, parent=parent, name=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        refuse(_("“%(parent)s”下已有名为“%(name)s”的单位。") % {"parent": parent.name, "name": name}, "name")


def _require_below_scope_root(*, actor, unit: Unit, what: str) -> None:
    """The unit's parent is in scope too: the top of an HR user's subtree is not theirs to move or close."""
    if unit.parent is None:
        refuse(_("机构的根单位不能%(what)s。") % {"what": what})
    if not scope_of(actor=actor, organization=unit.organization).covers(unit.parent.path):
        refuse(_("“%(unit)s”是您管理范围的最上级单位,不能%(what)s。") % {"unit": unit.name, "what": what}, code=DENIED)


@transaction.atomic
def unit_add(*, parent: Unit, name: str, kind: str = Unit.Kind.OFFICE, sort_order: int = 0, actor, reason="") -> Unit:
    require_open_unit(actor=actor, unit=parent, field="parent")
    name = clean_name(name, "name", label=_("单位名称"))
    if kind not in Unit.Kind.values:
        refuse(_("请选择单位类别。"), "kind")
    if sort_order < 0:
        refuse(_("排序不能为负数。"), "sort_order")
    _lock(parent.organization_id)
    _require_free_name(parent=parent, name=name)
    return unit_create(
        organization=parent.organization, parent=parent, name=name, kind=kind, sort_order=sort_order, actor=actor
    )


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, actor, reason: str = "") -> Unit:
    require_unit(actor=actor, unit=unit)
    name = clean_name(name, "name", label=_("单位名称"))
    if name == unit.name:
        return unit
    _lock(unit.organization_id)
    if unit.parent is not None:
        _require_free_name(parent=unit.parent, name=name, exclude=unit)
    elif Unit.objects.filter(organization_id=unit.organization_id, parent=None, name=name).exclude(pk=unit.pk).exists():
        refuse(_("已有名为“%(name)s”的根单位。") % {"name": name}, "name")
    before = snapshot(unit, ["name"])
    unit.name = name
    unit.save(update_fields=["name", "updated_at"])
    audit_log_record(
        actor=actor,
        action="org.unit.rename",
        subject=unit,
        before=before,
        after=snapshot(unit, ["name"]),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, parent: Unit, actor, reason: str = "") -> Unit:
    """Put the unit (and everything below it) under another parent of the same organization."""
    require_unit(actor=actor, unit=unit)
    _require_below_scope_root(actor=actor, unit=unit, what=_("移动"))
    if not unit.is_open:
        refuse(_("单位“%(unit)s”已撤销,不能移动。") % {"unit": unit.name})
    if parent.organization_id != unit.organization_id:
        refuse(_("新的上级单位不属于该机构。"), "parent")
    require_open_unit(actor=actor, unit=parent, field="parent")
    _lock(unit.organization_id)
    unit.refresh_from_db()
    parent.refresh_from_db()
    if parent.path.startswith(unit.path):
        refuse(_("不能把单位移到它自己或它的下级单位之下。"), "parent")
    if parent.pk == unit.parent_id:
        refuse(_("该单位已在“%(parent)s”之下。") % {"parent": parent.name}, "parent")
    _require_free_name(parent=parent, name=unit.name)
    before = snapshot(unit, ["parent_id", "path"])
    old_path, new_path = unit.path, f"{parent.path}{unit.pk}/"
    Unit.objects.filter(organization_id=unit.organization_id, path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    Unit.objects.filter(pk=unit.pk).update(parent=parent)
    unit.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="org.unit.move",
        subject=unit,
        before=before,
        after=snapshot(unit, ["parent_id", "path"]),
        reason=reason,
    )
    return unit


def unit_leftovers(unit: Unit) -> list[str]:
    """What keeps a unit from being closed: its open sub-units, open posts and current cadres, named."""
    children = list(Unit.objects.filter(parent=unit, closed_on__isnull=True).order_by("sort_order", "name"))
    posts = list(Post.objects.filter(unit=unit, ended_on__isnull=True).order_by("kind", "name"))
    cadres = list(Cadre.objects.filter(unit=unit, left_on__isnull=True).order_by("employee_no"))
    left = []
    if children:
        left.append(
            _("未撤销的下级单位 %(n)d 个(%(names)s)")
            % {"n": len(children), "names": _names([u.name for u in children])}
        )
    if posts:
        left.append(_("在设职务 %(n)d 个(%(names)s)") % {"n": len(posts), "names": _names([p.name for p in posts])})
    if cadres:
        left.append(_("在册干部 %(n)d 名(%(names)s)") % {"n": len(cadres), "names": _names([c.name for c in cadres])})
    return left


@transaction.atomic
def unit_close(*, unit: Unit, closed_on: datetime.date, actor, reason: str = "") -> Unit:
    """Close (撤销) a unit that nothing is left in: no open sub-unit, no open post, no current cadre. It stays in the
    tree, with its history, marked closed."""
    require_unit(actor=actor, unit=unit)
    _require_below_scope_root(actor=actor, unit=unit, what=_("撤销"))
    _lock(unit.organization_id)
    unit.refresh_from_db()
    if unit.closed_on is not None:  # closed already
        refuse(_("单位“%(unit)s”已于 %(date)s 撤销。") % {"unit": unit.name, "date": unit.closed_on.isoformat()})
    left = unit_leftovers(unit)
    if left:
        refuse(
            _("“%(unit)s”尚有%(left)s,请先撤销下级单位和职务、调出干部后再撤销。")
            % {"unit": unit.name, "left": ";".join(left)}
        )
    before = snapshot(unit, ["closed_on"])
    Unit.objects.filter(pk=unit.pk).update(closed_on=closed_on)
    unit.closed_on = closed_on
    audit_log_record(
        actor=actor,
        action="org.unit.close",
        subject=unit,
        before=before,
        after=snapshot(unit, ["closed_on"]),
        reason=reason,
    )
    return unit
