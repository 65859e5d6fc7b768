"""The bulk rater assignment form: components × raters × ratees, each side picked one by one or by a shortcut.

Raters may be any cadre of the organization; ratees only cadres in the HR user's scope. A ratee chosen outside
the scope is refused like a missing one; a group's members outside the scope are left out (and counted).
"""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.forms import style_widgets
from assessments.models import Scheme
from assessments.selectors import schemes as pick


class CadreChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}({obj.employee_no})· {obj.unit.name}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * obj.depth + obj.name


NUMBER_SEPARATORS = re.compile(r"[\s,;\uff0c\u3001\uff1b]+")  # ASCII and full-width , ; and 、


def _by_unit(cadre):
    return (cadre.unit.path, cadre.employee_no)


class AssignForm(forms.Form):
    components = forms.ModelMultipleChoiceField(
        label=_("考核项目"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择考核项目。")},
    )
    raters = CadreChoiceField(label=_("逐个选择评分人"), queryset=None, required=False)
    rater_numbers = forms.CharField(
        label=_("按工号添加评分人"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("本机构任何干部均可评分;多个工号用空格、逗号或换行分隔。"),
    )
    rater_group = forms.ModelChoiceField(
        label=_("某考核组的全体成员"), queryset=None, required=False, empty_label=_("(不使用)")
    )
    rater_unit = UnitChoiceField(label=_("某单位的干部"), queryset=None, required=False, empty_label=_("(不使用)"))
    rater_unit_subtree = forms.BooleanField(label=_("含下级单位"), required=False)
    ratees = CadreChoiceField(
        label=_("逐个选择被评人"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("所选被评人不在您的管理范围内。")},
    )
    ratee_group = forms.ModelChoiceField(
        label=_("考核组成员"), queryset=None, required=False, empty_label=_("(不使用)")
    )
    ratee_unit = UnitChoiceField(
        label=_("单位的干部"),
        queryset=None,
        required=False,
        empty_label=_("(不使用)"),
        error_messages={"invalid_choice": _("所选单位不在您的管理范围内。")},
    )
    ratee_unit_subtree = forms.BooleanField(label=_("含下级单位"), required=False, initial=True)

    def __init__(self, *args, user, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["components"].queryset = scheme.components.order_by("sort_order", "id")
        self.fields["raters"].queryset = pick.rater_candidates(user=user, scheme=scheme)
        self.fields["rater_unit"].queryset = pick.rater_units(user=user, scheme=scheme)
        self.fields["ratees"].queryset = self.ratee_scope = pick.ratee_candidates(user=user, scheme=scheme)
        self.fields["ratee_unit"].queryset = pick.ratee_units(user=user, scheme=scheme)
        self.fields["rater_group"].queryset = self.fields["ratee_group"].queryset = pick.scheme_groups(scheme=scheme)
        self.rater_list, self.ratee_list, self.ratees_out_of_scope = [], [], 0
        style_widgets(self)
        for name in ["raters", "ratees"]:
            self.fields[name].widget.attrs.update(size=10, **{"data-filter": name})

    def _raters(self, data) -> dict:
        found = {c.pk: c for c in data.get("raters") or []}
        numbers = [n for n in NUMBER_SEPARATORS.split(data.get("rater_numbers") or "") if n]
        if numbers:
            by_number = {
                c.employee_no: c for c in pick.organization_cadres(scheme=self.scheme).filter(employee_no__in=numbers)
            }
            unknown = [n for n in numbers if n not in by_number]
            if unknown:
                self.add_error(
                    "rater_numbers",
                    gettext("本机构没有工号为 %(numbers)s 的干部。") % {"numbers": "、".join(unknown[:10])},
                )
            found.update({c.pk: c for c in by_number.values()})
        if data.get("rater_group"):
            found.update({c.pk: c for c in pick.group_member_cadres(group=data["rater_group"])})
        if data.get("rater_unit"):
            unit_cadres = pick.unit_cadres(unit=data["rater_unit"], subtree=data.get("rater_unit_subtree", False))
            found.update({c.pk: c for c in unit_cadres})
        return found

    def _ratees(self, data) -> dict:
        found = {c.pk: c for c in data.get("ratees") or []}
        if data.get("ratee_group"):
            members = pick.group_member_cadres(group=data["ratee_group"])
            in_scope = {c.pk: c for c in members.filter(pk__in=self.ratee_scope.values("pk"))}
            self.ratees_out_of_scope = members.count() - len(in_scope)
            if not in_scope:
                self.add_error("ratee_group", gettext("该考核组没有您管理范围内的成员。"))
            found.update(in_scope)
        if data.get("ratee_unit"):
            found.update(
                {c.pk: c for c in pick.unit_cadres(unit=data["ratee_unit"], subtree=data.get("ratee_unit_subtree"))}
            )
        return found

    def clean(self):
        data = super().clean()
        raters, ratees = self._raters(data), self._ratees(data)
        if not raters and not self.has_error("rater_numbers"):
            self.add_error("raters", gettext("请选择评分人(逐个选择、按工号、考核组或单位)。"))
        if not ratees and not self.has_error("ratee_group") and not self.has_error("ratees"):
            self.add_error("ratees", gettext("请选择被评人(逐个选择、考核组或单位)。"))
        self.rater_list = sorted(raters.values(), key=_by_unit)
        self.ratee_list = sorted(ratees.values(), key=_by_unit)
        return data
