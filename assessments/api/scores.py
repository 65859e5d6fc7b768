"""Scores. Staff read the scores of the ratees in their scope (with the rater); a rater reads and saves only their
own cells while the period is open; HR corrects any cell in scope, with a reason, closed periods included; a cadre
reads their own scores aggregated per component and period, never who gave which.

Saving names the revision it started from (0 for a new score): a stale save is answered 409 with the value stored
now, so two people saving one cell never overwrite each other silently.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import serializers, services
from assessments.api.base import ActionPermissions, Raters, Scorers, Staff, validated
from assessments.models import Score
from assessments.selectors.rater_privacy import label_rows, visible_rater_q, visible_raters
from assessments.selectors.raters import (
    hr_ratees,
    hr_raters,
    rater_any_periods,
    rater_components,
    rater_grid,
    rater_periods,
    rater_ratees,
)
from assessments.selectors.schemes import hr_components, hr_periods
from assessments.selectors.scores import cadre_current_scheme, cadre_score_summary, score_list
from org.models import Cadre
from org.permissions import HasRole
from org.roles import ROLE_CADRE, ROLE_HR, get_roles


def _for_output(score: Score) -> Score:
    return Score.objects.select_related("period", "component", "rater", "ratee").get(pk=score.pk)


class ScoreViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Scores (评分) of the ratees in one's scope, as staff see them."""

    queryset = Score.objects.none()
    permission_classes = [Staff]
    action_permissions = {"create": [Scorers], "mine": [Raters]}
    serializer_class = serializers.ScoreSerializer
    filterset_fields = ["scheme", "period", "component", "ratee", "rater"]

    def get_queryset(self):
        qs = score_list(user=self.request.user)
        visible = visible_rater_q(self.request.user)
        if visible is not None and self.request.query_params.get("rater") not in (None, ""):
            qs = qs.filter(visible)  # filtering by a rater hidden from the caller finds nothing
        return qs.order_by(
            "scheme_id", "period__start_date", "component__sort_order", "ratee__employee_no", "rater__employee_no"
        )

    def get_serializer(self, *args, **kwargs):
        # Every row leaves labelled: raters outside a subtree HR user's scope as 评议人 A, B, … (rater_privacy).
        if args and self.action in ("list", "retrieve"):
            rows = args[0] if kwargs.get("many") else [args[0]]
            label_rows(user=self.request.user, rows=rows)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        request=serializers.ScoreSaveSerializer,
        responses={
            200: serializers.ScoreSaveResultSerializer,
            201: serializers.ScoreSaveResultSerializer,
            409: serializers.ScoreConflictSerializer,
        },
        description=gettext_lazy(
            "保存一个评分单元格:评分人不填 rater,保存自己的评分(仅评分期间内);组织人事部门填 rater 和修改原因,"
            "可更正其范围内的任何评分(含已结束的期间)。expected_revision 新评分填 0,修改填读取时的 revision;"
            "他人已先保存时返回 409 和当前的分数与修订号。"
        ),
    )
    def create(self, request):
        user = request.user
        roles = get_roles(user)
        own = roles.cadre
        raw_rater = request.data.get("rater") if hasattr(request.data, "get") else None
        by_hr = raw_rater not in (None, "") and (own is None or str(raw_rater) != str(own.pk))
        if by_hr:
            if not (roles.is_admin or roles.has(ROLE_HR)):
                raise PermissionDenied(_("只能保存自己的评分;更正他人的评分须由组织人事部门办理。"))
            serializer = serializers.ScoreSaveSerializer(
                data=request.data,
                periods=hr_periods(user=user),
                components=hr_components(user=user),
                ratees=hr_ratees(user=user),
                # A rater hidden from this user is unknown here: a stale-revision answer would show their score.
                raters=hr_raters(user=user).filter(pk__in=visible_raters(user=user).values("pk")),
            )
        else:
            if own is None:
                raise PermissionDenied(_("您的账号未关联干部信息,不能评分。"))
            serializer = serializers.ScoreSaveSerializer(
                data=request.data,
                periods=rater_any_periods(rater=own),
                components=rater_components(rater=own),
                ratees=rater_ratees(rater=own),
                raters=Cadre.objects.filter(pk=own.pk),
            )
        data = validated(serializer)
        reason = data.get("reason", "").strip()
        if by_hr and not reason:
            raise ValidationError({"reason": [_("更正他人的评分须填写原因。")]})
        result = services.score_save(
            period=data["period"],
            component=data["component"],
            rater=data["rater"] if by_hr else own,
            ratee=data["ratee"],
            value=data["value"],
            expected_revision=data["expected_revision"],
            note=data.get("note", ""),
            actor=user,
            by_hr=by_hr,
            reason=reason,
        )
        score = _for_output(result.score)
        score.created, score.changed = result.created, result.changed
        label_rows(user=user, rows=[score])
        return Response(
            serializers.ScoreSaveResultSerializer(score).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(parameters=[serializers.MyCellsQuerySerializer], responses=serializers.MyCellSerializer(many=True))
    @action(detail=False, filter_backends=[])
    def mine(self, request):
        """The signed-in rater's own cells in the periods open for scoring, scored or not yet."""
        own = get_roles(request.user).cadre
        cells = []
        if own is not None:
            open_periods = rater_periods(rater=own)
            query = validated(serializers.MyCellsQuerySerializer(data=request.query_params, periods=open_periods))
            periods = [query["period"]] if query.get("period") else list(open_periods)
            for period in periods:
                grid = rater_grid(rater=own, period=period)
                for row in grid.rows:
                    for cell in row.cells:
                        if cell.assigned:
                            cells.append(_cell(period, row.ratee, cell))
        page = self.paginate_queryset(cells)
        return self.get_paginated_response(serializers.MyCellSerializer(page, many=True).data)


def _cell(period, ratee, cell) -> dict:
    score = cell.score
    return {
        "period": period.pk,
        "period_kind": period.kind,
        "component": cell.component.pk,
        "component_name": cell.component.name,
        "min_score": cell.component.min_score,
        "max_score": cell.component.max_score,
        "ratee": ratee.pk,
        "ratee_name": ratee.name,
        "ratee_employee_no": ratee.employee_no,
        "ratee_unit": ratee.unit.name,
        "score": score.pk if score else None,
        "value": score.value if score else None,
        "note": score.note if score else "",
        "revision": score.revision if score else 0,
    }


class MyScoresView(APIView):
    """The signed-in cadre's own scores for a year: per component and period, aggregated over the raters.

    Rater identities are confidential to the ratee: only aggregated values and the number of raters appear."""

    permission_classes = [HasRole.of(ROLE_CADRE)]

    @extend_schema(parameters=[serializers.MySummaryQuerySerializer], responses=serializers.MySummarySerializer)
    def get(self, request):
        query = validated(serializers.MySummaryQuerySerializer(data=request.query_params))
        cadre = get_roles(request.user).cadre
        scheme = cadre_current_scheme(cadre=cadre, year=query.get("year"))
        if scheme is None:
            data = {"year": query.get("year"), "scheme": None, "components": []}
        else:
            summary = cadre_score_summary(cadre=cadre, scheme=scheme)
            data = {
                "year": scheme.year,
                "scheme": scheme,
                "components": [
                    {
                        "component": s.component.pk,
                        "code": s.component.code,
                        "name": s.component.name,
                        "weight": s.component.weight,
                        "aggregation": s.component.aggregation,
                        "mean": s.mean,
                        "periods": [
                            {
                                "period": period.pk,
                                "kind": period.kind,
                                "kind_label": period.get_kind_display(),
                                "status": period.status,
                                "score": value,
                                "rater_count": count,
                            }
                            for period, value, count in s.by_period
                        ],
                    }
                    for s in summary
                ],
            }
        return Response(serializers.MySummarySerializer(data).data)
