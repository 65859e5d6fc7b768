"""The organization and year an analytics endpoint reads (`?organization=`, `?year=`; the first organization and the
newest year by default): 404 for an organization outside the caller's reach, a field error for a year without a
scheme."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from analytics.selectors.scope import BadChoice, Choice, choice_of

PARAMETERS = [
    OpenApiParameter("organization", int, description="机构编号,默认第一个"),
    OpenApiParameter("year", int, description="年度,默认最新的有考核方案的年度"),
]


def api_choice(request) -> Choice:
    try:
        choice = choice_of(
            user=request.user,
            organization=request.query_params.get("organization", ""),
            year=request.query_params.get("year", ""),
        )
    except BadChoice as e:
        raise serializers.ValidationError({e.field: [e.message]}) from None
    return choice


def choice_fields(choice: Choice) -> dict:
    return {"organization": choice.organization.pk if choice.organization else None, "year": choice.year}
