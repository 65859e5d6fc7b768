"""Recall policies and the catalog of recall categories through the API: staff read; HR of the whole organization
makes a new policy version (POST)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org.permissions import HRWrite, Staff
from org.selectors import organization_list
from recall.api import inputs
from recall.api import serializers as s
from recall.models import RecallCategory, RecallPolicy
from recall.selectors.policies import categories_for, policy_list
from recall.services.policies import SETTINGS, recall_policy_create


class PolicyViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Every version of the recall policies of one's organizations; a new version (HR of the whole organization)."""

    queryset = RecallPolicy.objects.none()
    serializer_class = s.PolicySerializer
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite]}

    def get_queryset(self):
        return policy_list(user=self.request.user)

    @extend_schema(request=inputs.PolicyInput, responses=s.PolicySerializer)
    def create(self, request, *args, **kwargs):
        data = validated(
            inputs.PolicyInput(data=request.data, querysets={"organization": organization_list(user=request.user)})
        )
        policy = recall_policy_create(
            organization=data["organization"],
            actor=request.user,
            effective_from=data["effective_from"],
            reason=data.get("reason", ""),
            **{name: data[name] for name in SETTINGS if name in data},
        )
        return Response(s.PolicySerializer(policy).data, status=201)


class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalog of recall categories of each of one's organizations (its own rows and the defaults it keeps)."""

    queryset = RecallCategory.objects.none()
    serializer_class = s.CategorySerializer
    permission_classes = [Staff]
    pagination_class = None

    def list(self, request, *args, **kwargs):
        rows = [c for o in organization_list(user=request.user).order_by("pk") for c in categories_for(o.pk)]
        return Response(s.CategorySerializer(rows, many=True).data)
