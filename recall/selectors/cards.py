"""Reads of cards, scoped to the user: HR and the committee see the cards of cadres in their units, a cadre their
own, the administrator all. And the warnings: cadres one yellow card away from a red one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from common.workdays import add_months
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import rows_of_visible_cadres
from recall.models import Card, RecallPolicy
from recall.selectors.policies import policy_in_force

RELATED = ["cadre", "cadre__unit", "cadre__user", "recorded_by", "decided_by", "red_card", "policy"]


def _base() -> QuerySet[Card]:
    return Card.objects.select_related(*RELATED)


def card_list(*, user) -> QuerySet[Card]:
    """Every card the user may open: staff in scope, and one's own."""
    return rows_of_visible_cadres(_base(), user=user)


def staff_cards(*, user) -> QuerySet[Card]:
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(ROLE_HR, ROLE_COMMITTEE, prefix="cadre__unit__"))


def own_cards(*, user) -> QuerySet[Card]:
    cadre = get_roles(user).cadre
    return _base().filter(cadre_id=cadre.pk) if cadre else Card.objects.none()


def decidable_cards(*, user) -> QuerySet[Card]:
    """Cards of the committee's units (the committee decides; the administrator does not)."""
    return _base().filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__"))


def hr_cards(*, user) -> QuerySet[Card]:
    r = get_roles(user)
    if r.is_admin:
        return _base()
    return _base().filter(r.unit_q(ROLE_HR, prefix="cadre__unit__"))


@dataclass(frozen=True)
class Warning:
    """A cadre with an approved yellow card not yet part of a red one, whose window is still open: one more yellow
    card by `until` (None: at any time) makes a red card."""

    card: Card
    until: datetime.date | None


def red_card_warnings(*, user, today: datetime.date) -> list[Warning]:
    warnings = []
    yellows = staff_cards(user=user).filter(
        color=Card.Color.YELLOW, state=Card.State.APPROVED, red_card__isnull=True, policy__isnull=False
    )
    in_force: dict[int, RecallPolicy | None] = {}  # one query per organization, not per card
    for card in yellows.order_by("issued_on", "pk"):
        if card.organization_id not in in_force:
            in_force[card.organization_id] = policy_in_force(card.organization_id, today)
        policy = in_force[card.organization_id] or card.policy
        assert policy is not None  # policy__isnull=False
        months = policy.card_window_months
        until = add_months(card.issued_on, months) if months is not None else None
        if until is None or until >= today:
            warnings.append(Warning(card=card, until=until))
    return warnings
