"""The tenure policy through the API: every staff member of an organization lists its versions (the one in effect
is `current/`); organization-wide HR posts a new version (`POST /api/tenure/policies/` with the organization, the
date it takes effect, the numbers, `post_kinds` and `caps`). Errors field by field."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from org.models import Organization, Post
from org.permissions import HRWrite, Staff
from tenure.access import org_wide_hr
from tenure.api.base import ScopedPK, choice_field, date_field, decimal_field, integer_field, text_field
from tenure.models import Regime, TenurePolicy, TermCap
from tenure.selectors.policy import PolicyBook, policy_organizations
from tenure.services.policy import tenure_policy_create


class CapSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="describe", read_only=True)

    class Meta:
        model = TermCap
        fields = ["scope", "measure", "limit", "consecutive", "blocks", "label"]


@extend_schema_serializer(component_name="TenurePolicy")
class PolicySerializer(serializers.ModelSerializer):
    post_kinds = serializers.SerializerMethodField()
    caps = CapSerializer(many=True, read_only=True)

    class Meta:
        model = TenurePolicy
        fields = [
            "id",
            "organization",
            "version",
            "effective_from",
            "basis",
            "term_years",
            "start_rule",
            "partial_rule",
            "partial_years",
            "reminder_months",
            "ladder_years",
            "audit_holds",
            "goals_public",
            "performance_weight",
            "democratic_weight",
            "basic_below",
            "incompetent_below",
            "excellent_quota",
            "retirement_service_years",
            "post_kinds",
            "caps",
        ]
        read_only_fields = fields

    def get_post_kinds(self, policy) -> dict[str, str]:
        return {row.post_kind: row.regime for row in policy.post_kinds.all()}


class CapInput(serializers.Serializer):
    scope = choice_field("范围", TermCap.Scope.choices)
    measure = choice_field("计量", TermCap.Measure.choices)
    limit = integer_field("上限")
    consecutive = serializers.BooleanField(required=False, default=False)
    blocks = serializers.BooleanField(required=False, default=True)


@extend_schema_serializer(component_name="TenurePolicyInput")
class PolicyInput(serializers.Serializer):
    organization = ScopedPK(queryset=Organization.objects.none())
    effective_from = date_field("生效日期")
    basis = text_field("依据文件", max_length=200, required=False)
    term_years = integer_field("任期年限")
    start_rule = choice_field("任期起算规则", TenurePolicy.StartRule.choices)
    partial_rule = choice_field("不满任期的计算", TenurePolicy.PartialRule.choices)
    partial_years = integer_field("计为一个任期须超过的年数")
    reminder_months = text_field("届满前提醒(月)", max_length=50)
    ladder_years = text_field("任现职年限提示(年)", max_length=50)
    audit_holds = serializers.BooleanField(required=False, default=True)
    goals_public = serializers.BooleanField(required=False, default=True)
    performance_weight = decimal_field("工作实绩权重")
    democratic_weight = decimal_field("民意测评权重")
    basic_below = decimal_field("基本称职分数线")
    incompetent_below = decimal_field("不称职分数线")
    excellent_quota = decimal_field("优秀比例上限", max_digits=4, places=3)
    retirement_service_years = integer_field("提前离岗所需工龄")
    post_kinds = serializers.DictField(
        child=serializers.ChoiceField(choices=Regime.choices), help_text="{职务类别: term|contract}"
    )
    caps = CapInput(many=True, required=False)
    reason = text_field("修订依据", required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    def validate_post_kinds(self, value):
        unknown = [kind for kind in value if kind not in Post.Kind.values]
        if unknown:
            raise serializers.ValidationError(f"未知的职务类别:{'、'.join(unknown)}。")
        return value


class PolicyViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """任期制办法: every version of the organizations one is staff of; `current/?organization=` the one in effect."""

    queryset = TenurePolicy.objects.none()
    serializer_class = PolicySerializer
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite]}

    def get_queryset(self):
        organizations = policy_organizations(user=self.request.user)
        return (
            TenurePolicy.objects.filter(organization__in=organizations)
            .prefetch_related("post_kinds", "caps")
            .order_by("organization_id", "-version")
        )

    @extend_schema(
        parameters=[OpenApiParameter("organization", int, description="机构编号(默认:第一个)")],
        responses=PolicySerializer,
    )
    @action(detail=False, methods=["get"])
    def current(self, request):
        organizations = policy_organizations(user=request.user)
        chosen = request.query_params.get("organization")
        organization = get_object_or_404(organizations, pk=chosen) if chosen else organizations.first()
        if organization is None:
            return Response({"message": "找不到该机构。", "errors": {}}, status=404)
        policy = PolicyBook.of(organization).at(timezone.localdate())
        if policy is None:
            return Response({"message": "本机构尚未设立任期制办法。", "errors": {}}, status=404)
        return Response(self.get_serializer(policy).data)

    @extend_schema(request=PolicyInput, responses={201: PolicySerializer})
    def create(self, request):
        data = validated(PolicyInput(data=request.data, organizations=policy_organizations(user=request.user)))
        organization = data.pop("organization")
        if not org_wide_hr(request.user, organization):
            raise PermissionDenied("只有全局组织人事部门可以修改任期制办法。")
        effective_from = data.pop("effective_from")
        reason = data.pop("reason", "")
        data["caps"] = [dict(cap) for cap in data.get("caps", [])]
        policy = tenure_policy_create(
            organization=organization, actor=request.user, effective_from=effective_from, values=data, reason=reason
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=policy.pk)).data, status=201)


router = SimpleRouter()
router.register("policies", PolicyViewSet, basename="policy")
urlpatterns = router.urls
