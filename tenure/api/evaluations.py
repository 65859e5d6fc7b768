"""The term evaluation through the API.

`rounds/`: list and detail (staff of the organization; a member of the round's 考评组); organization-wide HR opens
one (`POST rounds/`), adds new rows (`rows/`), names the team (`team/`), imports the 民意测评 (`democratic/`,
multipart, all or nothing) and ranks (`rank/`); the committee chooses among quota ties (`settle/`) and confirms
(`close/`, refused with the list of what is unresolved). `evaluations/`: the rows (任期年度考评表) one may see, a
cadre's own at `mine/` once confirmed; the team scores a goal (`evaluations/{id}/attainment/`) and writes the
comment (`comment/`). Errors field by field."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from common.imports.issues import ImportInvalid
from org.models import Organization
from org.permissions import Committee, HasRole, HRWrite
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR
from tenure.access import org_wide_hr
from tenure.api.base import (
    RolesOrTeam,
    ScopedPK,
    UploadSerializer,
    choice_field,
    decimal_field,
    integer_field,
    text_field,
)
from tenure.models import EvaluationRound, TermEvaluation, TermGoal
from tenure.selectors.evaluations import evaluation_list, goals_of, own_evaluations, round_list
from tenure.selectors.policy import policy_organizations
from tenure.services import evaluation_decisions as decisions
from tenure.services import evaluations as services
from tenure.services.democratic import democratic_import, democratic_take_from_ballots

Readers = RolesOrTeam.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
RowReaders = RolesOrTeam.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)
Team = RolesOrTeam.of()


class DemocraticBallotsInput(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[("ballots", "民主测评")],
        label="来源",
        error_messages={"invalid_choice": "来源只能是 ballots(取自民主测评);导入文件请上传 file。"},
    )


class RoundSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    team = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    blockers = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = ["id", "organization", "year", "stage", "stage_label", "state", "state_label", "performance_weight",
                  "democratic_weight", "basic_below", "incompetent_below", "excellent_quota", "team", "stale",
                  "ranked_at", "closed_at", "blockers"]  # fmt: skip
        read_only_fields = fields

    def get_blockers(self, round_) -> list[str]:
        """What keeps the committee from confirming: for those who run or confirm the whole round only (it names
        cadres across the organization)."""
        user = self.context["request"].user
        runs = org_wide_hr(user, round_.organization_id) or decisions.may_confirm(user, round_)
        return [str(b) for b in decisions.close_blockers(round_)] if round_.is_open and runs else []


@extend_schema_serializer(component_name="TenureEvaluation")
class EvaluationSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    post_name = serializers.CharField(source="post.name", read_only=True)
    unit = serializers.CharField(source="post.unit.name", read_only=True)
    system_name = serializers.CharField(source="system.name", read_only=True, default="")
    level = serializers.CharField(read_only=True, help_text="职务类别(层级)")
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    final_grade = serializers.CharField(read_only=True)
    final_grade_label = serializers.CharField(read_only=True)

    class Meta:
        model = TermEvaluation
        fields = ["id", "round", "term", "cadre", "employee_no", "cadre_name", "post", "post_name", "unit", "level", "level_label",
                  "system", "system_name", "performance", "democratic", "democratic_source", "combined", "rank",
                  "group_size", "grade", "excellent_tie", "excellent_chosen", "quota_reached", "final_grade",
                  "final_grade_label", "comment"]  # fmt: skip
        read_only_fields = fields


class RoundInput(serializers.Serializer):
    organization = ScopedPK(queryset=Organization.objects.none())
    year = integer_field("年度")
    stage = choice_field("考评类型", EvaluationRound.Stage.choices)


class TeamInput(serializers.Serializer):
    members = ScopedPK(queryset=get_user_model().objects.none(), many=True)
    reason = text_field("说明", required=False)


class SettleInput(serializers.Serializer):
    chosen = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    reason = text_field("决定依据")


class AttainmentInput(serializers.Serializer):
    goal = ScopedPK(queryset=TermGoal.objects.none())
    score = decimal_field("完成得分")
    actual = text_field("完成情况", max_length=200, required=False)


class CommentInput(serializers.Serializer):
    comment = text_field("考评意见", max_length=2000, required=False)


class CountResult(serializers.Serializer):
    changed = serializers.IntegerField()


class RoundViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """任期考评 rounds."""

    queryset = EvaluationRound.objects.none()
    serializer_class = RoundSerializer
    permission_classes = [Readers]
    action_permissions = {
        "create": [HRWrite],
        "rows": [HRWrite],
        "team": [HRWrite],
        "democratic": [HRWrite],
        "rank": [HRWrite],
        "settle": [Committee],
        "close": [Committee],
    }

    def get_queryset(self):
        return round_list(user=self.request.user).prefetch_related("team").order_by("-year", "stage")

    def _hr_round(self, request, pk):
        round_ = get_object_or_404(self.get_queryset(), pk=pk)
        if not org_wide_hr(request.user, round_.organization_id):
            raise PermissionDenied("任期考评由全局组织人事部门组织。")
        return round_

    def _committee_round(self, request, pk):
        round_ = get_object_or_404(self.get_queryset(), pk=pk)
        if not decisions.may_confirm(request.user, round_):
            raise PermissionDenied("任期考评结果由党组确认。")
        return round_

    def _out(self, round_):
        return Response(self.get_serializer(self.get_queryset().get(pk=round_.pk)).data)

    @extend_schema(request=RoundInput, responses={201: RoundSerializer})
    def create(self, request):
        organizations = policy_organizations(user=request.user)
        serializer = RoundInput(data=request.data)
        serializer.fields["organization"].queryset = organizations
        data = validated(serializer)
        if not org_wide_hr(request.user, data["organization"]):
            raise PermissionDenied("任期考评由全局组织人事部门组织。")
        round_ = services.evaluation_round_open(actor=request.user, **data)
        return Response(self.get_serializer(round_).data, status=201)

    @extend_schema(request=None, responses=CountResult)
    @action(detail=True, methods=["post"])
    def rows(self, request, pk=None):
        round_ = self._hr_round(request, pk)
        return Response({"changed": services.evaluation_rows_sync(round_=round_, actor=request.user)})

    @extend_schema(request=TeamInput, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        round_ = self._hr_round(request, pk)
        serializer = TeamInput(data=request.data)
        serializer.fields["members"].child_relation.queryset = get_user_model().objects.filter(is_active=True)
        data = validated(serializer)
        services.evaluation_team_set(
            round_=round_, users=data["members"], actor=request.user, reason=data.get("reason", "")
        )
        return self._out(round_)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer, "application/json": DemocraticBallotsInput},
        responses=CountResult,
        description='民意测评:上传文件导入,或以 {"source": "ballots"} 取自本年度已结束的民主测评。',
    )
    @action(detail=True, methods=["post"])
    def democratic(self, request, pk=None):
        round_ = self._hr_round(request, pk)
        if "file" not in request.data and request.data.get("source") is not None:
            validated(DemocraticBallotsInput(data=request.data))
            return Response({"changed": democratic_take_from_ballots(round_=round_, actor=request.user)})
        upload = validated(UploadSerializer(data=request.data))["file"]
        try:
            changed = democratic_import(round_=round_, actor=request.user, content=upload.read(), file_name=upload.name)
        except ImportInvalid as error:
            return Response({"message": error.message, "errors": {"file": [str(i) for i in error.issues]}}, status=400)
        return Response({"changed": changed})

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        round_ = self._hr_round(request, pk)
        return self._out(services.evaluation_round_rank(round_=round_, actor=request.user))

    @extend_schema(request=SettleInput, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        round_ = self._committee_round(request, pk)
        data = validated(SettleInput(data=request.data))
        decisions.evaluation_round_settle(
            round_=round_, chosen_ids=data["chosen"], actor=request.user, reason=data["reason"]
        )
        return self._out(round_)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        round_ = self._committee_round(request, pk)
        return self._out(decisions.evaluation_round_close(round_=round_, actor=request.user))


class EvaluationViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The 任期年度考评表 rows one may see."""

    queryset = TermEvaluation.objects.none()
    serializer_class = EvaluationSerializer
    permission_classes = [RowReaders]
    action_permissions = {"mine": [HasRole.of(ROLE_CADRE)], "attainment": [Team], "comment": [Team]}
    filterset_fields = ["round", "level", "grade"]

    def get_queryset(self):
        return evaluation_list(user=self.request.user).order_by("round_id", "level", "rank", "cadre__employee_no")

    @extend_schema(responses=EvaluationSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request):
        return Response(EvaluationSerializer(own_evaluations(user=request.user), many=True).data)

    @extend_schema(request=AttainmentInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def attainment(self, request, pk=None):
        evaluation = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = AttainmentInput(data=request.data)
        serializer.fields["goal"].queryset = goals_of(evaluation, evaluation.round)
        data = validated(serializer)
        services.attainment_record(
            round_=evaluation.round,
            goal=data["goal"],
            score=data["score"],
            actual=data.get("actual", ""),
            actor=request.user,
        )
        return Response(EvaluationSerializer(self.get_queryset().get(pk=evaluation.pk)).data)

    @extend_schema(request=CommentInput, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        evaluation = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(CommentInput(data=request.data))
        services.evaluation_comment_save(evaluation=evaluation, comment=data.get("comment", ""), actor=request.user)
        return Response(EvaluationSerializer(self.get_queryset().get(pk=evaluation.pk)).data)


router = SimpleRouter()
router.register("rounds", RoundViewSet, basename="round")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
urlpatterns = router.urls
