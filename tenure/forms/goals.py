"""Forms of the term goals: a goal, a decision note, the import file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import StyledForm, UnitChoiceField, choice_errors
from org.models import Cadre, Unit
from tenure.forms.fields import decimal_field, integer_field, text_field, upload_field
from tenure.models import GoalArea, TermGoal


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}({obj.employee_no})"


class GoalForm(StyledForm):
    unit = UnitChoiceField(label=_("单位"), queryset=Unit.objects.none(), error_messages=choice_errors(_("单位")))
    scope = forms.ChoiceField(label=_("目标类型"), choices=TermGoal.Scope.choices)
    year = integer_field(_("年度(起)"), low=2000, high=2100)
    end_year = integer_field(_("年度(止)"), low=2000, high=2100, required=False, help_text=_("任期总体目标填写"))
    area = forms.ChoiceField(label=_("目标领域"), choices=GoalArea.choices)
    title = text_field(_("目标名称"))
    kind = forms.ChoiceField(label=_("指标类型"), choices=TermGoal.Kind.choices)
    target = decimal_field(_("目标值"), low=-(10**11), high=10**11, required=False, help_text=_("量化指标填写"))
    measure_unit = text_field(_("计量单位"), max_length=20, required=False)
    description = text_field(_("目标描述"), max_length=2000, required=False, area=True)
    measures = text_field(_("落实措施"), max_length=2000, required=False, area=True)
    responsibility = forms.ChoiceField(label=_("责任类型"), choices=TermGoal.Responsibility.choices)
    cadre = CadreChoiceField(
        label=_("责任人"),
        queryset=Cadre.objects.none(),
        required=False,
        help_text=_("岗位责任目标须指定班子成员"),
        error_messages=choice_errors(_("责任人")),
    )
    weight = decimal_field(_("权重"), low=0, high=1000, help_text=_("在工作实绩中的权重"))

    def __init__(self, *args, units, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["cadre"].queryset = cadres

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        return data


def goal_initial(goal: TermGoal) -> dict:
    names = ["unit", "scope", "year", "end_year", "area", "title", "kind", "target", "measure_unit", "description"]
    names += ["measures", "responsibility", "cadre", "weight"]
    return {name: getattr(goal, f"{name}_id" if name in ("unit", "cadre") else name) for name in names}


class NoteForm(StyledForm):
    note = text_field(_("意见"), max_length=1000, required=False, area=True)


class ReturnForm(StyledForm):
    note = text_field(_("退回原因"), max_length=1000, area=True)


class GoalImportForm(StyledForm):
    file = upload_field()
