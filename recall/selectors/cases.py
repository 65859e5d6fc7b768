"""Reads of recall cases and batches, scoped to the user: HR and the party committee see the cases of cadres in their
units, a cadre their own, the administrator all. A batch is seen by the staff of its organization."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import organization_list, rows_of_visible_cadres
from recall.models import CompetitionLoss, RecallBatch, RecallCase

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)
RELATED = [
    "cadre",
    "cadre__unit",
    "cadre__user",
    "batch",
    "category",
    "policy",
    "home_unit",
    "appointment__post__unit",
    "placement_unit",
    "return_post__unit",
    "reassign_post__unit",
    "card",
    "competition_loss",
    "decided_by",
    "ordered_by",
]


def _base() -> QuerySet[RecallCase]:
    return RecallCase.objects.select_related(*RELATED)


def case_list(*, user) -> QuerySet[RecallCase]:
    """Every case the user may open: staff in scope, and one's own."""
    return rows_of_visible_cadres(_base(), user=user)


def staff_cases(*, user) -> QuerySet[RecallCase]:
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(*STAFF_ROLES, prefix="cadre__unit__"))


def own_cases(*, user) -> QuerySet[RecallCase]:
    cadre = get_roles(user).cadre
    return _base().filter(cadre_id=cadre.pk) if cadre else RecallCase.objects.none()


def hr_cases(*, user) -> QuerySet[RecallCase]:
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(ROLE_HR, prefix="cadre__unit__"))


def decidable_cases(*, user) -> QuerySet[RecallCase]:
    return _base().filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__"))


def awaiting_decision(*, user) -> QuerySet[RecallCase]:
    """For the committee's 待决事项: proposals not yet decided, oldest first."""
    return (
        decidable_cases(user=user)
        .filter(state=RecallCase.State.PROPOSED, decided_at__isnull=True)
        .order_by("created_at", "pk")
    )


def state_counts(qs: QuerySet[RecallCase]) -> dict[str, int]:
    rows = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    return {value: rows.get(value, 0) for value in RecallCase.State.values}


def batch_list(*, user) -> QuerySet[RecallBatch]:
    return (
        RecallBatch.objects.filter(organization__in=organization_list(user=user))
        .select_related("organization", "created_by")
        .order_by("-created_at", "-pk")
    )


def competition_loss_list(*, user) -> QuerySet[CompetitionLoss]:
    r = get_roles(user)
    qs = CompetitionLoss.objects.select_related("cadre", "cadre__unit", "recorded_by")
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(*STAFF_ROLES, prefix="cadre__unit__"))


def hr_competition_losses(*, user) -> QuerySet[CompetitionLoss]:
    r = get_roles(user)
    qs = CompetitionLoss.objects.select_related("cadre", "cadre__unit", "recorded_by")
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(ROLE_HR, prefix="cadre__unit__"))
