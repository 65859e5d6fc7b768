"""Endpoints of the unit tree and its posts: staff read within their units; HR adds, renames, moves and closes
units and adds and ends posts within theirs."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org import selectors, serializers, services
from org.api import writes
from org.permissions import HRWrite, Staff


def _open_units(user):
    return selectors.writable_units(user=user).filter(closed_on__isnull=True)


class UnitViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "partial_update": [HRWrite], "move": [HRWrite], "close": [HRWrite]}
    serializer_class = serializers.UnitSerializer
    filterset_fields = ["organization", "parent", "kind"]

    def get_queryset(self):
        if self.action in self.action_permissions:
            return selectors.writable_units(user=self.request.user).order_by("path")
        return selectors.unit_list(user=self.request.user).order_by("path")

    @extend_schema(request=writes.UnitCreateSerializer, responses={201: serializers.UnitSerializer})
    def create(self, request):
        scoped = {"parent": _open_units(request.user)}
        data = validated(writes.UnitCreateSerializer(data=request.data, scoped=scoped))
        unit = services.unit_add(actor=request.user, **data)
        return Response(serializers.UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=writes.UnitRenameSerializer, responses=serializers.UnitSerializer)
    def partial_update(self, request, pk=None):
        unit = self.get_object()
        data = validated(writes.UnitRenameSerializer(data=request.data))
        return Response(serializers.UnitSerializer(services.unit_rename(unit=unit, actor=request.user, **data)).data)

    @extend_schema(request=writes.UnitMoveSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        unit = self.get_object()
        scoped = {"parent": _open_units(request.user)}
        data = validated(writes.UnitMoveSerializer(data=request.data, scoped=scoped))
        return Response(serializers.UnitSerializer(services.unit_move(unit=unit, actor=request.user, **data)).data)

    @extend_schema(request=writes.UnitCloseSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        unit = self.get_object()
        data = validated(writes.UnitCloseSerializer(data=request.data))
        return Response(serializers.UnitSerializer(services.unit_close(unit=unit, actor=request.user, **data)).data)


class PostViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "end": [HRWrite]}
    serializer_class = serializers.PostSerializer
    filterset_fields = ["unit", "kind", "is_leadership"]

    def get_queryset(self):
        if self.action in self.action_permissions:
            return selectors.writable_posts(user=self.request.user).order_by("unit__path", "name")
        return selectors.post_list(user=self.request.user).order_by("unit__path", "name")

    @extend_schema(request=writes.PostCreateSerializer, responses={201: serializers.PostSerializer})
    def create(self, request):
        scoped = {"unit": _open_units(request.user)}
        data = validated(writes.PostCreateSerializer(data=request.data, scoped=scoped))
        post = services.post_add(actor=request.user, **data)
        return Response(serializers.PostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=writes.PostEndSerializer, responses=serializers.PostSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        post = self.get_object()
        data = validated(writes.PostEndSerializer(data=request.data))
        return Response(serializers.PostSerializer(services.post_end(post=post, actor=request.user, **data)).data)
