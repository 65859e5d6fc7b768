"""The forms of the competition losses' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.fields import CadreByEmployeeNoField
from recall.forms.cases import DATE


class CompetitionLossForm(forms.Form):
    cadre = CadreByEmployeeNoField()
    competition = forms.CharField(
        label=_("竞聘名称"), max_length=100, error_messages={"required": _("请填写竞聘名称。")}
    )
    held_on = forms.DateField(
        label=_("竞聘日期"),
        widget=DATE,
        error_messages={"required": _("请填写竞聘日期。"), "invalid": _("请输入有效的日期。")},
    )
    post_sought = forms.CharField(label=_("竞聘岗位"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].cadres = cadres


class CompetitionImportForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("xlsx 或 csv 文件,列:工号、姓名、竞聘名称、竞聘日期、竞聘岗位、备注。"),
        error_messages={"required": _("请选择要导入的文件。")},
    )
