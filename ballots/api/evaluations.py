"""Endpoints of evaluations for HR and the party committee: read the evaluations of one's units, their turnout and
(once closed) their results and seal; HR sets them up, publishes, reschedules, closes, issues and voids codes.

Ballots are never served one by one. Issuing codes answers with the codes, once: they are not stored.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from ballots.api import serializers as s
from ballots.form_rules import CategorySpec, ItemSpec
from ballots.models import Evaluation
from ballots.selectors import evaluations as selectors
from ballots.selectors.results import result_sheet
from ballots.selectors.turnout import batch_list, turnout
from ballots.services.codes import code_batch_issue, code_batch_void, code_void
from ballots.services.evaluations import (
    evaluation_close,
    evaluation_create,
    evaluation_publish,
    evaluation_reschedule,
)
from common.api import ActionPermissions, validated
from common.errors import ApplicationError
from org.models import Unit
from org.permissions import HRWrite, Staff


def _subjects(data: dict, unit: Unit) -> list:
    if data["subject_kind"] == Evaluation.SubjectKind.TEAM:
        wanted = data["subject_units"]
        found = {u.pk: u for u in selectors.units_under(unit).filter(pk__in=wanted)}
        missing = [str(pk) for pk in wanted if pk not in found]
    else:
        wanted = data["subject_employee_nos"]
        found = {c.employee_no: c for c in selectors.cadres_under(unit).filter(employee_no__in=wanted)}
        missing = [no for no in wanted if no not in found]
    if missing:
        raise serializers.ValidationError(
            {"subjects": [f"找不到以下测评对象(或不在组织单位之下):{'、'.join(missing[:20])}。"]}
        )
    return [found[key] for key in dict.fromkeys(wanted)]


def _number(value) -> str | None:
    """A decimal as a string, as the serializers write them."""
    return None if value is None else f"{value}"


def _cell(cell) -> dict:
    return {"issued": cell.issued, "used": cell.used, "voided": cell.voided, "percent": _number(cell.percent)}


class EvaluationViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Democratic evaluations (民主测评) of one's units."""

    queryset = Evaluation.objects.none()
    permission_classes = [Staff]
    action_permissions = {
        "create": [HRWrite],
        "publish": [HRWrite],
        "close": [HRWrite],
        "reschedule": [HRWrite],
        "codes": [Staff],
        "void": [HRWrite],
        "void_batch": [HRWrite],
    }
    serializer_class = s.EvaluationSerializer
    filterset_fields = ["year", "state"]

    def get_queryset(self):
        return selectors.with_form(selectors.evaluation_list(user=self.request.user)).order_by(
            "-year", "-opens_at", "-id"
        )

    def get_permissions(self):
        # One route reads the batches (staff) and issues one (HR).
        if getattr(self, "action", None) == "codes" and self.request.method == "POST":
            return [HRWrite()]
        return super().get_permissions()

    def _managed(self, pk) -> Evaluation:
        return get_object_or_404(selectors.manageable_evaluations(user=self.request.user), pk=pk)

    def _fresh(self, evaluation: Evaluation):
        return self.get_serializer(self.get_queryset().get(pk=evaluation.pk)).data

    @extend_schema(request=s.EvaluationCreateSerializer, responses={201: s.EvaluationSerializer})
    def create(self, request):
        data = validated(
            s.EvaluationCreateSerializer(data=request.data, units=selectors.organizing_units(user=request.user))
        )
        unit = data.pop("unit")
        subjects = _subjects(data, unit)
        evaluation = evaluation_create(
            actor=request.user,
            unit=unit,
            title=data["title"],
            year=data["year"],
            subject_kind=data["subject_kind"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            min_ballots=data["min_ballots"],
            top_cap_percent=data["top_cap_percent"],
            points=data.get("points"),
            subjects=subjects,
            items=[ItemSpec(**item) for item in data["items"]],
            categories=[CategorySpec(**category) for category in data["categories"]],
        )
        return Response(self._fresh(evaluation), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        evaluation = evaluation_publish(evaluation=self._managed(pk), actor=request.user)
        return Response(self._fresh(evaluation))

    @extend_schema(request=s.RescheduleSerializer, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        evaluation = self._managed(pk)
        data = validated(s.RescheduleSerializer(data=request.data))
        evaluation = evaluation_reschedule(evaluation=evaluation, actor=request.user, **data)
        return Response(self._fresh(evaluation))

    @extend_schema(request=None, responses=s.EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        evaluation = evaluation_close(evaluation=self._managed(pk), actor=request.user)
        return Response(self._fresh(evaluation))

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def turnout(self, request, pk=None):
        """Codes issued, used and voided per unit and rater category (参评率)."""
        counted = turnout(self.get_object())
        return Response(
            {
                "min_ballots": counted.min_ballots,
                "categories": [{"id": c.pk, "name": c.name, "weight": _number(c.weight)} for c in counted.categories],
                "units": [
                    {
                        "unit": row.unit_id,
                        "unit_name": row.unit_name,
                        "categories": {str(c): _cell(cell) for c, cell in row.cells.items()},
                        "total": _cell(row.total),
                    }
                    for row in counted.rows
                ],
                "totals": {str(c): _cell(cell) for c, cell in counted.totals.items()},
                "total": _cell(counted.total),
            }
        )

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """The sealed results: per subject, the category means (null: withheld, 有效票不足), the weighted score and
        rank; the chain's head and the results' digest. Refused while the evaluation is not closed."""
        evaluation = self.get_object()
        sheet = result_sheet(evaluation)
        if sheet is None:
            raise ApplicationError("测评尚未结束,结果尚未生成。", code="not_closed")
        return Response(
            {
                "evaluation": evaluation.pk,
                "head": sheet.tally.head,
                "results_digest": sheet.tally.results_digest,
                "chain_version": sheet.tally.chain_version,
                "ballot_count": sheet.tally.ballot_count,
                "sealed_at": sheet.tally.sealed_at,
                "categories": [
                    {
                        "id": c.category.pk,
                        "name": c.category.name,
                        "weight": c.category.weight,
                        "ballots": c.ballots,
                        "shown": c.released,
                    }  # fmt: skip
                    for c in sheet.columns
                ],
                "subjects": [
                    {
                        "subject": row.subject.pk,
                        "cadre": row.subject.cadre_id,
                        "employee_no": row.subject.cadre.employee_no if row.subject.cadre_id else None,
                        "team": row.subject.team_id,
                        "name": str(row.subject),
                        "score": _number(row.result.score),
                        "rank": row.result.rank,
                        "complete": row.result.complete,
                        "category_means": row.result.category_means,
                        "distribution": row.result.distribution,
                    }
                    for row in sheet.rows
                ],
            }
        )

    @extend_schema(methods=["GET"], responses=s.BatchSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.IssueSerializer, responses={201: s.IssuedSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def codes(self, request, pk=None):
        """GET: the batches issued, with their codes counted by state. POST (HR): issue a batch; the answer holds
        the codes, this once."""
        if request.method == "GET":
            return Response(s.BatchSerializer(batch_list(self.get_object()), many=True).data)
        evaluation = self._managed(pk)
        data = validated(s.IssueSerializer(data=request.data))
        unit = selectors.units_under(evaluation.unit).filter(pk=data["unit"]).first()
        category = evaluation.categories.filter(pk=data["category"]).first()
        if unit is None:
            raise serializers.ValidationError({"unit": ["发放单位应在组织单位之下。"]})
        if category is None:
            raise serializers.ValidationError({"category": ["请选择本测评的参评人员类别。"]})
        issued = code_batch_issue(
            evaluation=evaluation,
            actor=request.user,
            unit=unit,
            category=category,
            size=data["size"],
            file_format=data["file_format"],
        )
        batch = batch_list(evaluation).get(pk=issued.batch.pk)
        url = request.build_absolute_uri(reverse("ballots:vote", kwargs={"key": evaluation.public_key}))
        body = {"batch": s.BatchSerializer(batch).data, "vote_url": url, "codes": issued.codes}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VoidSerializer, responses=dict)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void one unused code, by the code or by its batch and serial number."""
        evaluation = self._managed(pk)
        data = validated(s.VoidSerializer(data=request.data))
        code = code_void(evaluation=evaluation, actor=request.user, **data)
        return Response({"batch_number": code.batch.number, "serial": code.serial, "state": code.state})

    @extend_schema(request=s.BatchVoidSerializer, responses=dict)
    @action(detail=True, methods=["post"], url_path="void-batch")
    def void_batch(self, request, pk=None):
        """Void every unused code of a batch."""
        evaluation = self._managed(pk)
        data = validated(s.BatchVoidSerializer(data=request.data))
        batch = evaluation.batches.filter(number=data["batch_number"]).first()
        if batch is None:
            raise serializers.ValidationError({"batch_number": [f"没有第{data['batch_number']}批测评码。"]})
        voided = code_batch_void(batch=batch, actor=request.user, reason=data["reason"])
        return Response({"batch_number": batch.number, "voided": voided})


router = SimpleRouter(trailing_slash=True)
router.register("evaluations", EvaluationViewSet, basename="evaluation")
urlpatterns = router.urls
