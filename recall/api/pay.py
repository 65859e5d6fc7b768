"""The pay linkage report through the API: `?from=YYYY-MM&to=YYYY-MM` (default: this year so far), the rows of the
cadres in one's scope."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from org.permissions import Staff
from recall.api import serializers as s
from recall.selectors.cards import staff_cards
from recall.selectors.cases import staff_cases
from recall.selectors.pay import month_end, pay_rows


def _month(request, name: str, default: datetime.date) -> datetime.date:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()
    except ValueError as exc:
        raise ValidationError({name: [_("请写作 YYYY-MM。")]}) from exc


class PayViewSet(viewsets.ViewSet):
    permission_classes = [Staff]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM"),
            OpenApiParameter("to", str, description="YYYY-MM"),
        ],
        responses=s.PayRowSerializer(many=True),
    )
    def list(self, request):
        today = timezone.localdate()
        first = _month(request, "from", today.replace(month=1, day=1))
        last = month_end(_month(request, "to", today.replace(day=1)))
        if last < first:
            raise ValidationError({"to": [_("结束月份不能早于开始月份。")]})
        rows = pay_rows(
            cases=staff_cases(user=request.user), cards=staff_cards(user=request.user), first=first, last=last
        )
        return Response(s.PayRowSerializer(rows, many=True).data)
