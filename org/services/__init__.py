"""Every write to org data, one module per topic. Keyword-only, atomic, validated, audited.

structure       organizations, units, posts and headcounts as the system builds them (demo, roster import)
units, posts    HR's upkeep of the unit tree and its posts, within the HR user's scope
cadres          cadres as the system creates and changes them; cadre_upkeep: HR's add, edit and leave
appointments    appointments started and ended (and HR's record and dismiss, with the decision document)
groups          assessment groups and their members (a year's groups are fixed once it is computed)
accounts        cadres' logins, activation codes, lock and unlock
organizations   a new organization with its first HR user
records         role assignments and sanction records
scope           the HR write scope as the services check it
"""

from org.services.accounts import (
    account_activate,
    account_activation_issue,
    account_lock,
    account_plan,
    account_unlock,
    activation_sheet_plan,
    cadre_account_ensure,
    user_activation_issue,
)
from org.services.appointments import (
    HR_END_REASONS,
    appointment_bulk_end,
    appointment_bulk_start,
    appointment_dismiss,
    appointment_end,
    appointment_probation_set,
    appointment_record,
    appointment_start,
)
from org.services.cadre_upkeep import cadre_add, cadre_edit, cadre_leave
from org.services.cadres import CADRE_FIELDS, cadre_bulk_create, cadre_create, cadre_update
from org.services.groups import (
    group_create,
    group_member_bulk_set,
    group_member_move,
    group_member_set,
    require_year_open,
)
from org.services.organizations import organization_setup
from org.services.posts import post_add, post_end
from org.services.records import role_assign, sanction_record_create
from org.services.structure import organization_create, post_create, post_update_headcount, unit_create
from org.services.units import unit_add, unit_close, unit_leftovers, unit_move, unit_rename

__all__ = [
    "CADRE_FIELDS",
    "HR_END_REASONS",
    "account_activate",
    "account_activation_issue",
    "account_lock",
    "account_plan",
    "account_unlock",
    "activation_sheet_plan",
    "appointment_bulk_end",
    "appointment_bulk_start",
    "appointment_dismiss",
    "appointment_end",
    "appointment_probation_set",
    "appointment_record",
    "appointment_start",
    "cadre_account_ensure",
    "cadre_add",
    "cadre_bulk_create",
    "cadre_create",
    "cadre_edit",
    "cadre_leave",
    "cadre_update",
    "group_create",
    "group_member_bulk_set",
    "group_member_move",
    "group_member_set",
    "organization_create",
    "organization_setup",
    "post_add",
    "post_create",
    "post_end",
    "post_update_headcount",
    "require_year_open",
    "role_assign",
    "sanction_record_create",
    "unit_add",
    "unit_close",
    "unit_create",
    "unit_leftovers",
    "unit_move",
    "unit_rename",
    "user_activation_issue",
]
