"""The logins a roster gives: every cadre of the roster without one gets a login to activate (a new user named by
CADRE_USERNAME_FORMAT, or the existing user of that name), as org.services.accounts.cadre_account_ensure makes it.
A cadre who cannot have one (the name is taken by another cadre's login, or by an account the administrator
manages) is imported all the same, with a warning in the preview."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from org.models import Cadre, Organization
from org.roster import columns as col
from org.roster.issues import RosterIssue
from org.services.accounts import account_plan


@dataclass(eq=False)
class NewCadre:
    """A cadre the roster will create, as far as planning a login needs one (a model instance costs more)."""

    organization: Organization
    employee_no: str
    name: str
    pk: None = None
    user_id: None = None
    is_current: bool = True


def plan_logins(
    *, organization: Organization, plan, existing: list[tuple[int, Cadre]]
) -> tuple[list[str], list[Cadre], list[RosterIssue]]:
    """(the 工号 of the cadres who get a login, those of them already on record, the warnings about those who
    cannot). `existing`: (row number, cadre) of each row naming a cadre already on record."""
    rows = {}
    candidates: list[Any] = []  # NewCadre and Cadre alike: account_plan reads what both have
    for op in plan.new_cadres:
        # Not saved yet: enough of a cadre for its username and the checks.
        candidates.append(NewCadre(organization=organization, employee_no=op.employee_no, name=op.name))
        rows[op.employee_no] = op.row.number
    for number, cadre in existing:
        if cadre.user_id is None and cadre.employee_no not in rows:
            candidates.append(cadre)
            rows[cadre.employee_no] = number
    accounts = account_plan(cadres=candidates, actor=None, link_privileged=False)
    getting = [*accounts.create, *accounts.link]
    numbers = sorted(c.employee_no for c in getting)
    on_record = [c for c in getting if c.pk is not None]
    warnings = [
        RosterIssue(
            row=rows[cadre.employee_no],
            column=col.EMPLOYEE_NO,
            message=_("未建立登录账号:%(why)s。") % {"why": why},
        )
        for cadre, why in accounts.skipped
    ]
    return numbers, on_record, warnings
