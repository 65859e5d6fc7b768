"""Points and vetoes, their decisions, and the catalogs they come from."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.serializers.fields import DecimalInputField
from common.api import NamedChoiceField
from org.models import Cadre

# --- points and vetoes ------------------------------------------------------------------------------------------


class _RecordSerializer(serializers.ModelSerializer):
    """Who recorded and who decided is for staff; a cadre reading their own record sees the decision only."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    status = NamedChoiceField(ApprovalStatus, enum_name="ApprovalStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None, allow_null=True)

    STAFF_ONLY = ("recorded_by", "decided_by")
    COMMON = [
        "id",
        "cadre",
        "cadre_name",
        "cadre_employee_no",
        "unit_name",
        "item",
        "item_name",
        "year",
        "occurred_on",
        "evidence",
        "note",
        "status",
        "status_label",
        "recorded_by",
        "decided_by",
        "decided_at",
        "decision_reason",
        "created_at",
    ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("staff", False):
            for name in self.STAFF_ONLY:
                data[name] = None
        return data


class PointEntrySerializer(_RecordSerializer):
    kind = serializers.CharField(source="item.kind", read_only=True)
    category = serializers.CharField(source="item.category", read_only=True)
    signed_points = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)

    class Meta:
        model = PointEntry
        fields = [*_RecordSerializer.COMMON, "kind", "category", "points", "signed_points"]
        read_only_fields = fields


class VetoEntrySerializer(_RecordSerializer):
    class Meta:
        model = VetoEntry
        fields = list(_RecordSerializer.COMMON)
        read_only_fields = fields


class _RecordCreateSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.none(), label=_("干部"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("年度"))
    occurred_on = serializers.DateField(label=_("发生日期"))
    evidence = serializers.CharField(label=_("依据材料"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label=_("备注"))

    def __init__(self, *args, cadres=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"].queryset = cadres
        if items is not None:
            self.fields["item"].queryset = items


class PointEntryCreateSerializer(_RecordCreateSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=PointItem.objects.none(), label=_("加减分项目"))
    points = DecimalInputField(
        what=_("分值"),
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        label=_("分值"),
        help_text=_("正数,扣分项也填正数;不填则为项目的每次分值"),
    )


class VetoEntryCreateSerializer(_RecordCreateSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=VetoItem.objects.none(), label=_("否决事项"))


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, label=_("审批意见"), help_text=_("不予批准时必填")
    )


class PointItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointItem
        fields = ["id", "organization", "kind", "category", "code", "name", "points", "cap_per_year", "sort_order"]
        read_only_fields = fields


class VetoItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = VetoItem
        fields = ["id", "organization", "code", "name", "description", "sort_order"]
        read_only_fields = fields
