"""Scheme settings in words for the scheme page: percentages and choice labels. (Its history is shown like every
other page's, through common.audit_display, with the scheme's words in assessments.audit_labels.)"""

from decimal import Decimal

from assessments.forms.schemes import PERCENT_FIELDS, percent
from assessments.models import Scheme
from assessments.services.schemes import SETTING_FIELDS


def _display(scheme: Scheme, field: str):
    value = getattr(scheme, field)
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
