"""The ranking list: a run's annual results as staff see them, scoped to the caller's units, a page of 100.

GET /api/assessments/results/?organization=&year=&group=&grade=&in_bottom=[&run=]. Without `run` it is the year's
current run (selectors.publication.current_run: the one confirmed or published, else the newest whole-year run).
Scope is selectors.results.result_list's: an HR user sees the cadres of their units only. Grades and the bottom set are
as the party committee settled them (selectors.final.with_final), which the `grade` and `in_bottom` filters use too.

The rows are read with one values() query and built as plain dicts (assessments.serializers.results): the endpoint
answers a page in a fixed number of queries, whatever its size.
"""

import hashlib

from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from assessments.api.base import Staff, validated
from assessments.models import Grade, Publication, Result, ResultRun, Scheme
from assessments.results.display import grade_label
from assessments.selectors.final import final_filter, with_final
from assessments.selectors.publication import current_run, publication_for
from assessments.selectors.results import result_list, run_list
from assessments.selectors.version_cache import cached, published_publication, run_key
from assessments.serializers.results import ROW_VALUES, ResultListQuerySerializer, ResultRowSerializer, result_rows
from org.selectors import organization_list


class ResultPagination(PageNumberPagination):
    page_size = 100


def _grade_labels(scheme_id: int) -> dict[str, str]:
    scheme = Scheme.objects.only("grade_scale").get(pk=scheme_id)
    return {code: grade_label(code, scheme) for code in Grade.values}


class CachedRows:
    """The scoped, filtered rows of a published version as the paginator reads them — its count and one slice —
    each kept in the cache (selectors.version_cache) under the key of the version and of the statement itself (its SQL
    and parameters: the user's scope and the filters), so that users whose scope gives the same statement share the
    value and no one is served rows another statement chose. The rows are kept built (`build`)."""

    def __init__(self, qs, *, run: ResultRun, publication: Publication, build):
        sql, params = qs.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        self.qs, self.build = qs, build
        self.key = run_key(run, publication, "api", digest)

    def count(self) -> int:
        return cached(f"{self.key}:count", self.qs.count)

    def __getitem__(self, window: slice):
        return cached(f"{self.key}:{window.start}:{window.stop}", lambda: self.build(list(self.qs[window])))


class ResultViewSet(viewsets.GenericViewSet):
    """Annual results (年度考核结果排名表) of one run, in the caller's scope: by group, then rank."""

    queryset = Result.objects.none()
    permission_classes = [Staff]
    serializer_class = ResultRowSerializer
    pagination_class = ResultPagination
    filter_backends: list = []  # the query serializer below filters; its fields document the parameters

    def _run(self, query: dict) -> tuple[ResultRun | None, Publication | None]:
        """The run, and its publication when it is the published version of its year (read once)."""
        run = query.get("run")
        if run is not None:
            return run, published_publication(run)
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
                return None, None
        publication = publication_for(organization_id=organization.pk, year=year)
        if publication is None:
            return current_run(organization_id=organization.pk, year=year), None
        return publication.run, publication if publication.state == Publication.State.PUBLISHED else None

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
        run, publication = self._run(query)
        if run is None:
            self.paginate_queryset(Result.objects.none().order_by("id"))
            return self.get_paginated_response([])
        qs = with_final(result_list(user=user, run=run).filter(final_filter(query)))
        qs = qs.order_by("group_id", F("rank").asc(nulls_last=True), "cadre__employee_no", "id").values_list(
            *ROW_VALUES
        )
        if publication is not None:
            rows = CachedRows(
                qs, run=run, publication=publication, build=lambda page: result_rows(page, _grade_labels(run.scheme_id))
            )
            return self.get_paginated_response(self.paginate_queryset(rows))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(result_rows(page, _grade_labels(run.scheme_id)))


def router_register(router) -> None:
    """assessments/api_urls.py: `results.router_register(router)` → /api/assessments/results/ ("result-list")."""
    router.register("results", ResultViewSet, basename="result")
