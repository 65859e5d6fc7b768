"""Terms through the API: the register of the cadres in one's scope (a cadre: their own, also at `mine/`), each
with its time served, whether it counts toward the caps and the caps reached; `level-caps/` the cadres at the years
cap of a level; the committee's placement (`POST terms/{id}/placement/`), which writes the appointment changes.
Errors field by field."""

import datetime

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from org.models import Post
from org.permissions import Committee, HasRole, Staff, StaffOrCadre
from org.roles import ROLE_CADRE
from org.selectors import post_list
from tenure.access import committee_covers
from tenure.api.base import Scoped, ScopedPK, choice_field, date_field, text_field
from tenure.models import Placement, Regime, Term
from tenure.selectors.policy import policy_organizations
from tenure.selectors.terms import cadres_over_level_cap, own_terms, term_list, term_rows
from tenure.services.placements import placement_record


class CapReachedSerializer(serializers.Serializer):
    label = serializers.CharField(source="rule.label")
    blocks = serializers.BooleanField(source="rule.blocks")
    value = serializers.CharField(source="value_text")


class TermSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit = serializers.CharField(source="post.unit.name", read_only=True)
    post_name = serializers.CharField(source="post.name", read_only=True)
    regime_label = serializers.CharField(source="get_regime_display", read_only=True)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    served = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    caps_reached = serializers.SerializerMethodField()
    placement = serializers.SerializerMethodField()

    class Meta:
        model = Term
        fields = ["id", "cadre", "employee_no", "cadre_name", "post", "unit", "post_name", "appointment", "regime",
                  "regime_label", "number", "starts_on", "ends_on", "ended_on", "inherited", "status", "status_label",
                  "served", "counts", "caps_reached", "placement"]  # fmt: skip
        read_only_fields = fields

    def _row(self, term):
        rows = self.context.setdefault("rows", {})
        if term.pk not in rows:
            rows[term.pk] = term_rows([term], as_of=timezone.localdate())[0]
        return rows[term.pk]

    def get_status(self, term) -> str:
        return self._row(term).status

    def get_status_label(self, term) -> str:
        return str(self._row(term).status_label)

    def get_served(self, term) -> str:
        return str(self._row(term).served)

    def get_counts(self, term) -> bool:
        return self._row(term).counts

    @extend_schema(responses=CapReachedSerializer(many=True))
    def get_caps_reached(self, term) -> list[dict]:
        return CapReachedSerializer(self._row(term).caps_reached, many=True).data

    def get_placement(self, term) -> str | None:
        placement = getattr(term, "placement", None)
        return placement.outcome if placement else None


class PlacementInput(Scoped):
    outcome = choice_field("安置方式", Placement.Outcome.choices)
    effective_on = date_field("生效日期")
    document_no = text_field("任免文号", max_length=100)
    document_date = date_field("决定日期")
    new_post = ScopedPK(queryset=Post.objects.none(), required=False, allow_null=True)
    consent_on = date_field("本人同意日期", required=False)
    note = text_field("党组意见", max_length=1000, required=False)


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = ["id", "term", "appointment", "cadre", "outcome", "effective_on", "document_no", "document_date",
                  "new_post", "new_appointment", "consent_on", "note"]  # fmt: skip
        read_only_fields = fields


class LevelCapSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    employee_no = serializers.CharField(source="cadre.employee_no")
    name = serializers.CharField(source="cadre.name")
    level = serializers.CharField()
    level_label = serializers.CharField()
    months = serializers.IntegerField()
    limit_years = serializers.IntegerField()


class TermFilter(filters.FilterSet):
    regime = filters.ChoiceFilter(choices=Regime.choices, label="实行")

    class Meta:
        model = Term
        fields = ["regime", "cadre", "post", "inherited"]


class TermViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Terms (任期) of the cadres in one's scope; a cadre sees their own."""

    queryset = Term.objects.none()
    serializer_class = TermSerializer
    filterset_class = TermFilter
    permission_classes = [StaffOrCadre]
    action_permissions = {"placement": [Committee], "mine": [HasRole.of(ROLE_CADRE)], "level_caps": [Staff]}

    def get_queryset(self):
        return term_list(user=self.request.user).order_by("post__unit__path", "post__name", "starts_on", "seq")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["rows"] = {}
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        context = self.get_serializer_context()
        context["rows"] = {row.term.pk: row for row in term_rows(page, as_of=timezone.localdate())}
        return self.get_paginated_response(TermSerializer(page, many=True, context=context).data)

    @extend_schema(responses=TermSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request):
        terms = list(own_terms(user=request.user).order_by("-starts_on", "-seq"))
        context = self.get_serializer_context()
        context["rows"] = {row.term.pk: row for row in term_rows(terms, as_of=timezone.localdate())}
        return Response(TermSerializer(terms, many=True, context=context).data)

    @extend_schema(responses=LevelCapSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="level-caps", pagination_class=None)
    def level_caps(self, request):
        today, rows = timezone.localdate(), []
        for organization in policy_organizations(user=request.user):
            rows += cadres_over_level_cap(organization=organization, on=today, user=request.user)
        return Response(LevelCapSerializer(rows, many=True).data)

    @extend_schema(request=PlacementInput, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def placement(self, request, pk=None):
        term = get_object_or_404(self.get_queryset(), pk=pk)
        if not committee_covers(request.user, term.post.unit):
            return Response({"message": "找不到该记录。", "errors": {}}, status=404)
        posts = post_list(user=request.user).filter(unit__organization_id=term.organization_id)
        data = validated(PlacementInput(data=request.data, scoped={"new_post": posts}))
        data.setdefault("effective_on", term.ends_on + datetime.timedelta(days=1))
        placement = placement_record(term=term, actor=request.user, **data)
        return Response(PlacementSerializer(placement).data)


router = SimpleRouter()
router.register("terms", TermViewSet, basename="term")
urlpatterns = router.urls
