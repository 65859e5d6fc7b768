"""Endpoints of cadres, their appointments, groups and sanctions, and a cadre's own profile. Staff read within their
units; HR adds and edits cadres, appoints and dismisses (with the decision document), moves a cadre between a
year's groups and records a cadre's leaving, within theirs."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ActionPermissions, validated
from org import selectors, serializers, services
from org.api import writes
from org.permissions import HasRole, HRWrite, Staff
from org.roles import ROLE_CADRE, get_roles


def _open_units(user):
    return selectors.writable_units(user=user).filter(closed_on__isnull=True)


class CadreFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = selectors.Cadre
        fields = ["unit", "employee_no", "gender", "q"]


class CadreViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "partial_update": [HRWrite], "group": [HRWrite], "leave": [HRWrite]}
    serializer_class = serializers.CadreSerializer
    filterset_class = CadreFilter

    def get_queryset(self):
        if self.action in self.action_permissions:
            return selectors.writable_cadres(user=self.request.user).order_by("unit__path", "employee_no")
        return selectors.cadre_list(user=self.request.user).order_by("unit__path", "employee_no")

    @extend_schema(responses=serializers.AppointmentSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def appointments(self, request, pk=None):
        cadre = self.get_object()
        rows = selectors.appointment_list(user=request.user).filter(cadre=cadre).order_by("-start_date")
        return Response(serializers.AppointmentSerializer(rows, many=True).data)

    @extend_schema(request=writes.CadreCreateSerializer, responses={201: serializers.CadreSerializer})
    def create(self, request):
        scoped = {"unit": _open_units(request.user)}
        data = validated(writes.CadreCreateSerializer(data=request.data, scoped=scoped))
        cadre = services.cadre_add(actor=request.user, **data)
        return Response(serializers.CadreSerializer(cadre).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=writes.CadreUpdateSerializer, responses=serializers.CadreSerializer)
    def partial_update(self, request, pk=None):
        cadre = self.get_object()
        scoped = {"unit": _open_units(request.user).filter(organization_id=cadre.organization_id)}
        data = validated(writes.CadreUpdateSerializer(data=request.data, scoped=scoped))
        values = {
            "name": cadre.name,
            "gender": cadre.gender,
            "birth_date": cadre.birth_date,
            "rank_grade": cadre.rank_grade,
            "unit": cadre.unit,
            "reason": "",
            **data,
        }
        cadre = services.cadre_edit(cadre=cadre, actor=request.user, **values)
        return Response(serializers.CadreSerializer(cadre).data)

    @extend_schema(request=writes.CadreGroupSerializer, responses=serializers.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def group(self, request, pk=None):
        cadre = self.get_object()
        scoped = {"group": selectors.writable_groups(user=request.user).filter(organization_id=cadre.organization_id)}
        data = validated(writes.CadreGroupSerializer(data=request.data, scoped=scoped))
        membership = services.group_member_move(cadre=cadre, actor=request.user, **data)
        return Response(serializers.MembershipSerializer(membership).data)

    @extend_schema(request=writes.CadreLeaveSerializer, responses=serializers.CadreSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        cadre = self.get_object()
        data = validated(writes.CadreLeaveSerializer(data=request.data))
        return Response(serializers.CadreSerializer(services.cadre_leave(cadre=cadre, actor=request.user, **data)).data)


class AppointmentViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "end": [HRWrite]}
    serializer_class = serializers.AppointmentSerializer
    filterset_fields = ["cadre", "post", "end_reason"]

    def get_queryset(self):
        if self.action in self.action_permissions:
            return selectors.writable_appointments(user=self.request.user).order_by("-start_date", "pk")
        return selectors.appointment_list(user=self.request.user).order_by("-start_date", "pk")

    @extend_schema(request=writes.AppointmentCreateSerializer, responses={201: serializers.AppointmentSerializer})
    def create(self, request):
        scoped = {
            "cadre": selectors.writable_cadres(user=request.user),
            "post": selectors.writable_posts(user=request.user).filter(ended_on__isnull=True),
        }
        data = validated(writes.AppointmentCreateSerializer(data=request.data, scoped=scoped))
        appointment = services.appointment_record(actor=request.user, **data)
        return Response(serializers.AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=writes.AppointmentEndSerializer, responses=serializers.AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        appointment = self.get_object()
        data = validated(writes.AppointmentEndSerializer(data=request.data))
        appointment = services.appointment_dismiss(appointment=appointment, actor=request.user, **data)
        return Response(serializers.AppointmentSerializer(appointment).data)


class AssessmentGroupViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [Staff]
    serializer_class = serializers.AssessmentGroupSerializer
    filterset_fields = ["organization", "year"]

    def get_queryset(self):
        return selectors.group_list(user=self.request.user).order_by("-year", "name")

    @extend_schema(responses=serializers.MembershipSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def members(self, request, pk=None):
        group = self.get_object()
        rows = selectors.membership_list(user=request.user, group=group)
        return Response(serializers.MembershipSerializer(rows, many=True).data)


class SanctionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [Staff]
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
