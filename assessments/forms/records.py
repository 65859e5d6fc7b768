"""Forms of the point and veto pages. They read input; the services decide (caps, evidence, dates, who approves)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import PointItem, VetoItem
from assessments.selectors.records import recordable_cadres, recording_point_items, recording_veto_items
from org.fields import CadreByEmployeeNoField

DATE_ERRORS = {"required": gettext_lazy("请填写发生日期。"), "invalid": gettext_lazy("日期格式应为 2025-03-01。")}


def _points(value) -> str:
    return f"{value.normalize():f}"


class _RecordForm(forms.Form):
    cadre = CadreByEmployeeNoField()
    occurred_on = forms.DateField(
        label=gettext_lazy("发生日期"), error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(
        label=gettext_lazy("依据材料"),
        help_text=gettext_lazy("文件名称及文号、通报或查实的事实,审批时据此判断。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写依据材料(文件、通报或事实)。")},
    )
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].cadres = recordable_cadres(user=user)
        self.fields["item"].queryset = self.item_queryset(user)
        self.item_options = list(self.fields["item"].queryset)

    def item_queryset(self, user):  # pragma: no cover - defined by each form
        raise NotImplementedError

    def cadre_options(self, limit: int = 2000):
        """For the 工号 field's suggestion list; beyond `limit` the user types the 工号."""
        return self.fields["cadre"].cadres.order_by("employee_no")[:limit]


class PointEntryForm(_RecordForm):
    item = forms.ModelChoiceField(
        label=gettext_lazy("加减分项目"),
        queryset=PointItem.objects.none(),
        error_messages={"required": gettext_lazy("请选择加减分项目。"), "invalid_choice": gettext_lazy("项目无效。")},
    )
    points = forms.CharField(
        label=gettext_lazy("分值"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("不填则按项目的每次分值;扣分也填正数。"),
    )
    field_order = ["cadre", "item", "points", "occurred_on", "evidence", "note"]

    def item_queryset(self, user):
        return recording_point_items(user=user)

    def item_groups(self):
        """(group label, [(item, label, points)]) for the select's optgroups: organization (when several), kind
        and category, in catalog order."""
        several = len({i.organization_id for i in self.item_options}) > 1
        groups: dict[str, list] = {}
        for item in self.item_options:
            head = f"{item.organization.name} · " if several else ""
            label = f"{head}{item.get_kind_display()} · {item.category}"
            groups.setdefault(label, []).append((item, self.item_label(item), _points(item.points)))
        return list(groups.items())

    @staticmethod
    def item_label(item) -> str:
        sign = "+" if item.kind == PointItem.Kind.BONUS else "−"
        return _("%(name)s(每次 %(sign)s%(points)s 分,每年上限 %(cap)s 分)") % {
            "name": item.name,
            "sign": sign,
            "points": _points(item.points),
            "cap": _points(item.cap_per_year),
        }


class VetoEntryForm(_RecordForm):
    item = forms.ModelChoiceField(
        label=gettext_lazy("否决事项"),
        queryset=VetoItem.objects.none(),
        error_messages={"required": gettext_lazy("请选择否决事项。"), "invalid_choice": gettext_lazy("事项无效。")},
    )
    field_order = ["cadre", "item", "occurred_on", "evidence", "note"]

    def item_queryset(self, user):
        return recording_veto_items(user=user)

    def item_groups(self):
        several = len({i.organization_id for i in self.item_options}) > 1
        groups: dict[str, list] = {}
        for item in self.item_options:
            groups.setdefault(item.organization.name if several else "", []).append((item, item.name, ""))
        return list(groups.items())


class DecisionForm(forms.Form):
    """The committee's decision on one record; the reason is required to reject (the service says so)."""

    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("批准")), ("reject", gettext_lazy("不予批准"))],
        error_messages={"required": gettext_lazy("请选择批准或不予批准。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("审批意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("不予批准时必填。"),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
