"""Where a user's roster may write: the HR write scope of org.scopes (HR staff in the units of their scope, the
admin anywhere), under the roster's names."""

from org.scopes import WHOLE_ORGANIZATION, WriteScope
from org.scopes import hr_organizations as roster_organizations
from org.scopes import hr_scope as roster_scope

RosterScope = WriteScope

__all__ = ["WHOLE_ORGANIZATION", "RosterScope", "roster_organizations", "roster_scope"]
