"""The rater leniency report as JSON: the raters per period and the advisory normalised composites (advisory: the
official composite is never changed by them)."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from analytics.api.choice import PARAMETERS, api_choice, choice_fields
from analytics.selectors.leniency import leniency_report
from org.permissions import Staff


@extend_schema_serializer(component_name="AnalyticsRater")
class RaterSerializer(serializers.Serializer):
    period = serializers.CharField(source="period_kind")
    period_label = serializers.CharField()
    rater = serializers.IntegerField(
        source="rater.pk", allow_null=True, help_text="null: 评分人不在您的管理范围内,以“评议人 A”等代称显示"
    )
    rater_employee_no = serializers.CharField(source="rater.employee_no")
    rater_name = serializers.CharField(source="rater.name")
    n = serializers.IntegerField()
    mean = serializers.FloatField()
    sd = serializers.FloatField()
    top_share = serializers.FloatField()
    consensus_r = serializers.FloatField(allow_null=True)
    z = serializers.FloatField()
    flagged = serializers.BooleanField()


@extend_schema_serializer(component_name="AnalyticsAdvisoryComposite")
class CompositeSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    employee_no = serializers.CharField(source="cadre.employee_no")
    name = serializers.CharField(source="cadre.name")
    group = serializers.CharField(source="group_name")
    official = serializers.FloatField(allow_null=True)
    official_rank = serializers.IntegerField(allow_null=True)
    advisory = serializers.FloatField(allow_null=True)
    advisory_rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(component_name="AnalyticsLeniencyReport", many=False)  # one report, not a list
class LeniencySerializer(serializers.Serializer):
    organization = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    advisory_only = serializers.BooleanField()
    raters = RaterSerializer(many=True)
    composites = CompositeSerializer(many=True)


class LeniencyViewSet(viewsets.ViewSet):
    """评分人宽严: per rater and period, and the advisory normalised composite beside the official one."""

    permission_classes = [Staff]

    @extend_schema(parameters=PARAMETERS, responses=LeniencySerializer)
    def list(self, request):
        choice = api_choice(request)
        data = {**choice_fields(choice), "advisory_only": True, "raters": [], "composites": []}
        if choice.year is not None:
            report = leniency_report(user=request.user, organization=choice.organization, year=choice.year)
            data["raters"], data["composites"] = report.raters, report.composites
        return Response(LeniencySerializer(data).data)


router = SimpleRouter(trailing_slash=True)
router.register("raters", LeniencyViewSet, basename="leniency")
urlpatterns = router.urls
