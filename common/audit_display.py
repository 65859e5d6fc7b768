"""The audit history in words, for the pages: the action by its name, each changed field by its label, each value as
the page would show it (a choice's label, a person's name, a date, 是/否), internal fields left out.

Each app names its actions, and any keys its rows carry beyond the subject's own fields, in one module
(`<app>/audit_labels.py`, imported from its AppConfig.ready()). Everything else comes from the subject's model. Rows
named by id (a cadre, a user, a run) are read in one query per related model for all the rows shown, so a page's
query count does not grow with its history.
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from common.models import AuditLog

EMPTY = "—"


@dataclass(frozen=True)
class Field:
    """How one key of an audit row is shown. What is left out comes from the subject's model field of that name."""

    label: StrOrPromise | None = None
    # The values are primary keys of this model ("app_label.ModelName" or the class); shown as the row's name.
    related: type[models.Model] | str | None = None
    # value → text, for values no model field describes (e.g. a scheme's component table).
    render: Callable[[object], str] | None = None


_actions: dict[str, StrOrPromise] = {}
_fields: dict[str, dict[str, Field | None]] = {}
_only: set[str] = set()


def register_actions(labels: dict[str, StrOrPromise]) -> None:
    """{action code: label}; an app registers all of its codes once, from its `audit_labels` module."""
    _actions.update(labels)


def register_fields(scope: str, fields: dict[str, Field | None], *, only: bool = False) -> None:
    """How keys are shown for a model ("app_label.model_name": every row about it) or an action code (that action's
    rows, which wins over the model). None hides a key; `only` hides every key not listed."""
    _fields.setdefault(scope, {}).update(fields)
    if only:
        _only.add(scope)


# The admin's own writes (common.admin.AuditHistoryInline) are named after the model they change.
ADMIN_ACTIONS = {
    "admin_add": gettext_lazy("后台新增%(model)s"),
    "admin_change": gettext_lazy("后台修改%(model)s"),
    "admin_delete": gettext_lazy("后台删除%(model)s"),
}
register_actions({"system.heartbeat": gettext_lazy("后台任务检查")})
register_fields("system.heartbeat", {"note": Field(label=gettext_lazy("备注"))})


def action_label(code: str) -> str:
    """The action's name; a code nobody named is shown as it is."""
    if code in _actions:
        return str(_actions[code])
    prefix, _sep, verb = code.rpartition(".")
    if verb in ADMIN_ACTIONS:
        try:
            model = apps.get_model(prefix)
        except (LookupError, ValueError):
            return code
        return str(ADMIN_ACTIONS[verb] % {"model": model._meta.verbose_name})
    return code


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: the row says nothing of the value before (a creation)
    new: str | None  # None: nothing after (a deletion)


@dataclass(frozen=True)
class Entry:
    log: AuditLog
    action: str
    changes: list[Change]

    @property
    def created_at(self):
        return self.log.created_at

    @property
    def actor(self) -> str | None:
        """The actor's name; None for the system."""
        return person_name(self.log.actor) if self.log.actor_id else None

    @property
    def subject(self) -> str:
        return self.log.subject_repr

    @property
    def reason(self) -> str:
        return self.log.reason


@dataclass(frozen=True)
class _Key:
    label: str
    field: models.Field | None
    related: type[models.Model] | None
    to_field: str
    render: Callable[[object], str] | None


def person_name(user) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def _name(obj) -> str:
    return person_name(obj) if hasattr(obj, "get_full_name") and hasattr(obj, "get_username") else str(obj)


def _model_field(model, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _hidden(key: str, field: models.Field | None) -> bool:
    """Internal bookkeeping: the row's own id, the timestamps, a worker's claim on the row."""
    if key in {"id", "created_at", "updated_at"} or key.endswith(("_claim", "_claimed_at")):
        return True
    return field is not None and field.primary_key


def _registered(model, action: str, key: str) -> tuple[bool, Field | None]:
    """(hidden, the registered spec) of a key, the action's word before the model's."""
    for scope in (action, model._meta.label_lower if model else None):
        if scope is None:
            continue
        scoped = _fields.get(scope, {})
        if key in scoped:
            return scoped[key] is None, scoped[key]
        if scope in _only:
            return True, None
    return False, None


def _resolve(model, action: str, key: str) -> _Key | None:
    hidden, spec = _registered(model, action, key)
    if hidden:
        return None
    field = _model_field(model, key)
    if spec is None and _hidden(key, field):
        return None
    spec = spec or Field()
    related, to_field = spec.related, "pk"
    if isinstance(related, str):
        related = apps.get_model(related)
    if related is None and field is not None and (field.many_to_one or field.one_to_one):
        related = field.related_model
        target_field = cast(models.ForeignKey, field).target_field
        to_field = target_field.name if not target_field.primary_key else "pk"
    label = spec.label or (field.verbose_name if field is not None else key)
    return _Key(label=str(label), field=field, related=related, to_field=to_field, render=spec.render)


def _position(model, action: str, key: str) -> tuple[int, int]:
    """Where a key is listed: in the order the action names its keys, then the model's field order, then the order
    the model's extra keys were named. (PostgreSQL keeps a JSON object's keys in an order of its own.)"""
    named = list(_fields.get(action, {}))
    if key in named:
        return 0, named.index(key)
    if model is not None:
        for index, field in enumerate(model._meta.concrete_fields):
            if key in (field.name, field.attname):
                return 1, index
        named = list(_fields.get(model._meta.label_lower, {}))
        if key in named:
            return 2, named.index(key)
    return 3, 0


def _number(value) -> str:
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return str(value)
    return f"{number.normalize():f}" if number.is_finite() else str(value)


def _moment(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime.datetime):
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def _day(value) -> str:
    day = parse_date(value[:10]) if isinstance(value, str) else value
    return day.strftime("%Y-%m-%d") if isinstance(day, datetime.date) else str(value)


def _compact(value) -> str:
    """A JSON list or dict on one line."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_compact(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, list | tuple):
        return ", ".join(_compact(v) for v in value) or EMPTY
    return _plain(value)


def _plain(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float | decimal.Decimal):
        return _number(value)
    return str(value)


def _text(key: _Key, value, found: dict) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if key.render is not None:
        return str(key.render(value))
    if key.related is not None:
        obj = found.get((key.related, key.to_field), {}).get(_lookup(key, value))
        return _name(obj) if obj is not None else f"#{value}"
    field = key.field
    if field is not None:
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return _plain(bool(value))
        if isinstance(field, models.DateTimeField):
            return _moment(value)
        if isinstance(field, models.DateField):
            return _day(value)
        if isinstance(field, models.DecimalField | models.FloatField):
            return _number(value)
    return _compact(value)


def _lookup(key: _Key, value):
    """The value as the related model's key (a JSON id may come back as text)."""
    assert key.related is not None  # only keys naming a related model are looked up
    meta = key.related._meta
    target = cast(models.Field, meta.pk if key.to_field == "pk" else meta.get_field(key.to_field))
    try:
        return target.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def _fetch(wanted: dict[tuple, set]) -> dict[tuple, dict]:
    """One query per related model: the rows named, with what their names read (depth one) joined in."""
    found = {}
    for (model, to_field), values in wanted.items():
        joined = [f.name for f in model._meta.concrete_fields if f.is_relation]
        field_name = model._meta.pk.name if to_field == "pk" else to_field
        found[(model, to_field)] = model._base_manager.select_related(*joined).in_bulk(values, field_name=field_name)
    return found


@dataclass(frozen=True)
class _Raw:
    """One change before its values are put in words (they wait for the related rows of the whole page)."""

    key: _Key
    old: object
    new: object
    said_before: bool
    says_after: bool


def audit_entries(rows: Iterable[AuditLog]) -> list[Entry]:
    """Audit rows in words, in the order given. The related rows of all of them are read together."""
    pending: list[tuple[AuditLog, list[_Raw]]] = []
    wanted: dict[tuple, set] = defaultdict(set)
    for row in list(rows or []):
        model = ContentType.objects.get_for_id(row.subject_type_id).model_class()
        before = row.before or {}
        listed = []
        for name, old, new in row.changes():
            key = _resolve(model, row.action, name)
            if key is None:
                continue
            if key.related is not None and key.render is None:
                for value in (old, new):
                    if value not in (None, "") and (pk := _lookup(key, value)) is not None:
                        wanted[(key.related, key.to_field)].add(pk)
            raw = _Raw(key, old, new, said_before=name in before, says_after=row.after is not None)
            listed.append((_position(model, row.action, name), raw))
        pending.append((row, [raw for _position_, raw in sorted(listed, key=lambda item: item[0])]))
    found = _fetch(wanted)
    return [
        Entry(
            log=row,
            action=action_label(row.action),
            changes=[
                Change(
                    label=raw.key.label,
                    old=_text(raw.key, raw.old, found) if raw.said_before else None,
                    new=_text(raw.key, raw.new, found) if raw.says_after else None,
                )
                for raw in raws
            ],
        )
        for row, raws in pending
    ]
