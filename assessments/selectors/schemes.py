"""Reads of schemes, scoped to the user: HR and the party committee see the schemes of their organizations."""

from django.db.models import QuerySet

from assessments.models import Scheme
from org.roles import get_roles
from org.selectors import STAFF_ROLES


def scheme_list(*, user, roles=STAFF_ROLES) -> QuerySet[Scheme]:
    qs = Scheme.objects.select_related("organization")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(organization_id__in=r.organization_ids(*roles))
