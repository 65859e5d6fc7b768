"""Forms of error tolerance (容错免责) and correction (纠错). They check types only; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demotion.models import Correction

YES_NO = [("yes", _("是")), ("no", _("否"))]


class ToleranceRequestForm(forms.Form):
    option = forms.ChoiceField(
        label=_("申请免责的事项"), error_messages={"required": _("请选择要申请容错免责的扣分或一票否决记录。")}
    )
    event = forms.CharField(
        label=_("事件经过"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("写明失误或过失发生的经过、背景和后果。"),
        error_messages={"required": _("请填写事件经过。")},
    )
    reason = forms.CharField(
        label=_("申请理由"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明为何出于公心、勤勉尽责、不谋私利。"),
        error_messages={"required": _("请填写申请理由。")},
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {o.key: o for o in options}
        self.fields["option"].choices = [(key, o.label) for key, o in self.options.items()]
        self.fields["option"].error_messages["invalid_choice"] = _("该事项不能申请容错免责(已申请或不是已批准的记录)。")

    @property
    def chosen(self):
        return self.options[self.cleaned_data["option"]]


class ToleranceDecisionForm(forms.Form):
    """The three tests, each answered, and the committee's opinion. Approving needs three yeses (the service)."""

    decision = forms.ChoiceField(
        choices=[("approve", _("予以容错免责")), ("reject", _("不予容错"))],
        error_messages={"required": _("请选择予以容错免责或不予容错。")},
    )
    public_interest = forms.ChoiceField(
        label=_("出于公心"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("请认定是否出于公心。")},
    )
    diligent = forms.ChoiceField(
        label=_("勤勉尽责"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("请认定是否勤勉尽责。")},
    )
    no_private_gain = forms.ChoiceField(
        label=_("不谋私利"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("请认定是否不谋私利。")},
    )
    reason = forms.CharField(
        label=_("认定意见"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写认定意见。")},
    )

    TESTS = ("public_interest", "diligent", "no_private_gain")

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] == "yes" for name in self.TESTS}

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class CorrectionStepForm(forms.Form):
    step = forms.TypedChoiceField(
        label=_("步骤"),
        choices=Correction.Step.choices,
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={"required": _("请选择纠错步骤。"), "invalid_choice": _("请选择纠错步骤。")},
    )
    done_on = forms.DateField(
        label=_("办理日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写办理日期。"), "invalid": _("请填写正确的日期,如 2026-03-01。")},
    )
    note = forms.CharField(
        label=_("办理情况"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写办理情况。")},
    )
