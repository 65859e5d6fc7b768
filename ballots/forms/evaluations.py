"""The evaluation's set-up form. It parses input only; the services decide what is allowed.

Items and rater categories are fixed rows (blank rows are left out), named `items-<row>-text` and so on; `rows_of`
maps the service's error keys (which count only the rows filled in) back to them.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ballots import scales
from ballots.form_rules import CategorySpec, ItemSpec
from ballots.models import Evaluation

ITEM_ROWS = 8
CATEGORY_ROWS = 6
DEFAULT_ITEMS = [(_("总体评价"), scales.Scale.GRADE4)]
DEFAULT_CATEGORIES = [(_("班子成员"), 30), (_("中层干部"), 30), (_("职工代表"), 40)]
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
_SEPARATORS = re.compile(r"[\s,,、;;]+")


def _datetime(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format=DATETIME_FORMAT),
        error_messages={"required": _("请填写时间。"), "invalid": _("请输入有效的时间。")},
    )


def _int(label, *, required=True, min_value=None, max_value=None, **kwargs):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写%(label)s。") % {"label": label}, "invalid": _("请输入整数。")},
        **kwargs,
    )


class EvaluationForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("组织单位"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("请选择组织单位。"), "invalid_choice": _("请选择您管理范围内的单位。")},
        help_text=_("测评对象和发放测评码的单位都应在此单位之下。"),
    )
    title = forms.CharField(
        label=_("测评名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写测评名称。")},
    )
    year = _int(_("年度"), min_value=2000, max_value=2100)
    subject_kind = forms.ChoiceField(
        label=_("测评对象类别"),
        choices=Evaluation.SubjectKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    subject_numbers = forms.CharField(
        label=_("被测评干部工号"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        help_text=_("每行一个,或用逗号、空格分隔。"),
    )
    group = forms.ModelChoiceField(
        label=_("或:考核组全体成员"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("被测评领导班子(所在单位)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    opens_at = _datetime(_("测评开始时间"))
    closes_at = _datetime(_("测评截止时间"))
    min_ballots = _int(_("每类最少有效票数"), min_value=1, max_value=1000, initial=5)
    top_cap_percent = _int(
        _("每票最高等次比例上限(%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("例如20:每张票每个等次评价项目中,评为最高等次的对象不超过20%(向下取整)。留空为不限。"),
    )

    def __init__(self, *args, units, groups, evaluation: Evaluation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.fields["unit"].queryset = units
        self.fields["teams"].queryset = units
        self.fields["group"].queryset = groups
        if evaluation is not None:  # the organizing unit and the kind of subjects stay what they were
            del self.fields["unit"]
            del self.fields["subject_kind"]
        for scale in (scales.Scale.GRADE4, scales.Scale.TEAM4):
            for option, label in scales.options_of(scale):
                self.fields[f"points-{option}"] = _int(label, min_value=0, max_value=100)
        for row in range(ITEM_ROWS):
            self.fields[f"items-{row}-text"] = forms.CharField(
                label=_("测评项目"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"items-{row}-scale"] = forms.ChoiceField(
                label=_("评价尺度"), choices=scales.Scale.choices, widget=forms.Select(attrs={"class": "form-select"})
            )
        for row in range(CATEGORY_ROWS):
            self.fields[f"categories-{row}-name"] = forms.CharField(
                label=_("参评人员类别"),
                max_length=50,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"categories-{row}-weight"] = forms.DecimalField(
                label=_("权重(%)"),
                required=False,
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
                error_messages={"invalid": _("请输入数字。")},
            )
        self.item_rows: list[int] = []
        self.category_rows: list[int] = []

    @staticmethod
    def initial_for(evaluation: Evaluation | None, *, year: int) -> dict:
        """The form's first values: the evaluation's, or the usual defaults for a new one."""
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial: dict = {
            "year": year,
            "subject_kind": Evaluation.SubjectKind.CADRE,
            "min_ballots": 5,
            "opens_at": now.strftime(DATETIME_FORMAT),
            "closes_at": (now + datetime.timedelta(days=7)).replace(hour=17, minute=0).strftime(DATETIME_FORMAT),
        }
        points = dict(scales.DEFAULT_POINTS)
        items, categories = list(DEFAULT_ITEMS), list(DEFAULT_CATEGORIES)
        if evaluation is not None:
            initial.update(
                title=evaluation.title,
                year=evaluation.year,
                min_ballots=evaluation.min_ballots,
                top_cap_percent=evaluation.top_cap_percent,
                opens_at=timezone.localtime(evaluation.opens_at).strftime(DATETIME_FORMAT),
                closes_at=timezone.localtime(evaluation.closes_at).strftime(DATETIME_FORMAT),
            )
            points.update(evaluation.points)
            items = [(i.text, i.scale) for i in evaluation.items.all()]
            categories = [(c.name, c.weight.normalize()) for c in evaluation.categories.all()]
            subjects = list(evaluation.subjects.all())
            if evaluation.subject_kind == Evaluation.SubjectKind.CADRE:
                initial["subject_numbers"] = "\n".join(s.cadre.employee_no for s in subjects)
            else:
                initial["teams"] = [s.team_id for s in subjects]
        for option, value in points.items():
            initial[f"points-{option}"] = value
        for row, (text, scale) in enumerate(items):
            initial[f"items-{row}-text"], initial[f"items-{row}-scale"] = text, scale
        for row, (name, weight) in enumerate(categories):
            initial[f"categories-{row}-name"], initial[f"categories-{row}-weight"] = name, weight
        return initial

    def item_specs(self) -> list[ItemSpec]:
        specs, self.item_rows = [], []
        for row in range(ITEM_ROWS):
            text = (self.cleaned_data.get(f"items-{row}-text") or "").strip()
            if text:
                self.item_rows.append(row)
                specs.append(ItemSpec(text=text, scale=self.cleaned_data.get(f"items-{row}-scale") or ""))
        return specs

    def category_specs(self) -> list[CategorySpec]:
        specs, self.category_rows = [], []
        for row in range(CATEGORY_ROWS):
            name = (self.cleaned_data.get(f"categories-{row}-name") or "").strip()
            weight = self.cleaned_data.get(f"categories-{row}-weight")
            if name or weight is not None:
                self.category_rows.append(row)
                specs.append(CategorySpec(name=name, weight=weight if weight is not None else Decimal("0")))
        return specs

    def points(self) -> dict:
        return {option: self.cleaned_data[f"points-{option}"] for option, _label in scales.all_options()}

    def subject_kind_value(self) -> str:
        return self.evaluation.subject_kind if self.evaluation is not None else self.cleaned_data["subject_kind"]

    def subjects(self, *, cadres) -> list:
        """The subjects named: cadres by 工号 (among `cadres`) and a group's members, or the teams chosen."""
        if self.subject_kind_value() == Evaluation.SubjectKind.TEAM:
            return list(self.cleaned_data.get("teams") or [])
        numbers = [n for n in _SEPARATORS.split(self.cleaned_data.get("subject_numbers") or "") if n]
        found = {c.employee_no: c for c in cadres.filter(employee_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            self.add_error(
                "subject_numbers",
                _("找不到以下工号的干部(或不在组织单位之下):%(numbers)s。") % {"numbers": "、".join(missing[:20])},
            )
        chosen = list(dict.fromkeys(found[n] for n in numbers if n in found))
        group = self.cleaned_data.get("group")
        if group is not None:
            members = cadres.filter(memberships__group=group).order_by("employee_no")
            chosen += [c for c in members if c not in chosen]
        return chosen

    def error_key(self, key: str) -> str:
        """A service's error key as this form's field name (item and category indexes are of the filled rows)."""
        match = re.fullmatch(r"(items|categories)-(\d+)-(\w+)", key)
        if match:
            rows = self.item_rows if match[1] == "items" else self.category_rows
            index = int(match[2])
            if index < len(rows):
                return f"{match[1]}-{rows[index]}-{match[3]}"
        if key == "subjects":
            return "teams" if self.subject_kind_value() == Evaluation.SubjectKind.TEAM else "subject_numbers"
        if key in ("items", "categories"):
            return "__all__"
        return key


class RescheduleForm(forms.Form):
    closes_at = _datetime(_("新的截止时间"))
    reason = forms.CharField(
        label=_("调整原因"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写调整原因。")},
    )
