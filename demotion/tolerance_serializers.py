"""What the tolerance API reads and writes. Input serializers check types and scope only (a cadre outside the
caller's scope is refused like a missing one); the rules live in demotion.services.tolerance."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import NamedChoiceField
from demotion.models import ToleranceCase
from demotion.selectors.tolerance import entry_label
from org.models import Cadre


class CorrectionStepSerializer(serializers.Serializer):
    step = serializers.IntegerField(read_only=True)
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    done_on = serializers.DateField(read_only=True)
    done_by = serializers.CharField(source="done_by.username", read_only=True, default=None, allow_null=True)
    note = serializers.CharField(read_only=True)


class CorrectionSerializer(serializers.Serializer):
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    steps = CorrectionStepSerializer(many=True, read_only=True)


class ToleranceCaseSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    target = serializers.CharField(read_only=True)
    target_label = serializers.CharField(source="get_target_display", read_only=True)
    entry_label = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, default=None, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None, allow_null=True)
    run_version = serializers.IntegerField(source="run.version", read_only=True, default=None, allow_null=True)
    correction = serializers.SerializerMethodField()

    class Meta:
        model = ToleranceCase
        fields = [
            "id",
            "organization",
            "cadre",
            "cadre_name",
            "cadre_employee_no",
            "unit_name",
            "year",
            "target",
            "target_label",
            "point_entry",
            "veto_entry",
            "entry_label",
            "event",
            "request_reason",
            "requested_by",
            "state",
            "state_label",
            "public_interest",
            "diligent",
            "no_private_gain",
            "decided_by",
            "decided_at",
            "decision_reason",
            "run",
            "run_version",
            "correction",
            "created_at",
        ]
        read_only_fields = fields

    def get_entry_label(self, case) -> str:
        return entry_label(case.entry)

    def get_correction(self, case) -> CorrectionSerializer(allow_null=True):
        try:
            correction = case.correction
        except ObjectDoesNotExist:
            return None
        return CorrectionSerializer(correction).data


class ToleranceRequestSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), required=False, label=_("干部"), help_text=_("省略时为本人")
    )
    target = NamedChoiceField(ToleranceCase.Target, enum_name="ToleranceTargetEnum", label=_("免责对象"))
    entry = serializers.IntegerField(label=_("扣分或一票否决记录"))
    event = serializers.CharField(allow_blank=True, max_length=4000, label=_("事件经过"))
    reason = serializers.CharField(allow_blank=True, max_length=4000, label=_("申请理由"))

    def __init__(self, *args, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"].queryset = cadres


class ToleranceDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label=_("是否予以容错免责"))
    public_interest = serializers.BooleanField(allow_null=True, required=False, default=None, label=_("出于公心"))
    diligent = serializers.BooleanField(allow_null=True, required=False, default=None, label=_("勤勉尽责"))
    no_private_gain = serializers.BooleanField(allow_null=True, required=False, default=None, label=_("不谋私利"))
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000, label=_("认定意见"))


class CorrectionStepInputSerializer(serializers.Serializer):
    step = serializers.IntegerField(allow_null=True, required=False, default=None, label=_("步骤"))
    done_on = serializers.DateField(allow_null=True, required=False, default=None, label=_("办理日期"))
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000, label=_("办理情况"))


class DisclosureSerializer(serializers.ModelSerializer):
    """The object, the event and the reason — nothing more (公开容错纠错对象、事件、原因)."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    reason = serializers.CharField(source="decision_reason", read_only=True)
    decided_on = serializers.SerializerMethodField()

    class Meta:
        model = ToleranceCase
        fields = ["id", "organization_name", "cadre_name", "unit_name", "event", "reason", "decided_on"]
        read_only_fields = fields

    def get_decided_on(self, case) -> str | None:
        from django.utils import timezone

        return timezone.localdate(case.decided_at).isoformat() if case.decided_at else None
