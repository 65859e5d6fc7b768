"""Reads of commitment letters, already scoped to the user: HR and the party committee see the letters of cadres in
their units, a cadre his own, the admin all; anyone else nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from demotion.models import CommitmentLetter, StepDownPolicy
from org.models import Organization, RoleAssignment
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import organization_list, rows_of_visible_cadres

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)

# The list's filters: every unsigned letter, the unsigned ones past their due date, the signed ones.
UNSIGNED, OVERDUE, SIGNED = "unsigned", "overdue", "signed"
STATUS_FILTERS = (UNSIGNED, OVERDUE, SIGNED)


def _base() -> QuerySet[CommitmentLetter]:
    return CommitmentLetter.objects.select_related(
        "organization", "cadre", "cadre__unit", "appointment", "appointment__post", "appointment__post__unit"
    )


def letter_list(*, user) -> QuerySet[CommitmentLetter]:
    """The letters of cadres in the user's staff scope (HR, committee)."""
    roles = get_roles(user)
    if roles.is_admin:
        return _base()
    return _base().filter(roles.unit_q(*STAFF_ROLES, prefix="cadre__unit__"))


def letter_visible(*, user) -> QuerySet[CommitmentLetter]:
    """What a user may open: the letters in his staff scope and his own."""
    return rows_of_visible_cadres(_base(), user=user)


def my_letters(*, user) -> QuerySet[CommitmentLetter]:
    cadre = get_roles(user).cadre
    if cadre is None:
        return CommitmentLetter.objects.none()
    return _base().filter(cadre=cadre).order_by("-appointment__start_date", "-id")


def letters_filtered(qs: QuerySet[CommitmentLetter], status: str, today: datetime.date) -> QuerySet:
    if status == UNSIGNED:
        return qs.filter(signed_at__isnull=True)
    if status == OVERDUE:
        return qs.filter(signed_at__isnull=True, due_date__lt=today)
    if status == SIGNED:
        return qs.filter(signed_at__isnull=False)
    return qs


def letter_counts(qs: QuerySet[CommitmentLetter], today: datetime.date) -> dict[str, int]:
    """How many letters each filter shows (one query)."""
    return qs.order_by().aggregate(
        all=Count("pk"),
        unsigned=Count("pk", filter=Q(signed_at__isnull=True)),
        overdue=Count("pk", filter=Q(signed_at__isnull=True, due_date__lt=today)),
        signed=Count("pk", filter=Q(signed_at__isnull=False)),
    )


@dataclass(frozen=True)
class LetterStatus:
    code: str  # pending / overdue / signed / signed_late
    label: str
    days_overdue: int = 0


def letter_status(letter: CommitmentLetter, today: datetime.date) -> LetterStatus:
    if letter.signed_at is not None:
        signed_on = timezone.localtime(letter.signed_at).date()
        if signed_on > letter.due_date:
            return LetterStatus("signed_late", _("逾期签署"), (signed_on - letter.due_date).days)
        return LetterStatus("signed", _("已签署"))
    if today > letter.due_date:
        return LetterStatus("overdue", _("已逾期"), (today - letter.due_date).days)
    return LetterStatus("pending", _("待签署"))


def hr_users_covering(unit):
    """HR users whose scope covers the unit: organization-wide HR of its organization and HR of a subtree holding
    it (the people told when a letter is overdue)."""
    ancestors = _path_prefixes(unit.path)
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=unit.organization_id,
        )
        .filter(Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit__path__in=ancestors))
        .distinct()
        .order_by("pk")
    )


def _path_prefixes(path: str) -> list[str]:
    """The unit paths whose subtree holds the unit: "/1/5/9/" gives "/1/", "/1/5/" and "/1/5/9/"."""
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def policy_organizations(*, user) -> QuerySet[Organization]:
    """The organizations whose policy the user may read (staff of it, or the admin)."""
    return organization_list(user=user).order_by("name", "pk")


def policy_for(organization: Organization) -> StepDownPolicy | None:
    return StepDownPolicy.objects.filter(organization=organization).first()
