"""Where a user's roster may write: HR staff import into the units of their scope, the admin anywhere."""

from dataclasses import dataclass

from django.db.models import QuerySet

from org.models import Organization
from org.roles import ROLE_HR, get_roles


@dataclass(frozen=True)
class RosterScope:
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


WHOLE_ORGANIZATION = RosterScope()


def roster_scope(*, user, organization: Organization) -> RosterScope | None:
    """None when the user may not import into this organization at all."""
    roles = get_roles(user)
    if roles.is_admin:
        return WHOLE_ORGANIZATION
    paths = [path for org_id, path in roles.scopes.get(ROLE_HR, []) if org_id == organization.pk]
    if not paths:
        return None
    if any(path is None for path in paths):
        return WHOLE_ORGANIZATION
    return RosterScope(paths=tuple(sorted(paths)))


def roster_organizations(*, user) -> QuerySet[Organization]:
    roles = get_roles(user)
    if roles.is_admin:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=roles.organization_ids(ROLE_HR))
