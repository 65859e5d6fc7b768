"""Recall cases through the API: the list and detail in one's scope (a cadre: their own), `mine/`, a candidate proposed
by hand (POST, HR over the cadre), and every step — decide (the committee), order, training, retraining, probation,
start_evaluation, evaluate, return, reassign, measure, conclude, close (HR over the cadre), withdraw (the committee or
HR). Errors field by field: {"message", "errors": {field: [...]}}; a refused step changes nothing and says why."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org.permissions import Committee, HasRole, HRWrite, Staff, StaffOrCadre
from org.roles import ROLE_CADRE, ROLE_HR
from org.selectors import cadres_in_scope, post_list, unit_list
from recall.api import inputs
from recall.api import serializers as s
from recall.models import Card, CompetitionLoss, RecallCase, RecallCategory
from recall.selectors.cases import batch_list, case_list, decidable_cases, hr_cases, own_cases, staff_cases
from recall.services import cases as case_services
from recall.services import outcomes, stages
from recall.services.proposals import recall_case_propose

Cadres = HasRole.of(ROLE_CADRE)
HR_STEPS = [
    "order", "training", "retraining", "probation", "start_evaluation", "evaluate", "return_to_post", "reassign",
    "measure", "conclude", "close",
]  # fmt: skip


class CaseFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=RecallCase.State.choices, label="状态")

    class Meta:
        model = RecallCase
        fields = ["batch", "state", "cadre"]


class CaseViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = RecallCase.objects.none()
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    permission_classes = [StaffOrCadre]
    action_permissions = {
        "create": [HRWrite],
        "mine": [Cadres],
        "decide": [Committee],
        "withdraw": [Staff],
        **{name: [HRWrite] for name in HR_STEPS},
    }

    def get_queryset(self):
        return (
            case_list(user=self.request.user).prefetch_related("trainings", "measures").order_by("-created_at", "-pk")
        )

    def _output(self, case, status=200):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=status)

    def _hr_case(self, pk):
        return get_object_or_404(hr_cases(user=self.request.user), pk=pk)

    def _posts(self, case):
        return post_list(user=self.request.user).filter(unit__organization_id=case.organization_id)

    @extend_schema(request=inputs.ProposeInput, responses=s.CaseSerializer)
    def create(self, request, *args, **kwargs):
        cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,))
        querysets = {
            "batch": batch_list(user=request.user),
            "cadre": cadres,
            "category": RecallCategory.objects.all(),
            "card": Card.objects.filter(cadre__in=cadres),
            "competition_loss": CompetitionLoss.objects.filter(cadre__in=cadres),
        }
        data = validated(inputs.ProposeInput(data=request.data, querysets=querysets))
        case = recall_case_propose(
            batch=data["batch"],
            cadre=data["cadre"],
            category=data["category"],
            actor=request.user,
            basis_date=data.get("basis_date"),
            basis=data.get("basis", ""),
            grade_year=data.get("grade_year"),
            card=data.get("card"),
            competition_loss=data.get("competition_loss"),
            evidence_sources=data.get("evidence_sources", []),
        )
        return self._output(case, status=201)

    @extend_schema(responses=s.CaseSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request):
        return Response(self.get_serializer(own_cases(user=request.user), many=True).data)

    @extend_schema(request=inputs.DecideInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = get_object_or_404(decidable_cases(user=request.user), pk=pk)
        data = validated(inputs.DecideInput(data=request.data))
        case_services.recall_case_decide(
            case=case,
            actor=request.user,
            recall=data["recall"],
            announce=data.get("announce", False),
            reason=data.get("reason", ""),
        )
        return self._output(case)

    @extend_schema(request=inputs.RequiredReasonInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        case = get_object_or_404(staff_cases(user=request.user), pk=pk)
        data = validated(inputs.RequiredReasonInput(data=request.data))
        return self._output(case_services.recall_case_withdraw(case=case, actor=request.user, reason=data["reason"]))

    @extend_schema(request=inputs.OrderInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def order(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.OrderInput(data=request.data))
        return self._output(
            case_services.recall_case_order(case=case, actor=request.user, ordered_on=data.get("ordered_on"))
        )

    @extend_schema(request=inputs.TrainingInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def training(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.TrainingInput(data=request.data))
        stages.training_record_add(
            case=case, actor=request.user, kind=data["kind"], held_on=data["held_on"], content=data["content"]
        )
        return self._output(case)

    @extend_schema(request=inputs.RetrainingInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def retraining(self, request, pk=None):
        case = self._hr_case(pk)
        units = unit_list(user=request.user).filter(organization_id=case.organization_id)
        data = validated(inputs.RetrainingInput(data=request.data, querysets={"placement_unit": units}))
        stages.recall_case_start_retraining(
            case=case,
            actor=request.user,
            start=data["start"],
            placement=data["placement"],
            placement_unit=data.get("placement_unit"),
        )
        return self._output(case)

    @extend_schema(request=inputs.StartInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def probation(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.StartInput(data=request.data))
        return self._output(stages.recall_case_start_probation(case=case, actor=request.user, start=data["start"]))

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="start-evaluation")
    def start_evaluation(self, request, pk=None):
        case = self._hr_case(pk)
        return self._output(stages.recall_case_start_evaluation(case=case, actor=request.user))

    @extend_schema(request=inputs.EvaluateInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.EvaluateInput(data=request.data))
        return self._output(stages.recall_case_evaluate(case=case, actor=request.user, **data))

    @extend_schema(request=inputs.ReturnInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_post(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.ReturnInput(data=request.data, querysets={"post": self._posts(case)}))
        return self._output(
            outcomes.recall_case_return(
                case=case, actor=request.user, returned_on=data["returned_on"], post=data.get("post")
            )
        )

    @extend_schema(request=inputs.ReassignInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.ReassignInput(data=request.data, querysets={"post": self._posts(case)}))
        return self._output(
            outcomes.recall_case_reassign(
                case=case,
                actor=request.user,
                reassigned_on=data["reassigned_on"],
                post=data.get("post"),
                reassignment=data.get("reassignment", ""),
            )
        )

    @extend_schema(request=inputs.MeasureInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.MeasureInput(data=request.data))
        outcomes.recall_case_measure(case=case, actor=request.user, **data)
        return self._output(case)

    @extend_schema(request=inputs.ConcludeInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.ConcludeInput(data=request.data))
        return self._output(outcomes.recall_case_conclude(case=case, actor=request.user, **data))

    @extend_schema(request=inputs.CloseInput, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self._hr_case(pk)
        data = validated(inputs.CloseInput(data=request.data))
        return self._output(
            outcomes.recall_case_close(
                case=case, actor=request.user, note=data.get("note", ""), closed_on=data.get("closed_on")
            )
        )
