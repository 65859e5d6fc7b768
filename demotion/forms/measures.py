"""Forms of the measures pages. They parse input only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demotion.models import DismissalProtection
from org.fields import CadreByEmployeeNoField
from org.models import SanctionRecord

MEASURE_CHOICES = [(k, SanctionRecord.Kind(k).label) for k in SanctionRecord.Kind.values]
MEASURE_CHOICES = [(k, label) for k, label in MEASURE_CHOICES if k not in SanctionRecord.SANCTION_KINDS]


def _date(label, required_message=None):
    return forms.DateField(
        label=label,
        required=required_message is not None,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"required": required_message or "", "invalid": _("请输入有效的日期(年-月-日)。")},
    )


class _CadreByNumber(forms.Form):
    """The cadre named by 工号, among those the user may record for (`cadres`)."""

    cadre = CadreByEmployeeNoField(
        widget=forms.TextInput(attrs={"class": "form-control", "list": "cadre-options", "autocomplete": "off"})
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].cadres = cadres


class MeasureForm(_CadreByNumber):
    kind = forms.ChoiceField(
        label=_("措施种类"),
        choices=[("", "——"), *MEASURE_CHOICES],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择措施种类。"), "invalid_choice": _("请选择组织处理措施。")},
    )
    decided_on = _date(_("决定日期"), _("请填写决定日期。"))
    effective_from = _date(_("生效日期"), _("请填写生效日期。"))
    document_no = forms.CharField(
        label=_("文号"), max_length=100, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    note = forms.CharField(
        label=_("备注"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ProtectionForm(_CadreByNumber):
    kind = forms.ChoiceField(
        label=_("情形"),
        choices=[("", "——"), *DismissalProtection.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择情形。"), "invalid_choice": _("请选择不得辞退的情形。")},
    )
    starts_on = _date(_("开始日期"), _("请填写开始日期。"))
    ends_on = _date(_("结束日期"))
    note = forms.CharField(
        label=_("备注"), max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class ProtectionEndForm(forms.Form):
    ends_on = _date(_("结束日期"), _("请填写结束日期。"))
    reason = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
