"""Group fairness and moved-away cadres as JSON."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from analytics.api.choice import PARAMETERS, api_choice, choice_fields
from analytics.selectors.fairness import fairness_report
from analytics.selectors.moved import moved_report
from org.permissions import Staff


@extend_schema_serializer(component_name="AnalyticsSubgroup")
class SubgroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="key")
    label = serializers.CharField()
    n = serializers.IntegerField()
    median = serializers.FloatField()
    mean = serializers.FloatField()
    values = serializers.ListField(child=serializers.FloatField())


@extend_schema_serializer(component_name="AnalyticsGroupFairness")
class GroupSerializer(serializers.Serializer):
    group = serializers.IntegerField(source="group_id")
    group_name = serializers.CharField()
    subgroups = SubgroupSerializer(source="comparison.subgroups", many=True)
    test = serializers.CharField(source="comparison.test")
    statistic = serializers.FloatField(source="comparison.statistic", allow_null=True)
    p_value = serializers.FloatField(source="comparison.p_value", allow_null=True)
    effect = serializers.FloatField(source="comparison.effect", allow_null=True)
    significant = serializers.BooleanField(source="comparison.significant")
    too_small = serializers.BooleanField(source="comparison.too_small")
    median_gap = serializers.FloatField(source="comparison.median_gap", allow_null=True)
    verdict = serializers.CharField()
    suggestion = serializers.CharField()


@extend_schema_serializer(component_name="AnalyticsFairnessReport", many=False)  # one report, not a list
class FairnessSerializer(serializers.Serializer):
    organization = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    min_subgroup = serializers.IntegerField()
    groups = GroupSerializer(many=True)


class FairnessViewSet(viewsets.ViewSet):
    """组内公平: per assessment group, the subgroups by unit kind compared with a rank test."""

    permission_classes = [Staff]

    @extend_schema(parameters=PARAMETERS, responses=FairnessSerializer)
    def list(self, request):
        choice = api_choice(request)
        data = {**choice_fields(choice), "min_subgroup": 0, "groups": []}
        if choice.year is not None:
            report = fairness_report(user=request.user, organization=choice.organization, year=choice.year)
            data["min_subgroup"], data["groups"] = report.min_subgroup, report.groups
        return Response(FairnessSerializer(data).data)


@extend_schema_serializer(component_name="AnalyticsMovedPeriod")
class PeriodSerializer(serializers.Serializer):
    period = serializers.CharField(source="kind")
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    after_move = serializers.BooleanField(source="after")


@extend_schema_serializer(component_name="AnalyticsMovedCadre")
class MovedSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    employee_no = serializers.CharField(source="cadre.employee_no")
    name = serializers.CharField(source="cadre.name")
    moved_on = serializers.DateField()
    how = serializers.CharField()
    what = serializers.CharField()
    periods = PeriodSerializer(many=True)
    before = serializers.FloatField(allow_null=True)
    after = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    others_change = serializers.FloatField(allow_null=True)
    relative = serializers.FloatField(allow_null=True)
    flagged = serializers.BooleanField()
    note = serializers.CharField()


@extend_schema_serializer(component_name="AnalyticsMovedReport", many=False)  # one report, not a list
class MovedReportSerializer(serializers.Serializer):
    organization = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    rows = MovedSerializer(many=True)


class MovedViewSet(viewsets.ViewSet):
    """调离干部: cadres transferred out during the year, their scores before and after the move."""

    permission_classes = [Staff]

    @extend_schema(parameters=PARAMETERS, responses=MovedReportSerializer)
    def list(self, request):
        choice = api_choice(request)
        data = {**choice_fields(choice), "rows": []}
        if choice.year is not None:
            data["rows"] = moved_report(user=request.user, organization=choice.organization, year=choice.year).rows
        return Response(MovedReportSerializer(data).data)


router = SimpleRouter(trailing_slash=True)
router.register("fairness", FairnessViewSet, basename="fairness")
router.register("moved", MovedViewSet, basename="moved")
urlpatterns = router.urls
