"""Who rates whom. HR assigns raters to the cadres in their unit scope; a rater may be any cadre of the
organization. The party committee reads the assignments of its scope."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from assessments import serializers, services
from assessments.api.base import ActionPermissions, HRWrite, Staff, validated
from assessments.models import RaterAssignment
from assessments.selectors.rater_privacy import label_rows, visible_rater_q
from assessments.selectors.raters import assignment_list, hr_ratees, hr_raters
from assessments.selectors.schemes import HR_ONLY, hr_components, hr_schemes


class AssignmentViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rater assignments (评分关系) of the ratees in one's scope."""

    queryset = RaterAssignment.objects.none()
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "destroy": [HRWrite]}
    serializer_class = serializers.AssignmentSerializer
    filterset_fields = ["scheme", "component", "rater", "ratee"]

    def get_queryset(self):
        qs = assignment_list(user=self.request.user)
        visible = visible_rater_q(self.request.user)
        if visible is not None and self.request.query_params.get("rater") not in (None, ""):
            qs = qs.filter(visible)  # filtering by a rater hidden from the caller finds nothing
        return qs.order_by("scheme_id", "component__sort_order", "ratee__employee_no", "rater__employee_no", "pk")

    def get_serializer(self, *args, **kwargs):
        # Every row leaves labelled: raters outside a subtree HR user's scope as 评议人 A, B, … (rater_privacy).
        if args and self.action in ("list", "retrieve"):
            rows = args[0] if kwargs.get("many") else [args[0]]
            label_rows(user=self.request.user, rows=rows)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        request=serializers.AssignmentBulkSerializer, responses={201: serializers.AssignmentBulkResultSerializer}
    )
    def create(self, request):
        user = request.user
        data = validated(
            serializers.AssignmentBulkSerializer(
                data=request.data,
                schemes=hr_schemes(user=user),
                components=hr_components(user=user),
                raters=hr_raters(user=user),
                ratees=hr_ratees(user=user),
            )
        )
        created = services.rater_assign_bulk(
            scheme=data["scheme"],
            components=data["components"],
            raters=data["raters"],
            ratees=data["ratees"],
            actor=user,
        )
        return Response({"created": created}, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, description="取消原因(记入审计日志)")],
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        # Looked up in the HR scope alone: a committee role elsewhere gives no right to remove.
        assignment = get_object_or_404(assignment_list(user=request.user, roles=HR_ONLY), pk=pk)
        services.rater_unassign(
            assignment=assignment, actor=request.user, reason=request.query_params.get("reason", "")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
