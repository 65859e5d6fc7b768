"""The forms of a recall case's page: each says only what the person and the state allow; the services check the rest
(who, when, in which state)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Post, SanctionRecord
from recall.models import TrainingRecord
from recall.services.outcomes import RECALL_MEASURES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PASS_CHOICES = [("", _("请选择")), ("1", _("合格")), ("0", _("不合格"))]


def date_field(label, required_message, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={"required": required_message, "invalid": _("请输入有效的日期。")},
    )


def text_field(label, required_message="", rows=2, max_length=2000):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


class PostChoiceMixin(forms.Form):
    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "post" in self.fields:
            self.fields["post"].queryset = posts if posts is not None else self.fields["post"].queryset.none()


class DecideForm(forms.Form):
    """局党组研究决定."""

    decision = forms.ChoiceField(
        label=_("党组决定"),
        choices=[("recall", _("予以召回")), ("announce", _("予以召回,先行公示")), ("decline", _("不予召回"))],
        error_messages={"required": _("请选择党组决定。"), "invalid_choice": _("请选择党组决定。")},
    )
    reason = text_field(_("党组意见"))


class OrderForm(forms.Form):
    ordered_on = date_field(_("召回日期"), _("请填写召回日期。"))


class WithdrawForm(forms.Form):
    reason = text_field(_("撤回原因"), _("请填写撤回原因。"))


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=TrainingRecord.Kind.choices, error_messages={"required": _("请选择培训类别。")}
    )
    held_on = date_field(_("日期"), _("请填写培训日期。"))
    content = text_field(_("内容"), _("请填写培训内容。"), rows=3)


class RetrainingForm(forms.Form):
    placement_unit = forms.ModelChoiceField(
        label=_("回炉锻炼单位"),
        queryset=None,
        required=False,
        empty_label=_("(本机构以外,在岗位中写明)"),
        error_messages={"invalid_choice": _("请选择本机构的单位。")},
    )
    placement = forms.CharField(
        label=_("回炉锻炼岗位"), max_length=200, error_messages={"required": _("请填写回炉锻炼岗位。")}
    )
    start = date_field(_("回炉开始日期"), _("请填写回炉开始日期。"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement_unit"].queryset = units


class ProbationForm(forms.Form):
    start = date_field(_("适岗考核开始日期"), _("请填写适岗考核开始日期。"))


class StartEvaluationForm(forms.Form):
    """No fields: the retraining (or the probation) has run its months."""


class EvaluateForm(forms.Form):
    home_opinion = text_field(_("原单位鉴定意见"), _("请填写原单位鉴定意见。"), rows=3)
    home_passed = forms.TypedChoiceField(
        label=_("原单位意见"),
        choices=PASS_CHOICES,
        coerce=lambda v: v == "1",
        error_messages={"required": _("请选择原单位意见是否合格。")},
    )
    org_opinion = text_field(_("组织部门考核意见"), _("请填写组织部门考核意见。"), rows=3)
    org_passed = forms.TypedChoiceField(
        label=_("组织部门意见"),
        choices=PASS_CHOICES,
        coerce=lambda v: v == "1",
        error_messages={"required": _("请选择组织部门意见是否合格。")},
    )
    evaluated_on = date_field(_("评价日期"), _("请填写评价日期。"))


class ReturnForm(PostChoiceMixin):
    returned_on = date_field(_("返岗日期"), _("请填写返岗日期。"))
    post = forms.ModelChoiceField(
        label=_("返回职务"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("(不另行任职)"),
        error_messages={"invalid_choice": _("请选择本机构的职务。")},
    )


class ReassignForm(PostChoiceMixin):
    reassigned_on = date_field(_("二次调配日期"), _("请填写调配日期。"))
    post = forms.ModelChoiceField(
        label=_("调配职务"),
        queryset=Post.objects.none(),
        required=False,
        empty_label=_("(不任职务,在岗位中写明)"),
        error_messages={"invalid_choice": _("请选择本机构的职务。")},
    )
    reassignment = forms.CharField(label=_("调配岗位"), max_length=200, required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("组织处理措施"),
        choices=[(k, SanctionRecord.Kind(k).label) for k in RECALL_MEASURES],
        error_messages={"required": _("请选择组织处理措施。"), "invalid_choice": _("请选择组织处理措施。")},
    )
    decided_on = date_field(_("决定日期"), _("请填写决定日期。"))
    effective_from = date_field(_("生效日期"), _("请填写生效日期。"))
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ConcludeForm(forms.Form):
    conclusion = text_field(_("跟踪考察结论"), _("请填写跟踪考察结论。"), rows=3)
    concluded_on = date_field(_("结论日期"), _("请填写结论日期。"))


class CloseForm(forms.Form):
    note = text_field(_("结案说明"))
    closed_on = date_field(_("结案日期"), _("请填写结案日期。"))
