"""Step-down cases as the API shows them, and the inputs of their actions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import NamedChoiceField
from demotion.models import StepDownCase
from org.models import Post


class StepDownCaseSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    rank_grade = serializers.CharField(source="cadre.rank_grade", read_only=True)
    state = NamedChoiceField(StepDownCase.State, enum_name="StepDownCaseStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    reason = NamedChoiceField(StepDownCase.Reason, enum_name="StepDownCaseReasonEnum", read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    post = serializers.SerializerMethodField(help_text=_("所辞去的职务"))
    new_post_name = serializers.SerializerMethodField(help_text=_("新安排职务"))
    applied_by = serializers.CharField(source="applied_by.username", read_only=True, default=None, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None, allow_null=True)
    executed_by = serializers.CharField(source="executed_by.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = StepDownCase
        fields = [
            "id",
            "year",
            "cadre",
            "cadre_name",
            "cadre_employee_no",
            "unit_name",
            "rank_grade",
            "reason",
            "reason_label",
            "group_name",
            "composite",
            "rank",
            "group_size",
            "published_on",
            "deadline",
            "state",
            "state_label",
            "appointment",
            "post",
            "application_text",
            "paper_application",
            "applied_on",
            "applied_at",
            "applied_by",
            "decided_at",
            "decided_by",
            "decision_reason",
            "step_down_on",
            "new_post",
            "new_post_name",
            "new_assignment",
            "executed_on",
            "executed_at",
            "executed_by",
            "escalated_at",
            "withdrawn_at",
            "withdrawn_reason",
        ]
        read_only_fields = fields

    def get_post(self, case) -> str | None:
        return str(case.appointment.post) if case.appointment_id else None

    def get_new_post_name(self, case) -> str | None:
        return str(case.new_post) if case.new_post_id else None


class ApplySerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, label=_("申请书内容"))
    paper = serializers.BooleanField(required=False, default=False, label=_("人事部门登记纸质申请"))
    applied_on = serializers.DateField(required=False, allow_null=True, label=_("收到纸质申请的日期"))


class _AssignmentSerializer(serializers.Serializer):
    new_post = serializers.PrimaryKeyRelatedField(
        queryset=Post.objects.none(), required=False, allow_null=True, label=_("新安排职务"),
        error_messages={"does_not_exist": _("请选择本机构的职务。"), "incorrect_type": _("请选择本机构的职务。")},
    )  # fmt: skip
    new_assignment = serializers.CharField(required=False, allow_blank=True, max_length=200, label=_("安排的工作"))

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The posts the caller may name (the schema generator builds one without them).
        self.fields["new_post"].queryset = Post.objects.none() if posts is None else posts


class ApproveSerializer(_AssignmentSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("党组意见"))
    step_down_on = serializers.DateField(
        label=_("免去职务日期"),
        error_messages={"required": _("请填写免去职务日期。"), "null": _("请填写免去职务日期。")},
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, label=_("不予准予的理由"),
        error_messages={"required": _("请填写不予准予的理由。"), "blank": _("请填写不予准予的理由。")},
    )  # fmt: skip


class ExecuteSerializer(_AssignmentSerializer):
    executed_on = serializers.DateField(
        label=_("到岗日期"), error_messages={"required": _("请填写到岗日期。"), "null": _("请填写到岗日期。")}
    )
