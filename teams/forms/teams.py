"""Forms of the team pages. They parse input only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teams import structure
from teams.models import Grade, MemberProfile
from teams.services.post_evaluations import SCORED

TARGET_LABELS = {
    "max_vacancies": _("空缺职数不超过"),
    "min_under_45": _("45岁以下成员至少(名)"),
    "min_under_40": _("40岁以下成员至少(名)"),
    "min_women": _("女性成员至少(名)"),
    "min_non_party": _("党外成员至少(名)"),
    "min_degree_percent": _("大学本科及以上学历占比至少(%)"),
    "min_specialties": _("专业背景至少(种)"),
    "max_mean_age": _("平均年龄不超过(岁)"),
    "min_tenure_spread_years": _("任现职年限相差至少(年)"),
}


def _date(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请输入有效的日期(年-月-日)。")},
    )


def _text(label, *, rows=None, max_length=2000, required=True):
    widget = (
        forms.Textarea(attrs={"class": "form-control", "rows": rows})
        if rows
        else forms.TextInput(attrs={"class": "form-control"})
    )
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"required": _("请填写此项。")},
    )


class TeamForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择单位。"), "invalid_choice": _("请选择您管理范围内、尚未建立班子的单位。")},
        help_text=_("班子成员为该单位领导职务的现任人员,职数为这些职务的职数之和。"),
    )
    formed_on = _date(_("组建或换届日期"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProfileForm(forms.Form):
    political_status = forms.ChoiceField(
        label=_("政治面貌"), required=False, choices=[("", "——"), *MemberProfile.PoliticalStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    education = forms.ChoiceField(
        label=_("学历"), required=False, choices=[("", "——"), *MemberProfile.Education.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    specialty = _text(_("专业"), max_length=50, required=False)


class GradeForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写年度。"), "invalid": _("请输入整数。")},
    )  # fmt: skip
    grade = forms.ChoiceField(
        label=_("班子类别"), choices=Grade.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请选择班子类别。")},
    )  # fmt: skip
    basis = _text(_("评定依据"), rows=3)
    decided_on = _date(_("评定日期"))
    improvement_due = _date(_("整改期限(三类班子)"), required=False)


class ConsequenceForm(forms.Form):
    done_on = _date(_("完成日期"))
    note = _text(_("办理情况"), max_length=1000)


class PostEvaluationForm(forms.Form):
    evaluated_on = _date(_("评估日期"))
    outstanding = forms.ModelMultipleChoiceField(
        label=_("出彩型干部"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("列入干部推荐参考名单的“出彩型”干部(评估当日的班子成员)。"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outstanding"].queryset = members
        for dimension in SCORED:
            self.fields[f"score_{dimension.value}"] = forms.DecimalField(
                label=dimension.label, min_value=0, max_value=100, decimal_places=2, max_digits=5,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
                error_messages={"required": _("请填写0到100的分数。"), "invalid": _("请填写0到100的分数。")},
            )  # fmt: skip
            self.fields[f"evidence_{dimension.value}"] = _text(_("评估依据"), rows=2)
        for key, default in structure.DEFAULT_TARGETS.items():
            self.fields[f"target_{key}"] = forms.IntegerField(
                label=TARGET_LABELS[key], required=False, min_value=0, initial=default,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )  # fmt: skip

    def scores(self) -> dict:
        return {d.value: self.cleaned_data.get(f"score_{d.value}") for d in SCORED}

    def evidence(self) -> dict:
        return {d.value: self.cleaned_data.get(f"evidence_{d.value}", "") for d in SCORED}

    def targets(self) -> dict:
        return {key: self.cleaned_data.get(f"target_{key}") for key in structure.DEFAULT_TARGETS}

    def dimension_rows(self):
        return [(d, self[f"score_{d.value}"], self[f"evidence_{d.value}"]) for d in SCORED]

    def target_fields(self):
        return [self[f"target_{key}"] for key in structure.DEFAULT_TARGETS]
