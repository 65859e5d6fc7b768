"""Schemes and their periods. Every staff member of the organization may read them; only the admin and HR whose
scope is the whole organization set them up (create, edit, open and close periods)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from assessments import serializers, services
from assessments.api.base import ActionPermissions, HRWrite, Staff, validated
from assessments.models import Component, Period, Scheme
from assessments.selectors.schemes import period_list, scheme_creatable_organizations, scheme_list
from org.selectors import organization_wide_hr


def _require_setup(user, organization_id: int) -> None:
    if not organization_wide_hr(user, organization_id):
        raise PermissionDenied(_("只有管理员或负责全机构的组织人事干部可以设置考核方案。"))


def _schemes(user):
    return (
        scheme_list(user=user)
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.order_by("sort_order", "id")),
            Prefetch("periods", queryset=Period.objects.order_by("start_date", "end_date")),
        )
        .order_by("-year", "organization_id", "-version")
    )


class SchemeViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Schemes (考核方案) with their components and periods, old versions included (read-only)."""

    queryset = Scheme.objects.none()
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "partial_update": [HRWrite]}
    serializer_class = serializers.SchemeSerializer
    filterset_fields = ["organization", "year", "status", "template"]

    def get_queryset(self):
        return _schemes(self.request.user)

    @extend_schema(request=serializers.SchemeCreateSerializer, responses={201: serializers.SchemeSerializer})
    def create(self, request):
        organizations = scheme_creatable_organizations(user=request.user)
        if not organizations.exists():
            raise PermissionDenied(_("只有管理员或负责全机构的组织人事干部可以设置考核方案。"))
        data = validated(serializers.SchemeCreateSerializer(data=request.data, organizations=organizations))
        components = data.pop("components", None)
        scheme = services.scheme_create(
            organization=data.pop("organization"),
            year=data.pop("year"),
            template=data.pop("template"),
            effective_date=data.pop("effective_date", None),
            components=[dict(c) for c in components] if components is not None else None,
            actor=request.user,
            **data,
        )
        return Response(
            serializers.SchemeSerializer(_schemes(request.user).get(pk=scheme.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=serializers.SchemeUpdateSerializer,
        responses={200: serializers.SchemeWriteResultSerializer, 201: serializers.SchemeWriteResultSerializer},
        description=gettext_lazy(
            "修改方案设置和/或考核项目。方案尚无评分时就地修改(200);已有评分时生成新版本(201),"
            "旧版本保留其评分且只读。返回现行方案。"
        ),
    )
    def partial_update(self, request, pk=None):
        scheme = self.get_object()
        _require_setup(request.user, scheme.organization_id)
        data = validated(serializers.SchemeUpdateSerializer(data=request.data))
        components = data.pop("components", None)
        reason = data.pop("reason", "")
        target = services.scheme_update(
            scheme=scheme,
            actor=request.user,
            reason=reason,
            components=[dict(c) for c in components] if components is not None else None,
            **data,
        )
        new_version = target.pk != scheme.pk
        result = _schemes(request.user).get(pk=target.pk)
        result.new_version = new_version
        result.scores_not_carried_over = getattr(target, "scores_not_carried_over", 0)
        return Response(
            serializers.SchemeWriteResultSerializer(result).data,
            status=status.HTTP_201_CREATED if new_version else status.HTTP_200_OK,
        )


class PeriodViewSet(ActionPermissions, viewsets.ReadOnlyModelViewSet):
    """Periods (Q1–Q4, H1/H2, the year) of the schemes one may read; opening and closing is scheme setup."""

    queryset = Period.objects.none()
    permission_classes = [Staff]
    action_permissions = {"open": [HRWrite], "close": [HRWrite]}
    serializer_class = serializers.PeriodSerializer
    filterset_fields = ["scheme", "status", "kind"]

    def get_queryset(self):
        return period_list(user=self.request.user).order_by("scheme_id", "start_date", "end_date")

    def _period_to_set_up(self) -> Period:
        period = self.get_object()
        _require_setup(self.request.user, period.scheme.organization_id)
        return period

    @extend_schema(request=None, responses=serializers.PeriodSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        period = services.period_open(period=self._period_to_set_up(), actor=request.user)
        return Response(serializers.PeriodSerializer(period).data)

    @extend_schema(request=None, responses=serializers.PeriodSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = services.period_close(period=self._period_to_set_up(), actor=request.user)
        return Response(serializers.PeriodSerializer(period).data)
