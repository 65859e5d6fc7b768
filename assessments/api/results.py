"""The ranking list: a run's annual results as staff see them, scoped to the caller's units, a page of 100.

GET /api/assessments/results/?organization=&year=&group=&grade=&in_bottom=[&run=]. Without `run` it is the year's
current run (selectors.publication.current_run: the one confirmed or published, else the newest whole-year run).
Scope is selectors.results.result_list's: an HR user sees the cadres of their units only. Grades and the bottom set are
as the party committee settled them (selectors.final.with_final), which the `grade` and `in_bottom` filters use too.

The rows are read with one values() query and built as plain dicts (assessments.serializers.results): the endpoint
answers a page in a fixed number of queries, whatever its size.
"""

from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from assessments.api.base import Staff, validated
from assessments.models import Grade, Result, ResultRun, Scheme
from assessments.results.display import grade_label
from assessments.selectors.final import final_filter, with_final
from assessments.selectors.publication import current_run
from assessments.selectors.results import result_list, run_list
from assessments.serializers.results import ROW_VALUES, ResultListQuerySerializer, ResultRowSerializer, result_rows
from org.selectors import organization_list


class ResultPagination(PageNumberPagination):
    page_size = 100


def _grade_labels(scheme_id: int) -> dict[str, str]:
    scheme = Scheme.objects.only("grade_scale").get(pk=scheme_id)
    return {code: grade_label(code, scheme) for code in Grade.values}


class ResultViewSet(viewsets.GenericViewSet):
    """Annual results (年度考核结果排名表) of one run, in the caller's scope: by group, then rank."""

    queryset = Result.objects.none()
    permission_classes = [Staff]
    serializer_class = ResultRowSerializer
    pagination_class = ResultPagination
    filter_backends: list = []  # the query serializer below filters; its fields document the parameters

    def _run(self, query: dict) -> ResultRun | None:
        run = query.get("run")
        if run is not None:
            return run
        organization = query.get("organization")
        if organization is None:
            mine = list(organization_list(user=self.request.user)[:2])
            if len(mine) != 1:
                raise ValidationError({"organization": [_("请选择机构。")]})
            organization = mine[0]
        year = query.get("year")
        if year is None:
            year = ResultRun.objects.filter(
                organization=organization, status=ResultRun.Status.SUCCEEDED, group__isnull=True
            ).aggregate(year=Max("year"))["year"]
            if year is None:
                return None
        return current_run(organization_id=organization.pk, year=year)

    @extend_schema(
        parameters=[ResultListQuerySerializer],
        description=gettext_lazy(
            "年度考核结果排名表:按考核组、组内排名排列,每页 100 条。不指定 run 时为该机构该年度的当前版本;"
            "组织人事部门只能看到其范围内干部的结果。"
        ),
    )
    def list(self, request):
        user = request.user
        query = validated(
            ResultListQuerySerializer(
                # An empty parameter (a filter form's "all") is no filter.
                data={k: v for k, v in request.query_params.items() if v != ""},
                organizations=organization_list(user=user),
                runs=run_list(user=user).filter(status=ResultRun.Status.SUCCEEDED),
            )
        )
        run = self._run(query)
        if run is None:
            self.paginate_queryset(Result.objects.none().order_by("id"))
            return self.get_paginated_response([])
        qs = with_final(result_list(user=user, run=run).filter(final_filter(query)))
        qs = qs.order_by("group_id", F("rank").asc(nulls_last=True), "cadre__employee_no", "id").values_list(
            *ROW_VALUES
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(result_rows(page, _grade_labels(run.scheme_id)))


def router_register(router) -> None:
    """assessments/api_urls.py: `results.router_register(router)` → /api/assessments/results/ ("result-list")."""
    router.register("results", ResultViewSet, basename="result")
