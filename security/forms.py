from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control"}),
    )


class AuditFilterForm(forms.Form):
    KINDS = [("changes", _("变更记录")), ("reads", _("查阅记录"))]

    kind = forms.ChoiceField(label=_("记录"), choices=KINDS, required=False)
    person = forms.CharField(
        label=_("人员"), required=False, max_length=50, help_text=_("被变更或被查阅的人:姓名或工号")
    )
    actor = forms.CharField(label=_("操作人"), required=False, max_length=50, help_text=_("账号或姓名"))
    action = forms.CharField(label=_("动作"), required=False, max_length=100)
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        cleaned["kind"] = cleaned.get("kind") or "changes"
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: data.get(name) or "" for name in ("person", "actor", "action")} | {
            "start": data.get("start"),
            "end": data.get("end"),
        }
