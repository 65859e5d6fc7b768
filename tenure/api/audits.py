"""Economic responsibility audits through the API: the audits of the cadres in one's scope (a cadre: their own);
HR plans one (`POST audits/`) and takes each step (`notify/`, `fieldwork/`, `draft/`, `report/`, `rectify/`,
`close/`, `cancel/`); the audited cadre (or HR, for a paper reply) posts the written reply to the draft (`reply/`).
A refused step changes nothing and says why, field by field."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from org.models import Appointment, Cadre
from org.permissions import HasRole, HRWrite, StaffOrCadre
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR
from org.selectors import writable_cadres
from tenure.access import hr_covers, is_own
from tenure.api.base import Scoped, ScopedPK, choice_field, date_field, text_field
from tenure.models import EconomicAudit
from tenure.selectors.audits import audit_list
from tenure.services import audits as services

Repliers = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_CADRE)


class AuditSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    holds = serializers.SerializerMethodField()

    class Meta:
        model = EconomicAudit
        fields = ["id", "organization", "cadre", "employee_no", "cadre_name", "appointment", "kind", "period_from",
                  "period_to", "state", "state_label", "notice_no", "notice_served_on", "fieldwork_from",
                  "draft_sent_on", "reply_due", "reply_on", "reply_text", "reported_on", "report_no", "rating",
                  "findings", "rectify_due", "closed_on", "close_note", "cancel_reason", "holds"]  # fmt: skip
        read_only_fields = fields

    def get_holds(self, audit) -> bool:
        """The audit is under way or found a problem not yet closed (the cadre is held when the policy says so)."""
        return audit.is_under_way or audit.has_open_finding


class PlanInput(Scoped):
    cadre = ScopedPK(queryset=Cadre.objects.none())
    appointment = ScopedPK(queryset=Appointment.objects.none(), required=False, allow_null=True)
    kind = choice_field("审计类型", EconomicAudit.Kind.choices)
    period_from = date_field("审计期间(起)")
    period_to = date_field("审计期间(止)")
    reason = text_field("立项依据", required=False)


class NotifyInput(serializers.Serializer):
    notice_no = text_field("审计通知书文号", max_length=100)
    served_on = date_field("通知书送达日期")
    fieldwork_from = date_field("现场审计开始日期")


class FieldworkInput(serializers.Serializer):
    on = date_field("现场审计开始日期", required=False)


class DraftInput(serializers.Serializer):
    sent_on = date_field("征求意见稿送达日期")


class ReplyInput(serializers.Serializer):
    text = text_field("书面意见", max_length=5000)
    replied_on = date_field("书面意见日期", required=False)


class ReportInput(serializers.Serializer):
    reported_on = date_field("审计报告日期")
    report_no = text_field("审计报告文号", max_length=100, required=False)
    rating = choice_field("审计结论", EconomicAudit.Rating.choices)
    findings = text_field("发现的问题", max_length=5000, required=False)


class RectifyInput(serializers.Serializer):
    due = date_field("整改期限")


@extend_schema_serializer(component_name="TenureAuditCloseInput")
class CloseInput(serializers.Serializer):
    closed_on = date_field("办结日期")
    note = text_field("整改情况", max_length=5000, required=False)


class CancelInput(serializers.Serializer):
    reason = text_field("取消原因")


STEPS = {
    "notify": (NotifyInput, lambda audit, user, d: services.audit_notify(audit=audit, actor=user, **d)),
    "fieldwork": (FieldworkInput, lambda audit, user, d: services.audit_fieldwork_start(audit=audit, actor=user, **d)),
    "draft": (DraftInput, lambda audit, user, d: services.audit_draft_send(audit=audit, actor=user, **d)),
    "report": (ReportInput, lambda audit, user, d: services.audit_report(audit=audit, actor=user, **d)),
    "rectify": (RectifyInput, lambda audit, user, d: services.audit_rectify(audit=audit, actor=user, **d)),
    "close": (CloseInput, lambda audit, user, d: services.audit_close(audit=audit, actor=user, **d)),
    "cancel": (CancelInput, lambda audit, user, d: services.audit_cancel(audit=audit, actor=user, **d)),
}


class AuditViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """经济责任审计 of the cadres in one's scope."""

    queryset = EconomicAudit.objects.none()
    serializer_class = AuditSerializer
    permission_classes = [StaffOrCadre]
    action_permissions = {"create": [HRWrite], "reply": [Repliers], **{step: [HRWrite] for step in STEPS}}
    filterset_fields = ["state", "kind", "cadre"]

    def get_queryset(self):
        return audit_list(user=self.request.user).order_by("-period_to", "-pk")

    def _out(self, audit):
        return Response(AuditSerializer(self.get_queryset().get(pk=audit.pk)).data)

    @extend_schema(request=PlanInput, responses={201: AuditSerializer})
    def create(self, request):
        cadres = writable_cadres(user=request.user)
        appointments = Appointment.objects.filter(cadre__in=cadres)
        data = validated(PlanInput(data=request.data, scoped={"cadre": cadres, "appointment": appointments}))
        audit = services.audit_plan(actor=request.user, **data)
        return Response(AuditSerializer(audit).data, status=201)

    def _step(self, request, pk, step):
        audit = get_object_or_404(self.get_queryset(), pk=pk)
        if not hr_covers(request.user, audit.cadre.unit):
            raise PermissionDenied("经济责任审计由组织人事部门登记办理。")
        serializer_class, write = STEPS[step]
        data = validated(serializer_class(data=request.data))
        return self._out(write(audit, request.user, {k: v for k, v in data.items() if v is not None}))

    @extend_schema(request=NotifyInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        return self._step(request, pk, "notify")

    @extend_schema(request=FieldworkInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def fieldwork(self, request, pk=None):
        return self._step(request, pk, "fieldwork")

    @extend_schema(request=DraftInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        return self._step(request, pk, "draft")

    @extend_schema(request=ReportInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(request, pk, "report")

    @extend_schema(request=RectifyInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        return self._step(request, pk, "rectify")

    @extend_schema(request=CloseInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, pk, "close")

    @extend_schema(request=CancelInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, pk, "cancel")

    @extend_schema(request=ReplyInput, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        audit = get_object_or_404(self.get_queryset(), pk=pk)
        if not (is_own(request.user, audit.cadre) or hr_covers(request.user, audit.cadre.unit)):
            raise PermissionDenied("书面意见由被审计人提出(或由组织人事部门登记纸质意见)。")
        data = validated(ReplyInput(data=request.data))
        return self._out(
            services.audit_reply(audit=audit, actor=request.user, text=data["text"], replied_on=data.get("replied_on"))
        )


router = SimpleRouter()
router.register("audits", AuditViewSet, basename="audit")
urlpatterns = router.urls
