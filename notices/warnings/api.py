"""The early-warning catalog's API: the kinds with their switch per organization, and setting one. Whole-bureau HR
only, like the page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from notices.warnings import selectors, services
from org.permissions import HasRole
from org.roles import ROLE_HR


class WarningKindRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField(label=_("机构"))
    kind = serializers.CharField(label=_("预警类别"))
    label = serializers.CharField(label=_("名称"))  # type: ignore[assignment]  # a field named label: the metaclass takes it off the class
    description = serializers.CharField(label=_("说明"))
    enabled = serializers.BooleanField(label=_("启用"))


class WarningSwitchInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField(label=_("机构"))
    kind = serializers.CharField(label=_("预警类别"), max_length=64)
    enabled = serializers.BooleanField(label=_("启用"))
    reason = serializers.CharField(label=_("理由"), max_length=200, required=False, allow_blank=True, default="")

    def validate_kind(self, value):
        if not selectors.known_kind(value):
            raise serializers.ValidationError(_("没有这种预警。"))
        return value


def _organizations(user):
    organizations = selectors.switch_organizations(user=user)
    if not organizations:
        raise PermissionDenied(_("只有全局组织人事部门可以设置预警。"))
    return organizations


def _rows(organizations):
    return [
        {
            "organization": organization.pk,
            "kind": row.code,
            "label": str(row.kind.label),
            "description": str(row.kind.description),
            "enabled": row.enabled,
        }
        for organization in organizations
        for row in selectors.catalog_for(organization)
    ]


class WarningCatalogView(APIView):
    """GET: every kind of early warning, per organization the caller is whole-bureau HR of, on or off. POST: switch
    one kind on or off for one of those organizations (audited); answers the organization's rows."""

    permission_classes = [HasRole.of(ROLE_HR)]

    @extend_schema(responses=WarningKindRowSerializer(many=True))
    def get(self, request):
        return Response(_rows(_organizations(request.user)))

    @extend_schema(request=WarningSwitchInputSerializer, responses=WarningKindRowSerializer(many=True))
    def post(self, request):
        organizations = {o.pk: o for o in _organizations(request.user)}
        data = WarningSwitchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organizations.get(data.validated_data["organization"])
        if organization is None:
            raise serializers.ValidationError({"organization": [_("不能设置这个机构的预警。")]})
        services.warning_switch_set(
            organization=organization,
            kind=data.validated_data["kind"],
            enabled=data.validated_data["enabled"],
            actor=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(_rows([organization]))
