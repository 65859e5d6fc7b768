"""Who may act on what in tenure, as the services check it (the selectors scope what is shown the same way):

- organization-wide HR (and the admin) set the policy and run the evaluation rounds, which rank the whole
  organization;
- HR within its units records terms' goals, reviews them, runs audits;
- the party committee within its units approves goals, confirms evaluations and records placements (the admin does
  not decide in the committee's place);
- a cadre acts on their own records (replies to an audit's draft, proposes goals for the unit they lead).
"""

from org.models import Cadre, Organization, Unit
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.scopes import hr_scope


def org_wide_hr(user, organization: Organization | int) -> bool:
    organization_id = organization if isinstance(organization, int) else organization.pk
    roles = get_roles(user)
    if roles.is_admin:
        return True
    return any(org_id == organization_id and path is None for org_id, path in roles.scopes.get(ROLE_HR, []))


def _covers(user, role: str, unit: Unit) -> bool:
    roles = get_roles(user)
    for org_id, path in roles.scopes.get(role, []):
        if org_id == unit.organization_id and (path is None or unit.path.startswith(path)):
            return True
    return False


def hr_covers(user, unit: Unit) -> bool:
    """HR whose units hold `unit`, or the admin."""
    if get_roles(user).is_admin:
        return True
    scope = hr_scope(user=user, organization=unit.organization)
    return scope is not None and scope.covers(unit.path)


def committee_covers(user, unit: Unit) -> bool:
    """A member of the party committee whose units hold `unit` (never the admin by virtue of being one)."""
    return _covers(user, ROLE_COMMITTEE, unit)


def staff_covers(user, unit: Unit) -> bool:
    return hr_covers(user, unit) or committee_covers(user, unit)


def own_cadre(user) -> Cadre | None:
    return get_roles(user).cadre


def is_own(user, cadre: Cadre) -> bool:
    mine = own_cadre(user)
    return mine is not None and mine.pk == cadre.pk


def is_hr(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)
