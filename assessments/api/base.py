"""What every assessments endpoint shares: who may call which action, and input errors keyed like the forms. The
generic pieces live in common.api and org.permissions; they are re-exported here for the assessments endpoints."""

from common.api import ActionPermissions, flatten_errors, validated  # noqa: F401
from org.permissions import Committee, HasRole, HRWrite, Staff, StaffOrCadre  # noqa: F401
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, ROLE_RATER, get_roles

Scorers = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_RATER)
Raters = HasRole.of(ROLE_RATER)
RecordReaders = StaffOrCadre


def is_staff(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR) or roles.has(ROLE_COMMITTEE)
