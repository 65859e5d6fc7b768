"""The organization-level scopes the topic modules share: which organizations a user works for, in which roles (the
unit-level scopes are org.selectors')."""

from django.db.models import QuerySet

from org.roles import ROLE_HR, get_roles
from org.selectors import STAFF_ROLES

# Writes by HR are scoped by the HR role alone (a user who is also on the party committee gains no write scope from it).
HR_ONLY = (ROLE_HR,)


def staff_organization_ids(user, roles=STAFF_ROLES) -> set[int] | None:
    """The organizations the user works for in these roles; None for the admin (every organization)."""
    r = get_roles(user)
    return None if r.is_admin else r.organization_ids(*roles)


def in_organizations(qs: QuerySet, ids: set[int] | None, field: str = "organization_id") -> QuerySet:
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})
