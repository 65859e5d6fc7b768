"""Term goals through the API: the goals one may see; propose (`POST goals/`, HR of the unit or the cadre leading
it), resubmit (`PUT goals/{id}/`), review (HR), approve (committee), return (`return/`, either, with the reason);
`import/` (multipart, HR, all or nothing, the problems by row and column); `public/` the goals publicly listed to
the user. Errors field by field."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from common.imports.issues import ImportInvalid
from org.models import Cadre, Unit
from org.permissions import Committee, HRWrite, StaffOrCadre
from org.roles import get_roles
from tenure.access import committee_covers, hr_covers
from tenure.api.base import Scoped, ScopedPK, UploadSerializer, choice_field, decimal_field, integer_field, text_field
from tenure.models import GoalArea, TermGoal
from tenure.selectors.goals import goal_list, public_goals
from tenure.selectors.policy import policy_organizations
from tenure.services import goals as services
from tenure.services.goal_imports import goals_import


class GoalSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True, default="")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    area_label = serializers.CharField(source="get_area_display", read_only=True)

    class Meta:
        model = TermGoal
        fields = ["id", "organization", "unit", "unit_name", "responsibility", "cadre", "cadre_name", "scope", "year",
                  "end_year", "area", "area_label", "title", "kind", "target", "measure_unit", "description",
                  "measures", "weight", "state", "state_label", "decision_note"]  # fmt: skip
        read_only_fields = fields


class GoalInput(Scoped):
    unit = ScopedPK(queryset=Unit.objects.none())
    responsibility = choice_field("责任类型", TermGoal.Responsibility.choices)
    cadre = ScopedPK(queryset=Cadre.objects.none(), required=False, allow_null=True)
    scope = choice_field("目标类型", TermGoal.Scope.choices)
    year = integer_field("年度")
    end_year = integer_field("止年", required=False)
    area = choice_field("目标领域", GoalArea.choices)
    title = text_field("目标名称", max_length=200)
    kind = choice_field("指标类型", TermGoal.Kind.choices)
    target = decimal_field("目标值", required=False, max_digits=14)
    measure_unit = text_field("计量单位", max_length=20, required=False)
    description = text_field("目标描述", max_length=2000, required=False)
    measures = text_field("落实措施", max_length=2000, required=False)
    weight = decimal_field("权重", required=False, max_digits=6)


class NoteInput(serializers.Serializer):
    note = text_field("意见", max_length=1000, required=False)


@extend_schema_serializer(component_name="TenureGoalReturnInput")
class ReturnInput(serializers.Serializer):
    note = text_field("退回原因", max_length=1000)


class ImportResult(serializers.Serializer):
    created = serializers.IntegerField()


class GoalFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=TermGoal.State.choices, label="状态")

    class Meta:
        model = TermGoal
        fields = ["state", "year", "unit", "scope"]


class GoalViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """任期目标 the user may see."""

    queryset = TermGoal.objects.none()
    serializer_class = GoalSerializer
    filterset_class = GoalFilter
    permission_classes = [StaffOrCadre]
    action_permissions = {"review": [HRWrite], "approve": [Committee], "import_goals": [HRWrite]}

    def get_queryset(self):
        return goal_list(user=self.request.user).order_by("unit__path", "-year", "area", "pk")

    def _input(self, request):
        # References are looked up in the user's organizations (as staff, or their own as a cadre); whether the user
        # may propose for the unit is said after, as a refusal (403).
        organizations = set(policy_organizations(user=request.user).values_list("pk", flat=True))
        if (own := get_roles(request.user).cadre) is not None:
            organizations.add(own.organization_id)
        units = Unit.objects.filter(organization__in=organizations)
        cadres = Cadre.objects.filter(organization__in=organizations)
        data = validated(GoalInput(data=request.data, scoped={"unit": units, "cadre": cadres}))
        unit = data.pop("unit")
        if not services.may_propose(request.user, unit):
            raise PermissionDenied("只有本单位主要负责人或组织人事部门可以提出或修改任期目标。")
        return unit, data

    def _out(self, goal):
        return Response(GoalSerializer(self.get_queryset().get(pk=goal.pk)).data)

    @extend_schema(request=GoalInput, responses={201: GoalSerializer})
    def create(self, request):
        unit, data = self._input(request)
        goal = services.goal_propose(unit=unit, actor=request.user, values=data)
        return Response(GoalSerializer(goal).data, status=201)

    @extend_schema(request=GoalInput, responses=GoalSerializer)
    def update(self, request, pk=None):
        goal = get_object_or_404(self.get_queryset(), pk=pk)
        _unit, data = self._input(request)
        return self._out(services.goal_resubmit(goal=goal, actor=request.user, values=data))

    def _goal_for(self, request, pk, check):
        goal = get_object_or_404(self.get_queryset(), pk=pk)
        if not check(request.user, goal.unit):
            raise PermissionDenied("您无权办理该目标。")
        return goal

    @extend_schema(request=NoteInput, responses=GoalSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        goal = self._goal_for(request, pk, hr_covers)
        note = validated(NoteInput(data=request.data)).get("note", "")
        return self._out(services.goal_review(goal=goal, actor=request.user, note=note))

    @extend_schema(request=NoteInput, responses=GoalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        goal = self._goal_for(request, pk, committee_covers)
        note = validated(NoteInput(data=request.data)).get("note", "")
        return self._out(services.goal_approve(goal=goal, actor=request.user, note=note))

    @extend_schema(request=ReturnInput, responses=GoalSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_goal(self, request, pk=None):
        goal = get_object_or_404(self.get_queryset(), pk=pk)
        if not services.may_return(request.user, goal):
            raise PermissionDenied("您无权退回该目标。")
        note = validated(ReturnInput(data=request.data))["note"]
        return self._out(services.goal_return(goal=goal, actor=request.user, note=note))

    @extend_schema(responses=GoalSerializer(many=True))
    @action(detail=False, methods=["get"])
    def public(self, request):
        page = self.paginate_queryset(public_goals(user=request.user).order_by("unit__path", "-year", "area", "pk"))
        return self.get_paginated_response(GoalSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses=ImportResult)
    @action(detail=False, methods=["post"], url_path="import")
    def import_goals(self, request):
        upload = validated(UploadSerializer(data=request.data))["file"]
        organizations = list(policy_organizations(user=request.user))
        named = str(request.data.get("organization") or "")
        if named:
            # An organization the caller may not import into is not there (as on the page): the file is never
            # taken into another of the caller's organizations instead.
            organization = next((o for o in organizations if str(o.pk) == named), None)
            if organization is None:
                raise NotFound
        else:
            organization = organizations[0] if organizations else None
        if organization is None:
            raise PermissionDenied
        try:
            created = goals_import(
                organization=organization, actor=request.user, content=upload.read(), file_name=upload.name
            )
        except ImportInvalid as error:
            issues = {"file": [str(issue) for issue in error.issues]}
            return Response({"message": error.message, "errors": issues}, status=400)
        return Response({"created": len(created)})


router = SimpleRouter()
router.register("goals", GoalViewSet, basename="goal")
urlpatterns = router.urls
