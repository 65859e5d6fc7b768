"""Bonus and deduction points (加减分) and one-vote vetoes (一票否决): HR records them for cadres in scope, the party
committee approves or rejects them; a cadre reads their own approved ones. Also the catalogs they come from."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from assessments import serializers, services
from assessments.api.base import ActionPermissions, Committee, HRWrite, RecordReaders, Staff, is_staff, validated
from assessments.models import PointEntry, PointItem, VetoEntry, VetoItem
from assessments.selectors.raters import hr_ratees
from assessments.selectors.records import (
    decidable_point_entries,
    decidable_veto_entries,
    point_entry_list,
    point_items_visible,
    recording_point_items,
    recording_veto_items,
    veto_entry_list,
    veto_items_visible,
)


class _RecordViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [RecordReaders]
    action_permissions = {"create": [HRWrite], "approve": [Committee], "reject": [Committee]}
    order = ("-year", "-occurred_on", "-id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "staff": is_staff(self.request.user)}

    def _output(self, entry):
        return self.get_serializer(self.get_queryset().get(pk=entry.pk)).data

    def _record(self, request, serializer_class, items, record):
        data = validated(
            serializer_class(data=request.data, cadres=hr_ratees(user=request.user), items=items(user=request.user))
        )
        entry = record(actor=request.user, **data)
        return Response(self._output(entry), status=status.HTTP_201_CREATED)

    def _decide(self, request, pk, to_decide, decide, approve: bool):
        entry = get_object_or_404(to_decide(user=request.user), pk=pk)
        data = validated(serializers.DecisionSerializer(data=request.data))
        entry = decide(entry=entry, approve=approve, reason=data.get("reason", ""), actor=request.user)
        return Response(self._output(entry))


class PointEntryFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(field_name="item__kind", choices=PointItem.Kind.choices, label="加/扣分")

    class Meta:
        model = PointEntry
        fields = ["cadre", "year", "status", "item", "kind"]


class PointEntryViewSet(_RecordViewSet):
    """Point entries of the cadres in one's scope; a cadre sees their own approved ones."""

    queryset = PointEntry.objects.none()
    serializer_class = serializers.PointEntrySerializer
    filterset_class = PointEntryFilter

    def get_queryset(self):
        return point_entry_list(user=self.request.user).order_by(*self.order)

    @extend_schema(request=serializers.PointEntryCreateSerializer, responses={201: serializers.PointEntrySerializer})
    def create(self, request):
        return self._record(
            request, serializers.PointEntryCreateSerializer, recording_point_items, services.point_entry_record
        )

    @extend_schema(request=serializers.DecisionSerializer, responses=serializers.PointEntrySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, decidable_point_entries, services.point_entry_decide, True)

    @extend_schema(request=serializers.DecisionSerializer, responses=serializers.PointEntrySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, decidable_point_entries, services.point_entry_decide, False)


class VetoEntryViewSet(_RecordViewSet):
    """One-vote vetoes of the cadres in one's scope; a cadre sees their own approved ones."""

    queryset = VetoEntry.objects.none()
    serializer_class = serializers.VetoEntrySerializer
    filterset_fields = ["cadre", "year", "status", "item"]

    def get_queryset(self):
        return veto_entry_list(user=self.request.user).order_by(*self.order)

    @extend_schema(request=serializers.VetoEntryCreateSerializer, responses={201: serializers.VetoEntrySerializer})
    def create(self, request):
        return self._record(
            request, serializers.VetoEntryCreateSerializer, recording_veto_items, services.veto_entry_record
        )

    @extend_schema(request=serializers.DecisionSerializer, responses=serializers.VetoEntrySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, decidable_veto_entries, services.veto_entry_decide, True)

    @extend_schema(request=serializers.DecisionSerializer, responses=serializers.VetoEntrySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, decidable_veto_entries, services.veto_entry_decide, False)


class PointItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The active bonus and deduction items (加减分项目) of one's organizations."""

    queryset = PointItem.objects.none()
    permission_classes = [Staff]
    serializer_class = serializers.PointItemSerializer
    filterset_fields = ["organization", "kind", "category"]

    def get_queryset(self):
        return point_items_visible(user=self.request.user).order_by("organization_id", "kind", "sort_order", "id")


class VetoItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The active one-vote veto items (一票否决事项) of one's organizations."""

    queryset = VetoItem.objects.none()
    permission_classes = [Staff]
    serializer_class = serializers.VetoItemSerializer
    filterset_fields = ["organization"]

    def get_queryset(self):
        return veto_items_visible(user=self.request.user).order_by("organization_id", "sort_order", "id")
