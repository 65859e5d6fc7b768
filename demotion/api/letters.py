"""Commitment letters through the API: HR and the committee list the letters in their units, a cadre his own; the
cadre signs his own letter (POST letters/{id}/sign/ with the typed name). Errors field by field."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from demotion.models import CommitmentLetter
from demotion.selectors import letters as selectors
from demotion.services.letters import commitment_letter_sign
from org.permissions import StaffOrCadre

Readers = StaffOrCadre


class CommitmentLetterSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit = serializers.CharField(source="cadre.unit.name", read_only=True)
    post = serializers.SerializerMethodField()
    appointment_start = serializers.DateField(source="appointment.start_date", read_only=True)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentLetter
        fields = [
            "id",
            "cadre",
            "employee_no",
            "cadre_name",
            "unit",
            "post",
            "appointment",
            "appointment_start",
            "due_date",
            "text",
            "signed_at",
            "signed_name",
            "status",
            "status_label",
            "days_overdue",
        ]
        read_only_fields = fields

    def _status(self, letter):
        return selectors.letter_status(letter, timezone.localdate())

    def get_post(self, letter) -> str:
        post = letter.appointment.post
        return f"{post.unit.name}{post.name}"

    def get_status(self, letter) -> str:
        return self._status(letter).code

    def get_status_label(self, letter) -> str:
        return str(self._status(letter).label)

    def get_days_overdue(self, letter) -> int:
        return self._status(letter).days_overdue


class CommitmentLetterSignSerializer(serializers.Serializer):
    signed_name = serializers.CharField(
        max_length=50, error_messages={"required": "请输入本人姓名作为签名。", "blank": "请输入本人姓名作为签名。"}
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(selectors.STATUS_FILTERS), description="未签署 / 已逾期 / 已签署")
        ]
    )
)
class LetterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """主动让贤承诺书: `status` filters unsigned / overdue / signed."""

    queryset = CommitmentLetter.objects.none()
    serializer_class = CommitmentLetterSerializer
    permission_classes = [Readers]

    def get_queryset(self):
        qs = selectors.letter_visible(user=self.request.user)
        status = self.request.query_params.get("status", "")
        if self.action == "list" and status in selectors.STATUS_FILTERS:
            qs = selectors.letters_filtered(qs, status, timezone.localdate())
        return qs.order_by("due_date", "id")

    @extend_schema(request=CommitmentLetterSignSerializer, responses=CommitmentLetterSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        letter = get_object_or_404(self.get_queryset(), pk=pk)
        if letter.cadre.user_id != request.user.pk:
            raise PermissionDenied("只有承诺人本人可以签署这份承诺书。")
        serializer = CommitmentLetterSignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = commitment_letter_sign(
            letter=letter, actor=request.user, signed_name=serializer.validated_data["signed_name"]
        )
        return Response(CommitmentLetterSerializer(self.get_queryset().get(pk=letter.pk)).data)


router = SimpleRouter(trailing_slash=True)
router.register("letters", LetterViewSet, basename="letters-letter")

urlpatterns = router.urls
