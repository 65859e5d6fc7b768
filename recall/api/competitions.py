"""Competition losses (落聘) through the API: staff read those of their units; HR over a cadre records one."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org.permissions import HRWrite, Staff
from org.roles import ROLE_HR
from org.selectors import cadres_in_scope
from recall.api import inputs
from recall.api import serializers as s
from recall.models import CompetitionLoss
from recall.selectors.cases import competition_loss_list
from recall.services.competitions import competition_loss_record


class CompetitionLossViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = CompetitionLoss.objects.none()
    serializer_class = s.CompetitionLossSerializer
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite]}

    def get_queryset(self):
        return competition_loss_list(user=self.request.user).order_by("-held_on", "pk")

    @extend_schema(request=inputs.CompetitionLossInput, responses=s.CompetitionLossSerializer)
    def create(self, request, *args, **kwargs):
        cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,))
        data = validated(inputs.CompetitionLossInput(data=request.data, querysets={"cadre": cadres}))
        loss = competition_loss_record(
            cadre=data["cadre"],
            competition=data["competition"],
            held_on=data["held_on"],
            post_sought=data.get("post_sought", ""),
            note=data.get("note", ""),
            actor=request.user,
        )
        return Response(s.CompetitionLossSerializer(loss).data, status=201)
