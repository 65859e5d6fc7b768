"""Read endpoints of teams for HR and the party committee of their units: members, 结构 now, grades with their
consequences, post-evaluations. The writes are the pages' (teams.views)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from org.permissions import Staff
from teams import structure
from teams.models import Consequence, PostEvaluation, Team, TeamGrade
from teams.selectors import teams as selectors


class ConsequenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Consequence
        fields = ["id", "kind", "kind_label", "cadre", "due_date", "done_on", "note"]
        read_only_fields = fields


class GradeSerializer(serializers.ModelSerializer):
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    consequences = ConsequenceSerializer(many=True, read_only=True)

    class Meta:
        model = TeamGrade
        fields = ["year", "grade", "grade_label", "evaluation_score", "evaluation_title", "basis", "decided_on",
                  "consequences"]  # fmt: skip
        read_only_fields = fields


class PostEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostEvaluation
        fields = ["id", "evaluated_on", "scores", "evidence", "structure", "structure_targets", "outstanding"]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    members = serializers.SerializerMethodField()
    structure = serializers.SerializerMethodField()
    grades = GradeSerializer(many=True, read_only=True)
    post_evaluations = PostEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "unit", "unit_name", "formed_on", "members", "structure", "grades", "post_evaluations"]
        read_only_fields = fields

    def get_members(self, team) -> list[dict]:
        return [
            {
                "cadre": a.cadre_id,
                "employee_no": a.cadre.employee_no,
                "name": a.cadre.name,
                "post": a.post.name,
                "since": a.start_date,
            }  # fmt: skip
            for a in selectors.members(team)
        ]

    def get_structure(self, team) -> dict:
        today = timezone.localdate()
        return structure.compute(
            selectors.member_facts(team, today), approved=selectors.approved_posts(team.unit), on=today
        ).as_dict()


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Leadership teams (领导班子) of one's units."""

    queryset = Team.objects.none()
    permission_classes = [Staff]
    serializer_class = TeamSerializer

    def get_queryset(self):
        return selectors.team_list(user=self.request.user).prefetch_related(
            "grades__consequences", "post_evaluations__outstanding"
        )

    @extend_schema(responses=TeamSerializer(many=True))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


router = SimpleRouter(trailing_slash=True)
router.register("teams", TeamViewSet, basename="team")
urlpatterns = router.urls
