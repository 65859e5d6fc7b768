"""Step-down cases (主动让贤) through the API: the list and detail in one's scope (a cadre: their own), `mine/`, and
the actions — apply (the cadre online; HR a paper application with `paper: true`), approve and reject (the party
committee), execute (HR). Errors field by field: {"message", "errors": {field: [...]}}."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from demotion.api import serializers_cases as s
from demotion.models import StepDownCase
from demotion.selectors.cases import decidable_cases, hr_cases, own_cases, stepdown_case_list
from demotion.services import cases as services
from org.permissions import Committee, HasRole, HRWrite, StaffOrCadre
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR
from org.selectors import post_list

Readers = StaffOrCadre
Appliers = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_CADRE)
HR = HRWrite
Cadres = HasRole.of(ROLE_CADRE)


class CaseFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=StepDownCase.State.choices, label="状态")

    class Meta:
        model = StepDownCase
        fields = ["year", "state"]


class StepDownCaseViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Step-down cases of the cadres in one's scope; a cadre sees their own."""

    queryset = StepDownCase.objects.none()
    serializer_class = s.StepDownCaseSerializer
    filterset_class = CaseFilter
    permission_classes = [Readers]
    action_permissions = {
        "apply": [Appliers],
        "approve": [Committee],
        "reject": [Committee],
        "execute": [HR],
        "mine": [Cadres],
    }

    def get_queryset(self):
        return stepdown_case_list(user=self.request.user).order_by("-year", "group_name", "rank", "pk")

    def _output(self, case):
        return Response(self.get_serializer(stepdown_case_list(user=self.request.user).get(pk=case.pk)).data)

    def _posts(self, case):
        return post_list(user=self.request.user).filter(unit__organization_id=case.organization_id)

    @extend_schema(responses=s.StepDownCaseSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request):
        cases = own_cases(user=request.user).order_by("-year", "-pk")
        return Response(self.get_serializer(cases, many=True).data)

    @extend_schema(request=s.ApplySerializer, responses=s.StepDownCaseSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        data = validated(s.ApplySerializer(data=request.data))
        paper = data.get("paper", False)
        # Whether the caller may (the cadre online, HR over the cadre on paper) is the service's to say.
        case = get_object_or_404(stepdown_case_list(user=request.user), pk=pk)
        case = services.stepdown_case_apply(
            case=case, actor=request.user, text=data.get("text", ""), paper=paper, applied_on=data.get("applied_on")
        )
        return self._output(case)

    @extend_schema(request=s.ApproveSerializer, responses=s.StepDownCaseSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        case = get_object_or_404(decidable_cases(user=request.user), pk=pk)
        data = validated(s.ApproveSerializer(data=request.data, posts=self._posts(case)))
        case = services.stepdown_case_approve(
            case=case,
            actor=request.user,
            reason=data.get("reason", ""),
            step_down_on=data["step_down_on"],
            new_post=data.get("new_post"),
            new_assignment=data.get("new_assignment", ""),
        )
        return self._output(case)

    @extend_schema(request=s.RejectSerializer, responses=s.StepDownCaseSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        case = get_object_or_404(decidable_cases(user=request.user), pk=pk)
        data = validated(s.RejectSerializer(data=request.data))
        case = services.stepdown_case_reject(case=case, actor=request.user, reason=data["reason"])
        return self._output(case)

    @extend_schema(request=s.ExecuteSerializer, responses=s.StepDownCaseSerializer)
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        case = get_object_or_404(hr_cases(user=request.user), pk=pk)
        data = validated(s.ExecuteSerializer(data=request.data, posts=self._posts(case)))
        case = services.stepdown_case_execute(
            case=case,
            actor=request.user,
            executed_on=data["executed_on"],
            new_post=data.get("new_post"),
            new_assignment=data.get("new_assignment", ""),
        )
        return self._output(case)


router = SimpleRouter()
router.register("cases", StepDownCaseViewSet, basename="stepdown-case")
urlpatterns = router.urls
