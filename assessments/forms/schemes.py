"""Scheme forms: creation from a template, settings, and the component table (a formset).

Ratios are typed as percentages (10 means 10%) and handed to the services as fractions. The services own the rules
(weights adding up to 100, the 优秀 quota, ...); their errors come back keyed by field (`components-0-weight`) and
`place_scheme_errors` puts each next to its input.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms import style_widgets
from assessments.forms.fields import DecimalInputField
from assessments.models import Component, Scheme
from assessments.services.scheme_input import COMPONENT_FIELDS, SETTING_FIELDS
from common.errors import ApplicationError

PERCENT_FIELDS = ("bottom_ratio", "excellent_quota", "warning_ratio")
HUNDRED = Decimal("100")
CENTS = Decimal("0.01")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def percent(fraction: Decimal) -> Decimal:
    """0.100 → 10 (for display and for the form's initial values)."""
    value = (fraction * HUNDRED).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


class SchemeCreateForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("机构"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    template = forms.ChoiceField(
        label=_("模板"), choices=Scheme.Template.choices, widget=forms.RadioSelect, initial=Scheme.Template.FOUR_PART
    )
    effective_date = forms.DateField(
        label=_("施行日期"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("留空为当年 1 月 1 日。方案不适用于施行日期之前已结束的期间(不溯及既往)。"),
    )

    def __init__(self, *args, organizations, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["year"].initial = year
        style_widgets(self)


def _settings_fields() -> dict[str, forms.Field]:
    fields = forms.fields_for_model(Scheme, fields=SETTING_FIELDS)
    for name, maximum in [("bottom_ratio", 100), ("excellent_quota", 25), ("warning_ratio", 100)]:
        fields[name] = forms.DecimalField(
            label=f"{Scheme._meta.get_field(name).verbose_name}(%)",
            min_value=0,
            max_value=maximum,
            decimal_places=1,
        )
    fields["effective_date"].widget = DATE_INPUT
    fields["excellent_quota"].help_text = _("公务员考核规定:一般不超过 20%;经主管部门批准可到 25%。")
    fields["excellent_quota_approval"].help_text = _("优秀比例超过 20% 时必填。")
    fields["bottom_minimum"].help_text = _("考核组人数达到右侧规模时,末位至少这么多人。")
    fields["bottom_ratio"].help_text = _("末位人数 = 比例 × 参加考核人数,按取整规则取整。")
    fields["warning_ratio"].help_text = _("季度过程通报预警:运行得分处于后百分之几的干部。")
    fields["basic_below"].help_text = _("综合得分低于此分,定为基本称职(或基本合格)。")
    fields["incompetent_below"].help_text = _("综合得分低于此分,定为不称职(或不合格)。")
    return fields


class SchemeSettingsForm(forms.Form):
    """The scheme's settings, plus the reason for the change (required once the scheme has scores)."""

    def __init__(self, *args, scheme: Scheme, require_reason: bool, **kwargs):
        initial = {f: getattr(scheme, f) for f in SETTING_FIELDS}
        for name in PERCENT_FIELDS:
            initial[name] = percent(initial[name])
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(_settings_fields())
        self.fields["reason"] = forms.CharField(
            label=_("修改原因"),
            required=require_reason,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("方案已有评分,修改将生成新版本,须说明原因。") if require_reason else "",
            error_messages={"required": _("方案已有评分,请填写修改原因。")},
        )
        style_widgets(self)

    def settings_values(self) -> dict:
        values = {f: self.cleaned_data[f] for f in SETTING_FIELDS}
        for name in PERCENT_FIELDS:
            values[name] = values[name] / HUNDRED
        return values


def _label(field: str):
    return Component._meta.get_field(field).verbose_name


class ComponentForm(forms.Form):
    # Lenient on purpose: the service checks the rows (and their sum) and says what is wrong with which cell.
    code = forms.CharField(label=_label("code"), required=False, max_length=40)
    name = forms.CharField(label=_label("name"), required=False, max_length=100)
    weight = DecimalInputField(what=_("权重"), label=_label("weight"), required=False)
    min_score = DecimalInputField(what=_("最低分"), label=_label("min_score"), required=False)
    max_score = DecimalInputField(what=_("最高分"), label=_label("max_score"), required=False)
    frequency = forms.ChoiceField(label=_label("frequency"), choices=Component.Frequency.choices)
    aggregation = forms.ChoiceField(label=_label("aggregation"), choices=Component.Aggregation.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            small = " form-select-sm" if isinstance(field.widget, forms.Select) else " form-control-sm"
            field.widget.attrs["class"] += small
            field.widget.attrs["aria-label"] = field.label
        self.fields["weight"].widget.attrs["class"] += " js-weight"


ComponentFormSet = forms.formset_factory(ComponentForm, extra=0, can_delete=True)
COMPONENT_PREFIX = "components"


def component_formset(data, scheme: Scheme):
    initial = [{f: getattr(c, f) for f in COMPONENT_FIELDS} for c in scheme.components.order_by("sort_order", "id")]
    return ComponentFormSet(data, initial=initial, prefix=COMPONENT_PREFIX)


def _blank(form) -> bool:
    """An added row left empty (its selects always carry a value, so they do not count)."""
    return not any(
        form.cleaned_data.get(f) not in (None, "") for f in ["code", "name", "weight", "min_score", "max_score"]
    )


def component_rows(formset) -> tuple[list[dict], dict[int, int]]:
    """The rows to save, in table order, and the map from a row's index in that list to its form's index.

    Deleted rows and added rows left empty are left out; an added row without a code gets one (`item<n>`), since
    the code is what matches a component across versions and HR rarely cares to name it.
    """
    rows, index_map = [], {}
    kept = [
        (i, form)
        for i, form in enumerate(formset.forms)
        if not form.cleaned_data.get("DELETE") and (i < formset.initial_form_count() or not _blank(form))
    ]
    used = {(form.cleaned_data.get("code") or "").strip() for _, form in kept}
    n = 1
    for i, form in kept:
        row = {f: form.cleaned_data.get(f) for f in COMPONENT_FIELDS}
        if not (row["code"] or "").strip():
            while f"item{n}" in used:
                n += 1
            row["code"] = f"item{n}"
            used.add(row["code"])
        index_map[len(rows)] = i
        rows.append(row)
    return rows, index_map


COMPONENT_KEY = re.compile(rf"{COMPONENT_PREFIX}-(\d+)-(\w+)")


def place_scheme_errors(error: ApplicationError, form, formset, index_map: dict[int, int]) -> list[str]:
    """Put a service error next to the inputs it names; returns the errors about the component table as a whole."""
    table_errors = []
    for key, messages in error.field_errors.items():
        messages = list(messages) if isinstance(messages, list | tuple) else [messages]
        match = COMPONENT_KEY.fullmatch(key)
        if match and formset is not None and int(match[1]) in index_map:
            row = formset.forms[index_map[int(match[1])]]
            for message in messages:
                row.add_error(match[2] if match[2] in row.fields else None, message)
        elif key.startswith(COMPONENT_PREFIX):
            table_errors.extend(messages)
        else:
            for message in messages:
                form.add_error(key if key in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.message)
    return table_errors


# --- the scheme's settings in words, for its page ----------------------------------------------------------------


def _setting_text(scheme: Scheme, field: str):
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
    return [(Scheme._meta.get_field(f).verbose_name, _setting_text(scheme, f)) for f in SETTING_FIELDS]
