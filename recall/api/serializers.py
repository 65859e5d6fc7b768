"""The recall app's rows as the API shows them (read-only), and the inputs of its actions (recall.api.inputs)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from common.api import NamedChoiceField
from recall.models import Card, CompetitionLoss, RecallBatch, RecallCase, RecallCategory, RecallPolicy, TrainingRecord
from recall.services.policies import SETTINGS


class PolicySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = RecallPolicy
        fields = ["id", "organization", "organization_name", "version", "effective_from", *SETTINGS, "created_at"]
        read_only_fields = fields


@extend_schema_serializer(component_name="RecallCategory")
class CategorySerializer(serializers.ModelSerializer):
    source = NamedChoiceField(RecallCategory.Source, enum_name="RecallCategorySourceEnum", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = RecallCategory
        fields = ["id", "organization", "code", "name", "source", "source_label", "sort_order", "active"]
        read_only_fields = fields


class CardSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    color = NamedChoiceField(Card.Color, enum_name="RecallCardColorEnum", read_only=True)
    color_label = serializers.CharField(source="get_color_display", read_only=True)
    source = NamedChoiceField(Card.Source, enum_name="RecallCardSourceEnum", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    state = NamedChoiceField(Card.State, enum_name="RecallCardStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    has_evidence_file = serializers.SerializerMethodField()
    yellows = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Card
        fields = [
            "id", "cadre", "cadre_name", "cadre_employee_no", "unit_name", "color", "color_label", "source",
            "source_label", "issued_on", "reason", "has_evidence_file", "evidence_note", "state", "state_label",
            "decided_at", "decision_reason", "red_card", "yellows", "deduction", "policy",
        ]  # fmt: skip
        read_only_fields = fields

    def get_has_evidence_file(self, card) -> bool:
        return bool(card.evidence_file)


class CompetitionLossSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)

    class Meta:
        model = CompetitionLoss
        fields = ["id", "cadre", "cadre_name", "cadre_employee_no", "competition", "held_on", "post_sought", "note"]
        read_only_fields = fields


@extend_schema_serializer(component_name="RecallBatch")
class BatchSerializer(serializers.ModelSerializer):
    state = NamedChoiceField(RecallBatch.State, enum_name="RecallBatchStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = RecallBatch
        fields = ["id", "organization", "name", "year", "state", "state_label", "note", "created_at"]
        read_only_fields = fields


class TrainingSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(TrainingRecord.Kind, enum_name="RecallTrainingKindEnum", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "kind", "kind_label", "held_on", "content"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    batch_name = serializers.CharField(source="batch.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    home_unit_name = serializers.CharField(source="home_unit.name", read_only=True)
    source = NamedChoiceField(RecallCategory.Source, enum_name="RecallCategorySourceEnum", read_only=True)
    state = NamedChoiceField(RecallCase.State, enum_name="RecallCaseStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    holds = serializers.BooleanField(read_only=True, help_text=_("人事关系暂挂中"))
    trainings = TrainingSerializer(many=True, read_only=True)
    measures = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RecallCase
        fields = [
            "id", "batch", "batch_name", "cadre", "cadre_name", "cadre_employee_no", "category", "category_name",
            "source", "card", "competition_loss", "grade_year", "grade", "grade_label", "basis_date", "basis",
            "evidence_sources", "policy", "home_unit", "home_unit_name", "appointment", "is_leader", "state",
            "state_label", "holds", "decided_at", "decision_reason", "announce_from", "announce_until", "order_no",
            "ordered_on", "holding_office", "placement_unit", "placement", "retraining_start", "retraining_end",
            "probation_start", "probation_end", "evaluation_due", "home_opinion", "home_passed", "org_opinion",
            "org_passed", "evaluated_on", "passed", "returned_on", "return_post", "reassigned_on", "reassign_post",
            "reassignment", "follow_up_end", "follow_up_conclusion", "concluded_on", "measures", "closed_on",
            "close_note", "withdrawn_on", "withdrawn_reason", "trainings",
        ]  # fmt: skip
        read_only_fields = fields


class PayRowSerializer(serializers.Serializer):
    month = serializers.CharField()
    cadre_id = serializers.IntegerField()
    employee_no = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    order_nos = serializers.CharField()
    retraining_days = serializers.IntegerField()
    probation_days = serializers.IntegerField()
    reassignment_days = serializers.IntegerField()
    month_days = serializers.IntegerField()
    withheld_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    deduction = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    note = serializers.CharField()
