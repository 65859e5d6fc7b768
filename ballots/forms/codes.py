"""Forms of the codes: issue a batch, void a code or a batch. They parse input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ballots.models import CodeBatch
from ballots.services.codes import MAX_BATCH


class IssueForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("发放单位"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择发放单位。"), "invalid_choice": _("请选择组织单位之下的单位。")},
    )
    category = forms.ModelChoiceField(
        label=_("参评人员类别"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择参评人员类别。"), "invalid_choice": _("请选择本测评的参评人员类别。")},
    )
    size = forms.IntegerField(
        label=_("数量"),
        min_value=1,
        max_value=MAX_BATCH,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "required": _("请填写数量。"),
            "invalid": _("请输入整数。"),
            "min_value": _("数量至少为1。"),
            "max_value": _("每批最多%(limit_value)s个。"),
        },
    )
    file_format = forms.ChoiceField(
        label=_("文件格式"),
        choices=CodeBatch.Format.choices,
        initial=CodeBatch.Format.PDF,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, units, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["category"].queryset = categories


class VoidForm(forms.Form):
    code = forms.CharField(
        label=_("测评码"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    batch_number = forms.IntegerField(
        label=_("批次号"), required=False, min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    serial = forms.IntegerField(
        label=_("序号"), required=False, min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写作废原因。")},
    )


class BatchVoidForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写作废原因。")},
    )
