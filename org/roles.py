"""Who a user is in the product: which roles, over which units. Computed once per request."""

from dataclasses import dataclass, field

from django.db.models import Q

from org.models import Cadre, RoleAssignment

ROLE_ADMIN = "admin"
ROLE_HR = RoleAssignment.Role.HR
ROLE_COMMITTEE = RoleAssignment.Role.COMMITTEE
ROLE_RATER = RoleAssignment.Role.RATER
ROLE_CADRE = "cadre"
# 三员分立: the three administrators (security.models.AdminRole), each holding a part of the administration alone.
ROLE_SYSADMIN = "sysadmin"
ROLE_SECADMIN = "secadmin"
ROLE_AUDITADMIN = "auditadmin"
ADMIN_ROLES = (ROLE_SYSADMIN, ROLE_SECADMIN, ROLE_AUDITADMIN)


@dataclass
class UserRoles:
    is_admin: bool = False
    cadre: Cadre | None = None
    admin_role: str | None = None  # one of ADMIN_ROLES
    # role -> list of (organization_id, unit path or None for the whole organization)
    scopes: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)

    def has(self, role: str) -> bool:
        if role == ROLE_ADMIN:
            return self.is_admin
        if role == ROLE_CADRE:
            return self.cadre is not None
        if role in ADMIN_ROLES:
            return self.admin_role == role
        return bool(self.scopes.get(role))

    @property
    def names(self) -> list[str]:
        order = [ROLE_ADMIN, *ADMIN_ROLES, ROLE_HR, ROLE_COMMITTEE, ROLE_RATER, ROLE_CADRE]
        return [r for r in order if self.has(r)]

    def unit_q(self, *roles: str, prefix: str = "") -> Q:
        """A filter on Unit (or, with `prefix`, on a row pointing to a unit) for the units these roles cover.
        Matches nothing when the user holds none of them."""
        q = Q(pk__in=[])
        for role in roles:
            for organization_id, path in self.scopes.get(role, []):
                if path is None:
                    q |= Q(**{f"{prefix}organization_id": organization_id})
                else:
                    q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def organization_ids(self, *roles: str) -> set[int]:
        return {org_id for role in roles for org_id, _ in self.scopes.get(role, [])}


def get_roles(user) -> UserRoles:
    if not getattr(user, "is_authenticated", False):
        return UserRoles()
    cached = getattr(user, "_cadre_roles", None)
    if cached is not None:
        return cached
    roles = UserRoles(is_admin=user.is_superuser)
    if user.is_staff and not user.is_superuser:
        # Only staff accounts can hold an administrator role, so nobody else pays the query. (The reverse accessor
        # is security's: org does not import it.)
        held = getattr(user, "admin_role", None)
        roles.admin_role = held.role if held is not None else None
    roles.cadre = Cadre.objects.select_related("unit", "organization").filter(user=user).first()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        roles.scopes.setdefault(assignment.role, []).append(
            (assignment.organization_id, assignment.unit.path if assignment.unit is not None else None)
        )
    user._cadre_roles = roles
    return roles
