"""Cards (黄牌 / 红牌) through the API: the list and detail in one's scope (a cadre: their own), `mine/`, `warnings/`
(cadres one yellow card from a red one), a new card (HR over the cadre; multipart for the evidence file), and the
committee's approve and reject. Errors field by field: {"message", "errors": {field: [...]}}."""

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org.permissions import Committee, HasRole, HRWrite, Staff, StaffOrCadre
from org.roles import ROLE_CADRE, ROLE_HR
from org.selectors import cadres_in_scope
from recall.api import inputs
from recall.api import serializers as s
from recall.models import Card
from recall.selectors.cards import card_list, decidable_cards, own_cards, red_card_warnings
from recall.services.cards import card_approve, card_record, card_reject

Cadres = HasRole.of(ROLE_CADRE)


class CardFilter(filters.FilterSet):
    color = filters.ChoiceFilter(choices=Card.Color.choices, label="类别")
    state = filters.ChoiceFilter(choices=Card.State.choices, label="状态")

    class Meta:
        model = Card
        fields = ["color", "state", "cadre"]


class WarningSerializer(serializers.Serializer):
    """A cadre one yellow card from a red one: the yellow card, and the last day a second one would count."""

    card = s.CardSerializer()
    until = serializers.DateField(allow_null=True)


class CardViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Card.objects.none()
    serializer_class = s.CardSerializer
    filterset_class = CardFilter
    permission_classes = [StaffOrCadre]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_permissions = {
        "create": [HRWrite],
        "approve": [Committee],
        "reject": [Committee],
        "mine": [Cadres],
        "warnings": [Staff],
    }

    def get_queryset(self):
        return card_list(user=self.request.user).order_by("-issued_on", "-pk")

    def _output(self, card, status=200):
        return Response(self.get_serializer(card_list(user=self.request.user).get(pk=card.pk)).data, status=status)

    @extend_schema(request=inputs.CardInput, responses=s.CardSerializer)
    def create(self, request, *args, **kwargs):
        cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,))
        data = validated(inputs.CardInput(data=request.data, querysets={"cadre": cadres}))
        card = card_record(
            cadre=data["cadre"],
            color=data["color"],
            source=data.get("source", Card.Source.POINTS),
            issued_on=data["issued_on"],
            reason=data["reason"],
            evidence_file=data.get("evidence_file"),
            evidence_note=data.get("evidence_note", ""),
            actor=request.user,
        )
        return self._output(card, status=201)

    @extend_schema(responses=s.CardSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request):
        return Response(self.get_serializer(own_cards(user=request.user), many=True).data)

    @extend_schema(responses=WarningSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def warnings(self, request):
        rows = red_card_warnings(user=request.user, today=timezone.localdate())
        return Response(
            [{"card": s.CardSerializer(w.card).data, "until": w.until.isoformat() if w.until else None} for w in rows]
        )

    @extend_schema(request=inputs.ReasonInput, responses=s.CardSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        card = get_object_or_404(decidable_cards(user=request.user), pk=pk)
        data = validated(inputs.ReasonInput(data=request.data))
        return self._output(card_approve(card=card, actor=request.user, reason=data.get("reason", "")))

    @extend_schema(request=inputs.RequiredReasonInput, responses=s.CardSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        card = get_object_or_404(decidable_cards(user=request.user), pk=pk)
        data = validated(inputs.RequiredReasonInput(data=request.data))
        return self._output(card_reject(card=card, actor=request.user, reason=data["reason"]))
