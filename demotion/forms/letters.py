"""Forms of the commitment letters' pages: the signature and the policy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demotion.services.letters import MAX_APPLICATION_DAYS, MAX_LETTER_MONTHS


class LetterSignForm(forms.Form):
    signed_name = forms.CharField(
        label=_("签名(输入本人姓名)"),
        max_length=50,
        error_messages={"required": _("请输入本人姓名作为签名。")},
    )
    confirm = forms.BooleanField(
        label=_("本人已阅读并同意上述承诺"),
        error_messages={"required": _("请确认已阅读并同意承诺书内容。")},
    )


class PolicyForm(forms.Form):
    letters_from = forms.DateField(
        label=_("承诺书适用的任职起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("此日期及以后任职的中层负责人须签署承诺书;此前的任职不溯及既往。"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请填写有效的日期。")},
    )
    letter_months = forms.IntegerField(
        label=_("承诺书签署期限(月)"),
        min_value=1,
        max_value=MAX_LETTER_MONTHS,
        error_messages={
            "required": _("请填写签署期限。"),
            "invalid": _("请填写整数。"),
            "min_value": _("签署期限至少 1 个月。"),
            "max_value": _("签署期限最多 %(limit_value)s 个月。"),
        },
    )
    application_working_days = forms.IntegerField(
        label=_("主动让贤申请期限(工作日)"),
        min_value=1,
        max_value=MAX_APPLICATION_DAYS,
        error_messages={
            "required": _("请填写申请期限。"),
            "invalid": _("请填写整数。"),
            "min_value": _("申请期限至少 1 个工作日。"),
            "max_value": _("申请期限最多 %(limit_value)s 个工作日。"),
        },
    )
    reason = forms.CharField(
        label=_("修改依据"),
        required=False,
        max_length=500,
        help_text=_("例如:局党组会议纪要文号。"),
    )


class PaperLetterForm(forms.Form):
    """HR records the letter the cadre signed on paper, with the scan of the signed page."""

    signed_on = forms.DateField(
        label=_("纸质签署日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写纸质签署日期。"), "invalid": _("请填写有效的日期。")},
    )
    scan = forms.FileField(
        label=_("签署件扫描件(PDF、JPG 或 PNG,不超过10 MB)"),
        error_messages={"required": _("请上传签署件的扫描件。"), "empty": _("上传的文件是空的。")},
    )


class LetterEscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("提交党组的情况说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写提交党组的情况说明。")},
    )
