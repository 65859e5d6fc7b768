"""Schemes, their periods, and rater assignments."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Component, Period, RaterAssignment, Scheme
from assessments.serializers.fields import DecimalInputField
from assessments.serializers.rater_privacy import RATER_HIDDEN_HELP, RATER_NAME_HELP, RaterShownMixin
from assessments.services.scheme_input import SETTING_FIELDS
from common.api import NamedChoiceField
from org.models import Cadre, Organization

# --- schemes and periods ----------------------------------------------------------------------------------------


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["id", "code", "name", "weight", "min_score", "max_score", "frequency", "aggregation", "sort_order"]
        read_only_fields = fields


class PeriodSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "scheme",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "start_date",
            "end_date",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = NamedChoiceField(Scheme.Status, enum_name="SchemeStatusEnum", read_only=True)
    components = ComponentSerializer(many=True, read_only=True)
    periods = PeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "version",
            "status",
            "template",
            *SETTING_FIELDS,
            "created_at",
            "updated_at",
            "components",
            "periods",
        ]
        read_only_fields = fields


class SchemeWriteResultSerializer(SchemeSerializer):
    """The scheme now in force after an edit: the same one, or the new version the edit made."""

    new_version = serializers.BooleanField(read_only=True, help_text=_("本次修改是否生成了新版本"))
    scores_not_carried_over = serializers.IntegerField(
        read_only=True, help_text=_("因不再适用(项目、期间或分数范围变化)而未带入新版本的评分数")
    )

    class Meta(SchemeSerializer.Meta):
        fields = [*SchemeSerializer.Meta.fields, "new_version", "scores_not_carried_over"]
        read_only_fields = fields


class ComponentInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40, label=_("项目代码"))
    name = serializers.CharField(max_length=100, label=_("考核项目"))
    weight = DecimalInputField(what=_("权重"), max_digits=5, decimal_places=2, label=_("权重(%)"))
    min_score = DecimalInputField(what=_("最低分"), max_digits=6, decimal_places=2, required=False, label=_("最低分"))
    max_score = DecimalInputField(what=_("最高分"), max_digits=6, decimal_places=2, required=False, label=_("最高分"))
    frequency = serializers.ChoiceField(choices=Component.Frequency.choices, required=False, label=_("频次"))
    aggregation = serializers.ChoiceField(choices=Component.Aggregation.choices, required=False, label=_("汇总方式"))


class SchemeSettingsSerializer(serializers.ModelSerializer):
    """The scheme's editable settings, all optional: what is left out keeps its value (or the default)."""

    class Meta:
        model = Scheme
        fields = list(SETTING_FIELDS)
        extra_kwargs = {f: {"required": False} for f in SETTING_FIELDS}
        validators: list = []  # the services check uniqueness and every rule across fields


class SchemeCreateSerializer(SchemeSettingsSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), label=_("机构"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("年度"))
    template = serializers.ChoiceField(choices=Scheme.Template.choices, label=_("模板"))
    components = ComponentInputSerializer(many=True, required=False, help_text=_("不填则用模板的考核项目"))

    class Meta(SchemeSettingsSerializer.Meta):
        fields = ["organization", "year", "template", *SETTING_FIELDS, "components"]
        extra_kwargs = {f: {"required": False} for f in SETTING_FIELDS}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class SchemeUpdateSerializer(SchemeSettingsSerializer):
    components = ComponentInputSerializer(many=True, required=False, help_text=_("完整的考核项目清单(按项目代码对应)"))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, label=_("修改原因"))

    class Meta(SchemeSettingsSerializer.Meta):
        fields = [*SETTING_FIELDS, "components", "reason"]


# --- rater assignments ------------------------------------------------------------------------------------------


class AssignmentSerializer(RaterShownMixin, serializers.ModelSerializer):
    """Who rates whom on what. A rater hidden from the caller (see `rater_hidden`) comes without id or 工号, named
    评议人 A, B, … within the response."""

    component_name = serializers.CharField(source="component.name", read_only=True)
    rater = serializers.IntegerField(
        source="rater_id", read_only=True, allow_null=True, help_text=_("评分人不在您的管理范围内时为 null")
    )
    rater_name = serializers.CharField(source="rater.name", read_only=True, help_text=RATER_NAME_HELP)
    rater_employee_no = serializers.CharField(source="rater.employee_no", read_only=True, allow_null=True)
    rater_hidden = serializers.SerializerMethodField(help_text=RATER_HIDDEN_HELP)
    ratee_name = serializers.CharField(source="ratee.name", read_only=True)
    ratee_employee_no = serializers.CharField(source="ratee.employee_no", read_only=True)

    class Meta:
        model = RaterAssignment
        fields = [
            "id",
            "scheme",
            "component",
            "component_name",
            "rater",
            "rater_name",
            "rater_employee_no",
            "rater_hidden",
            "ratee",
            "ratee_name",
            "ratee_employee_no",
        ]
        read_only_fields = fields


class AssignmentBulkSerializer(serializers.Serializer):
    """Every rater rates every ratee on every component (nobody rates themselves)."""

    scheme = serializers.PrimaryKeyRelatedField(queryset=Scheme.objects.none(), label=_("考核方案"))
    components = serializers.PrimaryKeyRelatedField(
        queryset=Component.objects.none(), many=True, allow_empty=False, label=_("考核项目")
    )
    raters = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), many=True, allow_empty=False, label=_("评分人")
    )
    ratees = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), many=True, allow_empty=False, label=_("被评人")
    )

    def __init__(self, *args, schemes=None, components=None, raters=None, ratees=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, qs in [("scheme", schemes), ("components", components), ("raters", raters), ("ratees", ratees)]:
            if qs is not None:
                field = self.fields[name]
                (field.child_relation if hasattr(field, "child_relation") else field).queryset = qs


class AssignmentBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("新建的评分关系数(已有的不重复建立)"))
