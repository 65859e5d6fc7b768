"""Scheme settings and history in words for the pages: percentages, choice labels, field labels, the component
table in one line."""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.forms.schemes import PERCENT_FIELDS, percent
from assessments.models import Period, Scheme
from assessments.services.schemes import SETTING_FIELDS


def _display(scheme_or_values, field: str):
    value = scheme_or_values[field] if isinstance(scheme_or_values, dict) else getattr(scheme_or_values, field)
    if value in (None, ""):
        return "—"
    if field in PERCENT_FIELDS:
        return f"{percent(Decimal(str(value)))}%"
    model_field = Scheme._meta.get_field(field)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def settings_rows(scheme: Scheme) -> list[tuple]:
    return [(Scheme._meta.get_field(f).verbose_name, _display(scheme, f)) for f in SETTING_FIELDS]


AUDIT_ACTIONS = {
    "assessments.scheme.create": gettext_lazy("创建方案"),
    "assessments.scheme.update": gettext_lazy("修改方案"),
    "assessments.scheme.new_version": gettext_lazy("生成新版本"),
    "assessments.period.open": gettext_lazy("开始评分"),
    "assessments.period.close": gettext_lazy("结束评分"),
}
# A creation lists the essentials; every setting is on the page itself.
CREATE_FIELDS = {"name", "effective_date", "components"}


def _components_text(components) -> str:
    return ";".join(f"{c.get('name')} {c.get('weight')}%" for c in components or []) or "—"


def _moment(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _scheme_change(entry, field, old, new):
    if entry.action == "assessments.scheme.create" and field not in CREATE_FIELDS:
        return None
    if field == "components":
        return _("考核项目"), (None if old is None else _components_text(old)), _components_text(new)
    if field == "scores_not_carried_over":
        return _("未转入新版本的评分"), old, new
    if field in SETTING_FIELDS or field in {"status", "version"}:
        label = Scheme._meta.get_field(field).verbose_name
        return label, (None if old is None else _display({field: old}, field)), _display({field: new}, field)
    return None


def _period_change(field, old, new):
    if field == "status":
        labels = dict(Period.Status.choices)
        return _("状态"), labels.get(old, old), labels.get(new, new)
    if field in {"opened_at", "closed_at"}:
        return Period._meta.get_field(field).verbose_name, (None if old is None else _moment(old)), _moment(new)
    return None


def audit_rows(entries) -> list[dict]:
    """Audit rows in words: field labels, percentages, choice labels, the component table in one line."""
    rows = []
    for entry in entries:
        is_period = entry.action.startswith("assessments.period")
        changes = [
            change
            for field, old, new in entry.changes()
            if (change := _period_change(field, old, new) if is_period else _scheme_change(entry, field, old, new))
        ]
        rows.append(
            {
                "entry": entry,
                "action": AUDIT_ACTIONS.get(entry.action, entry.action),
                "subject": entry.subject_repr,
                "changes": changes,
            }
        )
    return rows
