"""Who is told: the HR users and committee members whose units hold a unit (the recipients of reminders and
escalations)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from org.models import RoleAssignment, Unit


def _path_prefixes(path: str) -> list[str]:
    """ "/1/5/9/" gives "/1/", "/1/5/" and "/1/5/9/": the unit paths whose subtree holds the unit."""
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def users_covering(unit: Unit, role: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(role_assignments__role=role, role_assignments__organization_id=unit.organization_id)
        .filter(Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit__path__in=_path_prefixes(unit.path)))
        .distinct()
        .order_by("pk")
    )


def hr_users_covering(unit: Unit) -> QuerySet:
    return users_covering(unit, RoleAssignment.Role.HR)


def committee_users_covering(unit: Unit) -> QuerySet:
    return users_covering(unit, RoleAssignment.Role.COMMITTEE)
