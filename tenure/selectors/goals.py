"""Reads of term goals, already scoped to the user: HR and the committee see the goals of units in their scope; a
cadre sees the goals of the units they hold (or held) a post in — their team's shared goals and their own. The
public listing (公示) shows every approved goal of an organization to every signed-in member of it, where the policy
says goals are published, within the range `public_goals` describes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from tenure.models import TermGoal
from tenure.selectors.policy import PolicyBook

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)


def _base() -> QuerySet[TermGoal]:
    return TermGoal.objects.select_related("organization", "unit", "cadre", "proposed_by", "reviewed_by", "approved_by")


def goal_list(*, user) -> QuerySet[TermGoal]:
    roles = get_roles(user)
    if roles.is_admin:
        return _base()
    q = roles.unit_q(*STAFF_ROLES, prefix="unit__")
    if roles.cadre is not None:
        q |= Q(unit__posts__appointments__cadre=roles.cadre) & (
            Q(responsibility=TermGoal.Responsibility.SHARED) | Q(cadre=roles.cadre)
        )
    return _base().filter(q).distinct()


def awaiting_review(*, user) -> QuerySet[TermGoal]:
    roles = get_roles(user)
    qs = _base().filter(state=TermGoal.State.PROPOSED)
    return qs if roles.is_admin else qs.filter(roles.unit_q(ROLE_HR, prefix="unit__"))


def awaiting_approval(*, user) -> QuerySet[TermGoal]:
    roles = get_roles(user)
    return _base().filter(state=TermGoal.State.REVIEWED).filter(roles.unit_q(ROLE_COMMITTEE, prefix="unit__"))


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.split("/") if part]


def public_goals(*, user) -> QuerySet[TermGoal]:
    """The approved goals publicly listed to the user (公示, 在一定范围内): those of the units in their staff scope,
    and, for a cadre, those of their own unit and the units above it — the people a unit's leaders answer to —
    in organizations whose policy in effect publishes them."""
    roles = get_roles(user)
    qs = _base().filter(state=TermGoal.State.APPROVED)
    if not roles.is_admin:
        q = roles.unit_q(*STAFF_ROLES, prefix="unit__")
        if roles.cadre is not None:
            q |= Q(unit_id__in=_ancestor_ids(roles.cadre.unit.path))
        qs = qs.filter(q)
    organization_ids = set(qs.order_by().values_list("organization_id", flat=True).distinct())
    published = [
        organization_id
        for organization_id in sorted(organization_ids)
        if (policy := PolicyBook.of(organization_id).at(None)) is not None and policy.goals_public
    ]
    return qs.filter(organization_id__in=published)
