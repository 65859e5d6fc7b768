"""What every org form shares: Bootstrap classes on its widgets, dates as date inputs, Chinese error messages, and
choice fields that offer only what lies in the user's scope."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _format(template, **values) -> str:
    return str(template) % {key: str(value) for key, value in values.items()}


# A message filled in when it is shown, in the language of that request (the form classes are built at import).
lazy_format = lazy(_format, str)


class StyledForm(forms.Form):
    """Gives each widget its Bootstrap class, and marks the fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"


def date_field(label, *, required: bool = True, required_message=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": required_message or _("请填写日期。"),
            "invalid": _("请输入有效的日期(年-月-日)。"),
        },
    )


def reason_field(label, *, required: bool = False, max_length: int = 500) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(),
        error_messages={"required": lazy_format(_("请填写%(label)s。"), label=label)},
    )


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown as a tree: each indented by its depth."""

    def label_from_instance(self, obj):
        return "\u3000" * obj.depth + obj.name


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} · {obj.name}"


def choice_errors(what) -> dict:
    return {
        "required": lazy_format(_("请选择%(what)s。"), what=what),
        "invalid_choice": lazy_format(_("请从列表中选择%(what)s(或不在您的管理范围内)。"), what=what),
    }
