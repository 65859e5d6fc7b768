from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from notices import selectors, serializers, services
from org.permissions import HasRole
from org.roles import ROLE_ADMIN, ROLE_HR


class InboxView(generics.ListAPIView):
    """The signed-in user's own notices, newest first; `?unread=true` for unread ones only."""

    serializer_class = serializers.NoticeSerializer
    filter_backends = []

    @extend_schema(parameters=[serializers.InboxQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = serializers.InboxQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.inbox_for(self.request.user, unread=query.validated_data["unread"])


class MarkReadView(APIView):
    """Marks one of one's own notices read; anybody else's notice is not found."""

    @extend_schema(request=None, responses=serializers.NoticeSerializer)
    def post(self, request, pk):
        notice = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
        notice = services.notice_mark_read(notice=notice, user=request.user)
        return Response(serializers.NoticeSerializer(notice).data)


class MarkAllReadView(APIView):
    @extend_schema(request=None, responses=serializers.MarkAllReadResultSerializer)
    def post(self, request):
        marked = services.notice_mark_all_read(user=request.user)
        return Response({"marked": marked}, status=status.HTTP_200_OK)


class DeadlineListView(generics.GenericAPIView):
    """Open deadlines in the user's scope (HR: their units; admin: all), overdue first."""

    permission_classes = [HasRole.of(ROLE_ADMIN, ROLE_HR)]
    serializer_class = serializers.DeadlineRowSerializer
    filter_backends = []

    @extend_schema(
        parameters=[serializers.DeadlineQuerySerializer(user=None)],
        responses=serializers.DeadlineRowSerializer(many=True),
    )
    def get(self, request):
        query = serializers.DeadlineQuerySerializer(data=request.query_params, user=request.user)
        query.is_valid(raise_exception=True)
        rows = selectors.deadline_rows(
            request.user,
            kind=query.validated_data.get("kind") or None,
            unit=query.validated_data.get("unit"),
            today=timezone.localdate(),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
