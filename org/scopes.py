"""Where a user may change the organization: HR staff within the unit subtrees of their HR role, the admin
anywhere. Reads use the selectors' scopes (org.selectors); this is the same rule for writes, shared by the roster
import and the upkeep services."""

from dataclasses import dataclass

from django.db.models import QuerySet

from org.models import Organization
from org.roles import ROLE_HR, get_roles


@dataclass(frozen=True)
class WriteScope:
    # None: the whole organization, new units under its root included; else the subtrees under these unit paths.
    paths: tuple[str, ...] | None = None

    @property
    def is_whole_organization(self) -> bool:
        return self.paths is None

    def covers(self, unit_path: str | None) -> bool:
        """`unit_path` None stands for a unit that does not exist yet above every existing one (a new root)."""
        if self.paths is None:
            return True
        return unit_path is not None and any(unit_path.startswith(p) for p in self.paths)

    def is_root(self, unit_path: str) -> bool:
        """The unit is the top of one of the subtrees (the unit an HR role names): it is in scope, its parent not."""
        return self.paths is not None and unit_path in self.paths


WHOLE_ORGANIZATION = WriteScope()


def hr_scope(*, user, organization: Organization) -> WriteScope | None:
    """None when the user may not change this organization at all."""
    roles = get_roles(user)
    if roles.is_admin:
        return WHOLE_ORGANIZATION
    paths = [path for org_id, path in roles.scopes.get(ROLE_HR, []) if org_id == organization.pk]
    if not paths:
        return None
    if any(path is None for path in paths):
        return WHOLE_ORGANIZATION
    return WriteScope(paths=tuple(sorted(path for path in paths if path is not None)))


def hr_organizations(*, user) -> QuerySet[Organization]:
    roles = get_roles(user)
    if roles.is_admin:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=roles.organization_ids(ROLE_HR))
