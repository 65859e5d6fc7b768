"""Forms of the account pages: the cadre's activation, and HR's choice of cadres for the bulk actions."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import StyledForm

if TYPE_CHECKING:
    from org.models import Cadre


class ActivationForm(StyledForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        error_messages={"required": _("请填写用户名。")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("激活码"),
        max_length=40,
        error_messages={"required": _("请填写激活码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        help_text=_("激活单上的 12 位字母和数字,横线可以不输。"),
    )
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        error_messages={"required": _("请设置密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        error_messages={"required": _("请再次输入密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CadreSelectionForm(forms.Form):
    """The cadres a bulk action is for: ticked on the list (`cadres`), among those the user may manage."""

    cadres: "forms.ModelMultipleChoiceField[Cadre]" = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("请先勾选干部。"),
            "invalid_choice": _("所选干部不存在或不在您的管理范围内。"),
            "invalid_pk_value": _("所选干部不存在或不在您的管理范围内。"),
        },
    )
    reason = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cadres"]).queryset = cadres
