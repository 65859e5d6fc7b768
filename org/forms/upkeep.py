"""Forms of HR's upkeep pages: units, posts, cadres, appointments and group moves. Each choice offers only what
lies within the user's scope (the view passes the querysets)."""

from typing import cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from org.forms.base import (
    PostChoiceField,
    StyledForm,
    UnitChoiceField,
    choice_errors,
    date_field,
    lazy_format,
    reason_field,
)
from org.models import Appointment, AssessmentGroup, Cadre, Post, Unit
from org.services import HR_END_REASONS


def _text(label, *, max_length: int, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": lazy_format(_("请填写%(label)s。"), label=label),
            "max_length": lazy_format(_("%(label)s不能超过 %(n)s 个字。"), label=label, n=max_length),
        },
    )


class UnitAddForm(StyledForm):
    parent = UnitChoiceField(
        label=_("上级单位"), queryset=Unit.objects.none(), error_messages=choice_errors(_("上级单位"))
    )
    name = _text(_("单位名称"), max_length=100)
    kind = forms.ChoiceField(
        label=_("单位类别"), choices=Unit.Kind.choices, error_messages=choice_errors(_("单位类别"))
    )
    sort_order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        initial=0,
        error_messages={"invalid": _("排序应为整数。"), "min_value": _("排序不能为负数。")},
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents


class UnitRenameForm(StyledForm):
    name = _text(_("新名称"), max_length=100)
    reason = reason_field(_("更名依据"))


class UnitMoveForm(StyledForm):
    parent = UnitChoiceField(
        label=_("新的上级单位"), queryset=Unit.objects.none(), error_messages=choice_errors(_("上级单位"))
    )
    reason = reason_field(_("调整依据"))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents


class UnitCloseForm(StyledForm):
    closed_on = date_field(_("撤销日期"), required_message=_("请填写撤销日期。"))
    reason = reason_field(_("撤销依据"), required=True)


class PostAddForm(StyledForm):
    name = _text(_("职务名称"), max_length=100)
    kind = forms.ChoiceField(
        label=_("职务类别"), choices=Post.Kind.choices, error_messages=choice_errors(_("职务类别"))
    )
    is_leadership = forms.BooleanField(label=_("领导职务"), required=False, initial=True)
    headcount = forms.IntegerField(
        label=_("职数"),
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "required": _("请填写职数。"),
            "invalid": _("职数应为整数。"),
            "min_value": _("职数至少为 1。"),
            "max_value": _("职数不能超过 99。"),
        },
    )


class PostEndForm(StyledForm):
    ended_on = date_field(_("撤销日期"), required_message=_("请填写撤销日期。"))
    reason = reason_field(_("撤销依据"), required=True)


class _CadreParticulars(StyledForm):
    name = _text(_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Cadre.Gender.choices, error_messages=choice_errors(_("性别")))
    birth_date = date_field(_("出生日期"), required=False)
    rank_grade = _text(_("职级"), max_length=50, required=False)
    unit = UnitChoiceField(label=_("所在单位"), queryset=Unit.objects.none(), error_messages=choice_errors(_("单位")))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class CadreAddForm(_CadreParticulars):
    employee_no = _text(_("工号"), max_length=32)
    field_order = ["employee_no", "name", "gender", "birth_date", "rank_grade", "unit"]


class CadreEditForm(_CadreParticulars):
    reason = reason_field(_("变更依据"))


class CadreLeaveForm(StyledForm):
    left_on = date_field(_("离开日期"), required_message=_("请填写离开日期。"))
    end_reason = forms.ChoiceField(
        label=_("现任职务结束原因"),
        choices=HR_END_REASONS,
        initial=Appointment.EndReason.EXCHANGE,
        error_messages=choice_errors(_("现任职务结束原因")),
    )
    reason = reason_field(_("离开原因"), required=True, max_length=200)


class AppointForm(StyledForm):
    post = PostChoiceField(label=_("职务"), queryset=Post.objects.none(), error_messages=choice_errors(_("职务")))
    start_date = date_field(_("任职日期"), required_message=_("请填写任职日期。"))
    start_reason = forms.ChoiceField(
        label=_("任职方式"), choices=Appointment.StartReason.choices, error_messages=choice_errors(_("任职方式"))
    )
    document_no = _text(_("任免文号"), max_length=100)
    document_date = date_field(_("任免决定日期"), required_message=_("请填写任免决定日期。"))
    probation_ends_on = date_field(_("试用期满日期"), required=False)
    reason = reason_field(_("备注"))

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["post"]).queryset = posts
        self.fields["probation_ends_on"].help_text = _("新提拔的领导干部实行任职试用期,一般为一年;无试用期的不填。")


class DismissForm(StyledForm):
    end_date = date_field(_("免职日期"), required_message=_("请填写免职日期。"))
    end_reason = forms.ChoiceField(
        label=_("离任原因"), choices=HR_END_REASONS, error_messages=choice_errors(_("离任原因"))
    )
    document_no = _text(_("任免文号"), max_length=100)
    document_date = date_field(_("任免决定日期"), required_message=_("请填写任免决定日期。"))
    reason = reason_field(_("说明"))


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(year)s年 · %(name)s") % {"year": obj.year, "name": obj.name}


class GroupMoveForm(StyledForm):
    group = GroupChoiceField(
        label=_("考核组"), queryset=AssessmentGroup.objects.none(), error_messages=choice_errors(_("考核组"))
    )
    reason = reason_field(_("调整依据"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
