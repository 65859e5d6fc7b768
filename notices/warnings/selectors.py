"""Reads of the catalog: which kinds are on for which organization (a kind with no switch row is on)."""

from __future__ import annotations

from dataclasses import dataclass

from notices.models import WarningSwitch
from notices.warnings.registry import WarningKind, get_warning, warning_kinds
from org.models import Organization
from org.roles import ROLE_HR, get_roles


def warning_enabled(code: str, organization_id: int) -> bool:
    return not WarningSwitch.objects.filter(organization_id=organization_id, kind=code, enabled=False).exists()


def disabled_organization_ids(code: str) -> set[int]:
    return set(WarningSwitch.objects.filter(kind=code, enabled=False).values_list("organization_id", flat=True))


def enabled_organization_ids(code: str) -> set[int]:
    return set(Organization.objects.exclude(pk__in=disabled_organization_ids(code)).values_list("pk", flat=True))


@dataclass(frozen=True)
class CatalogRow:
    kind: WarningKind
    enabled: bool

    @property
    def code(self) -> str:
        return self.kind.code


def catalog_for(organization: Organization) -> list[CatalogRow]:
    off = set(WarningSwitch.objects.filter(organization=organization, enabled=False).values_list("kind", flat=True))
    return [CatalogRow(kind=kind, enabled=kind.code not in off) for kind in warning_kinds()]


def switch_organizations(*, user) -> list[Organization]:
    """The organizations whose switches the user may set: those where the user is HR of the whole bureau (an HR
    role without a unit). A unit's HR, the committee and the system administrator may not."""
    roles = get_roles(user)
    ids = {org_id for org_id, path in roles.scopes.get(ROLE_HR, []) if path is None}
    return list(Organization.objects.filter(pk__in=ids).order_by("code"))


def known_kind(code: str) -> bool:
    return get_warning(code) is not None


def _path_prefixes(path: str) -> list[str]:
    """ "/1/5/9/" gives "/1/", "/1/5/" and "/1/5/9/": the unit paths whose subtree holds the unit."""
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def hr_users_covering(unit):
    """The HR users whose scope holds the unit (the whole bureau's HR, and HR of a unit above or at it): who a
    warning about a cadre of the unit is told to."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from org.models import RoleAssignment

    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=RoleAssignment.Role.HR, role_assignments__organization_id=unit.organization_id
        )
        .filter(Q(role_assignments__unit__isnull=True) | Q(role_assignments__unit__path__in=_path_prefixes(unit.path)))
        .distinct()
        .order_by("pk")
    )
