"""The field builders every tenure form uses: text, numbers and notes with their Chinese errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import lazy_format


def text_field(label, *, max_length: int = 200, required: bool = True, area: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput(),
        error_messages={
            "required": lazy_format(_("请填写%(label)s。"), label=label),
            "max_length": lazy_format(_("%(label)s不能超过 %(n)s 个字。"), label=label, n=max_length),
        },
    )


def integer_field(label, *, low: int, high: int, required: bool = True, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "required": lazy_format(_("请填写%(label)s。"), label=label),
            "invalid": _("请填写整数。"),
            "min_value": lazy_format(_("不能小于 %(n)s。"), n=low),
            "max_value": lazy_format(_("不能大于 %(n)s。"), n=high),
        },
    )


def decimal_field(
    label, *, low=0, high=100, places: int = 2, required: bool = True, help_text=""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=high,
        decimal_places=places,
        required=required,
        help_text=help_text,
        error_messages={
            "required": lazy_format(_("请填写%(label)s。"), label=label),
            "invalid": _("请填写数字。"),
            "min_value": lazy_format(_("不能小于 %(n)s。"), n=low),
            "max_value": lazy_format(_("不能大于 %(n)s。"), n=high),
            "max_decimal_places": lazy_format(_("最多保留 %(n)s 位小数。"), n=places),
            "max_digits": _("数字位数过多。"),
        },
    )


def upload_field() -> forms.FileField:
    return forms.FileField(
        label=_("文件"),
        help_text=_("xlsx 或 csv(UTF-8 或 GBK)"),
        error_messages={"required": _("请选择要导入的文件。"), "empty": _("文件为空。")},
    )
