"""Reads of step-down cases, scoped to the user: HR and the party committee see the cases of cadres in their units,
a cadre their own, the administrator all."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from demotion.models import StepDownCase
from org.models import Post
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import rows_of_visible_cadres

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)
RELATED = [
    "cadre",
    "cadre__unit",
    "cadre__user",
    "appointment__post__unit",
    "new_post__unit",
    "applied_by",
    "decided_by",
    "executed_by",
    "measure",
]
AWAITING_DECISION = (StepDownCase.State.APPLIED, StepDownCase.State.ESCALATED)


def _base() -> QuerySet[StepDownCase]:
    return StepDownCase.objects.select_related(*RELATED)


def stepdown_case_list(*, user) -> QuerySet[StepDownCase]:
    """Every case the user may open: staff in scope, and one's own."""
    return rows_of_visible_cadres(_base(), user=user)


def staff_case_list(*, user) -> QuerySet[StepDownCase]:
    """The cases of the cadres in the user's staff scope (not one's own as a cadre)."""
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(*STAFF_ROLES, prefix="cadre__unit__"))


def own_cases(*, user) -> QuerySet[StepDownCase]:
    cadre = get_roles(user).cadre
    if cadre is None:
        return StepDownCase.objects.none()
    return _base().filter(cadre_id=cadre.pk)


def decidable_cases(*, user) -> QuerySet[StepDownCase]:
    """Cases of the party committee's units (the committee decides; the administrator does not)."""
    return _base().filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__"))


def hr_cases(*, user) -> QuerySet[StepDownCase]:
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(ROLE_HR, prefix="cadre__unit__"))


def awaiting_decision(*, user) -> QuerySet[StepDownCase]:
    """For the committee's 待决事项: applications to decide and escalated cases to settle, oldest deadline first."""
    return decidable_cases(user=user).filter(state__in=AWAITING_DECISION).order_by("deadline", "pk")


def state_counts(qs: QuerySet[StepDownCase]) -> dict[str, int]:
    """{state: count} over the queryset, every state present (one query)."""
    rows = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    return {value: rows.get(value, 0) for value in StepDownCase.State.values}


def posts_of_organization(organization_id: int) -> QuerySet[Post]:
    """The posts a new assignment may name: any post of the case's organization."""
    return (
        Post.objects.filter(unit__organization_id=organization_id).select_related("unit").order_by("unit__path", "name")
    )
