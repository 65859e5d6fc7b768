from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from org import selectors, serializers
from org.permissions import HasRole
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, get_roles

StaffOnly = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.UnitSerializer
    filterset_fields = ["organization", "parent", "kind"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user).order_by("path")


class PostViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.PostSerializer
    filterset_fields = ["unit", "kind", "is_leadership"]

    def get_queryset(self):
        return selectors.post_list(user=self.request.user).order_by("unit__path", "name")


class CadreFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = selectors.Cadre
        fields = ["unit", "employee_no", "gender", "q"]


class CadreViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.CadreSerializer
    filterset_class = CadreFilter

    def get_queryset(self):
        return selectors.cadre_list(user=self.request.user).order_by("unit__path", "employee_no")

    @extend_schema(responses=serializers.AppointmentSerializer(many=True))
    @action(detail=True)
    def appointments(self, request, pk=None):
        cadre = self.get_object()
        rows = selectors.appointment_list(user=request.user).filter(cadre=cadre).order_by("-start_date")
        return Response(serializers.AppointmentSerializer(rows, many=True).data)


class AppointmentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.AppointmentSerializer
    filterset_fields = ["cadre", "post", "end_reason"]

    def get_queryset(self):
        return selectors.appointment_list(user=self.request.user).order_by("-start_date", "pk")


class AssessmentGroupViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.AssessmentGroupSerializer
    filterset_fields = ["organization", "year"]

    def get_queryset(self):
        return selectors.group_list(user=self.request.user).order_by("-year", "name")

    @extend_schema(responses=serializers.MembershipSerializer(many=True))
    @action(detail=True)
    def members(self, request, pk=None):
        group = self.get_object()
        rows = selectors.membership_list(user=request.user, group=group)
        return Response(serializers.MembershipSerializer(rows, many=True).data)


class SanctionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffOnly]
    serializer_class = serializers.SanctionSerializer
    filterset_fields = ["cadre", "category", "kind"]

    def get_queryset(self):
        return selectors.sanction_list(user=self.request.user).order_by("-decided_on", "pk")


class MeView(APIView):
    """The signed-in cadre's own profile and appointments."""

    permission_classes = [HasRole.of(ROLE_CADRE)]

    @extend_schema(responses=serializers.CadreSerializer)
    def get(self, request):
        cadre = get_roles(request.user).cadre
        data = serializers.CadreSerializer(cadre).data
        data["appointments"] = serializers.AppointmentSerializer(
            selectors.appointment_list(user=request.user).filter(cadre=cadre), many=True
        ).data
        return Response(data)
