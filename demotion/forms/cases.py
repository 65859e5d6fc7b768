"""The forms of a step-down case's page: each says only what the person and the state allow; the services check the
rest (who, when, in which state)."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _required(message):
    return {"required": message, "invalid": _("请输入有效的日期。")}


class ApplyForm(forms.Form):
    """The cadre's 主动让贤申请书, prefilled with the wording of the organization's 实施办法."""

    text = forms.CharField(
        label=_("申请书内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写申请书内容。")},
    )


class PaperApplicationForm(forms.Form):
    """HR records the paper application the cadre handed in."""

    applied_on = forms.DateField(
        label=_("收到申请日期"), widget=DATE, error_messages=_required(_("请填写收到纸质申请的日期。"))
    )
    text = forms.CharField(
        label=_("申请书内容或摘要"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class _AssignmentFields(forms.Form):
    new_post = forms.ModelChoiceField(
        label=_("新安排职务"),
        queryset=None,
        required=False,
        empty_label=_("(不安排职务 / 另行填写)"),
        error_messages={"invalid_choice": _("请选择本机构的职务。")},
    )
    new_assignment = forms.CharField(label=_("安排的工作"), max_length=200, required=False)

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_post"].queryset = posts


class ApproveForm(_AssignmentFields):
    reason = forms.CharField(
        label=_("党组意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    step_down_on = forms.DateField(
        label=_("免去职务日期"), widget=DATE, error_messages=_required(_("请填写免去职务日期。"))
    )

    field_order = ["reason", "step_down_on", "new_post", "new_assignment"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予准予的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写不予准予的理由。")},
    )


class ExecuteForm(_AssignmentFields):
    executed_on = forms.DateField(label=_("到岗日期"), widget=DATE, error_messages=_required(_("请填写到岗日期。")))

    field_order = ["executed_on", "new_post", "new_assignment"]


class AdjustForm(forms.Form):
    """The party group's organizational adjustment of an escalated case (免职 / 调整职务 / 降职)."""

    kind = forms.ChoiceField(
        label=_("组织调整方式"),
        choices=[],
        error_messages={"required": _("请选择组织调整方式。"), "invalid_choice": _("请选择组织调整方式。")},
    )
    reason = forms.CharField(
        label=_("党组意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写党组意见。")},
    )
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE, error_messages=_required(_("请填写决定日期。")))
    effective_from = forms.DateField(
        label=_("生效日期(免去现任职务日期)"), widget=DATE, error_messages=_required(_("请填写生效日期。"))
    )
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)
    new_post = forms.ModelChoiceField(
        label=_("新职务(调整职务或降职时)"),
        queryset=None,
        required=False,
        empty_label=_("(不任新职务)"),
        error_messages={"invalid_choice": _("请选择本机构的职务。")},
    )

    def __init__(self, *args, posts, **kwargs):
        from demotion.services.adjustment import ADJUSTMENT_KINDS
        from org.models import SanctionRecord

        # Its own ids: the page also holds the rejection form, whose opinion field has the same name.
        kwargs.setdefault("auto_id", "adjust_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------")] + [
            (k, SanctionRecord.Kind(k).label) for k in ADJUSTMENT_KINDS
        ]
        self.fields["new_post"].queryset = posts
