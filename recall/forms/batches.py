"""The forms of the batches' pages: a new batch, and a candidate proposed by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.fields import CadreByEmployeeNoField
from recall.forms.cases import DATE, text_field
from recall.models import EvidenceSource


class BatchForm(forms.Form):
    name = forms.CharField(label=_("批次名称"), max_length=100, error_messages={"required": _("请填写批次名称。")})
    year = forms.IntegerField(
        label=_("考核年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("请填写四位数字的考核年度。"),
            "invalid": _("请填写四位数字的考核年度。"),
            "min_value": _("请填写四位数字的考核年度。"),
            "max_value": _("请填写四位数字的考核年度。"),
        },
    )
    note = text_field(_("说明"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # One organization: the field is hidden and may be left out, but a posted one must still be the user's.
        single = len(organizations) <= 1
        self.fields["organization"] = forms.ModelChoiceField(
            label=_("机构"),
            queryset=organizations,
            required=not single,
            widget=forms.HiddenInput if single else None,
            error_messages={"required": _("请选择机构。"), "invalid_choice": _("请选择您负责的机构。")},
        )


class ProposeForm(forms.Form):
    """A candidate by hand: the category says which basis it needs."""

    cadre = CadreByEmployeeNoField()
    category = forms.ModelChoiceField(
        label=_("召回对象类别"),
        queryset=None,
        error_messages={"required": _("请选择召回对象类别。"), "invalid_choice": _("请选择召回对象类别。")},
    )
    grade_year = forms.IntegerField(
        label=_("考核年度(按考核等次提出时)"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("请填写四位数字的考核年度。")},
    )
    basis_date = forms.DateField(
        label=_("依据日期(组织认定时)"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("请输入有效的日期。")},
    )
    basis = text_field(_("召回依据"))
    evidence_sources = forms.MultipleChoiceField(
        label=_("信息来源"), choices=EvidenceSource.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cadres, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].cadres = cadres
        self.fields["category"].queryset = categories
