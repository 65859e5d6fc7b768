"""Recall batches through the API: staff read the batches of their organizations; HR of the whole organization
creates one, proposes its candidates from the data (`propose/`) and closes its nominations (`close/`)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org.permissions import HRWrite, Staff
from org.selectors import organization_list
from recall.api import inputs
from recall.api import serializers as s
from recall.models import RecallBatch
from recall.selectors.cases import batch_list
from recall.services.batches import recall_batch_close, recall_batch_create, recall_batch_propose

ProposalSerializer = inline_serializer(
    "RecallProposal",
    {
        "proposed": serializers.ListField(child=serializers.IntegerField()),
        "skipped": serializers.ListField(
            child=inline_serializer(
                "RecallSkipped",
                {
                    "cadre": serializers.IntegerField(),
                    "what": serializers.CharField(),
                    "reason": serializers.CharField(),
                },
            )
        ),
    },
)


class BatchViewSet(
    ActionPermissions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = RecallBatch.objects.none()
    serializer_class = s.BatchSerializer
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "propose": [HRWrite], "close": [HRWrite]}

    def get_queryset(self):
        return batch_list(user=self.request.user)

    @extend_schema(request=inputs.BatchInput, responses=s.BatchSerializer)
    def create(self, request, *args, **kwargs):
        data = validated(
            inputs.BatchInput(data=request.data, querysets={"organization": organization_list(user=request.user)})
        )
        batch = recall_batch_create(
            organization=data["organization"],
            name=data["name"],
            year=data["year"],
            note=data.get("note", ""),
            actor=request.user,
        )
        return Response(s.BatchSerializer(batch).data, status=201)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        batch = get_object_or_404(batch_list(user=request.user), pk=pk)
        result = recall_batch_propose(batch=batch, actor=request.user)
        return Response(
            {
                "proposed": [case.pk for case in result.proposed],
                "skipped": [{"cadre": x.cadre.pk, "what": x.what, "reason": x.reason} for x in result.skipped],
            }
        )

    @extend_schema(request=None, responses=s.BatchSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        batch = get_object_or_404(batch_list(user=request.user), pk=pk)
        return Response(s.BatchSerializer(recall_batch_close(batch=batch, actor=request.user)).data)
