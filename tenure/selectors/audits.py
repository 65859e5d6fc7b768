"""Reads of economic responsibility audits, already scoped to the user: HR and the committee see the audits of
cadres in their units, a cadre their own, the admin all."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from org.roles import ROLE_HR, get_roles
from org.selectors import rows_of_visible_cadres
from tenure.models import EconomicAudit


def _base() -> QuerySet[EconomicAudit]:
    return EconomicAudit.objects.select_related(
        "organization", "cadre", "cadre__unit", "appointment", "appointment__post", "appointment__post__unit"
    )


def audit_list(*, user) -> QuerySet[EconomicAudit]:
    return rows_of_visible_cadres(_base(), user=user)


def hr_audits(*, user) -> QuerySet[EconomicAudit]:
    """What HR may act on: the audits of cadres in its units."""
    roles = get_roles(user)
    if roles.is_admin:
        return _base()
    return _base().filter(roles.unit_q(ROLE_HR, prefix="cadre__unit__"))


def own_audits(*, user) -> QuerySet[EconomicAudit]:
    cadre = get_roles(user).cadre
    if cadre is None:
        return EconomicAudit.objects.none()
    return _base().filter(cadre=cadre)


def state_counts(qs: QuerySet[EconomicAudit]) -> dict[str, int]:
    counts = dict.fromkeys(EconomicAudit.State.values, 0)
    for row in qs.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return counts
