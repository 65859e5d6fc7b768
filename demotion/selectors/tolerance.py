"""Reads of error tolerance (容错免责) and correction (纠错), scoped to the user.

- HR and the party committee see the cases of cadres in their units; a cadre his own; the admin all.
- The committee decides the cases of cadres in its units (not HR, not the admin as such).
- HR in scope and the committee record the correction's steps (the admin too, as the system's keeper).
- The disclosure (公开容错纠错对象、事件、原因, 《陕西省党政干部容错纠错办法(试行)》) shows every approved case of the user's organizations to
  every signed-in user of them, cadres included.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from assessments.selectors import published
from assessments.selectors.published import EntryFacts
from demotion.models import Correction, CorrectionStep, ToleranceCase
from org.models import Cadre, RoleAssignment
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope, rows_of_visible_cadres

CASE_RELATED = [
    "organization",
    "cadre",
    "cadre__unit",
    "point_entry__item",
    "veto_entry__item",
    "requested_by",
    "decided_by",
    "run",
]
OPEN_STATES = [ToleranceCase.State.REQUESTED, ToleranceCase.State.APPROVED]


def _requested_first(qs: QuerySet[ToleranceCase]) -> QuerySet[ToleranceCase]:
    waiting_first = Case(
        When(state=ToleranceCase.State.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.order_by(waiting_first, "-created_at", "-id")


def tolerance_case_list(*, user) -> QuerySet[ToleranceCase]:
    """The cases the user may see, those awaiting the committee first."""
    return _requested_first(rows_of_visible_cadres(ToleranceCase.objects.select_related(*CASE_RELATED), user=user))


def decidable_tolerance_cases(*, user) -> QuerySet[ToleranceCase]:
    """The cases the user may decide: the party committee's, within its units."""
    qs = ToleranceCase.objects.select_related(*CASE_RELATED)
    return _requested_first(qs.filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__")))


def awaiting_decision(*, user) -> QuerySet[ToleranceCase]:
    return decidable_tolerance_cases(user=user).filter(state=ToleranceCase.State.REQUESTED)


def recordable_corrections(*, user) -> QuerySet[Correction]:
    """Corrections whose steps the user may record: HR in scope, the committee, the admin."""
    qs = Correction.objects.select_related("tolerance_case__cadre")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(ROLE_HR, ROLE_COMMITTEE, prefix="tolerance_case__cadre__unit__"))


def requestable_cadres(*, user) -> QuerySet[Cadre]:
    """Cadres for whom the user may request an exemption on their behalf: HR's units (the admin: everyone)."""
    return cadres_in_scope(user=user, roles=(ROLE_HR,))


def request_cadres(*, user) -> QuerySet[Cadre]:
    """Every cadre the user may name in a request: HR's units, and himself."""
    own = get_roles(user).cadre
    qs = Cadre.objects.select_related("unit", "organization")
    q = Q(pk__in=requestable_cadres(user=user).values("pk"))
    if own is not None:
        q |= Q(pk=own.pk)
    return qs.filter(q)


def recordable_cases(*, user) -> QuerySet[ToleranceCase]:
    """Cases whose correction the user may record (when they have one): HR in scope, the committee, the admin."""
    qs = ToleranceCase.objects.select_related(*CASE_RELATED)
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(ROLE_HR, ROLE_COMMITTEE, prefix="cadre__unit__"))


def may_request_for(*, user, cadre: Cadre) -> bool:
    r = get_roles(user)
    if r.cadre is not None and r.cadre.pk == cadre.pk:
        return True
    return requestable_cadres(user=user).filter(pk=cadre.pk).exists()


@dataclass(frozen=True)
class ToleranceOption:
    """An approved deduction or veto of the cadre that may be named in a request."""

    target: str
    entry: EntryFacts

    @property
    def key(self) -> str:
        return f"{self.target}:{self.entry.entry_id}"

    @property
    def label(self) -> str:
        return self.entry.label


def entry_label(entry) -> str:
    """The item as the appeals name it (2025年 扣分 · 通报批评 −1): a case's point entry or veto, or an option's."""
    return published.entry_label(entry)


def tolerance_options(*, cadre: Cadre) -> list[ToleranceOption]:
    """The cadre's approved deductions and vetoes not already under (or granted) an exemption, newest first. Three
    queries."""
    taken = ToleranceCase.objects.filter(cadre=cadre, state__in=OPEN_STATES).values_list(
        "target", "point_entry_id", "veto_entry_id"
    )
    exclude = [
        (target, point_id if target == ToleranceCase.Target.DEDUCTION else veto_id)
        for target, point_id, veto_id in taken
    ]
    return [
        ToleranceOption(entry.target, entry)
        for entry in published.tolerance_entries(cadre_id=cadre.pk, exclude=exclude)
    ]


def committee_users_for(*, cadre: Cadre) -> QuerySet:
    """The committee members whose scope covers the cadre (whole organization or a unit above the cadre's)."""
    ids = [part for part in (cadre.unit.path if cadre.unit_id else "").split("/") if part]
    unit_paths = ["/" + "".join(f"{i}/" for i in ids[:n]) for n in range(1, len(ids) + 1)]
    assignments = RoleAssignment.objects.filter(role=RoleAssignment.Role.COMMITTEE, organization=cadre.organization_id)
    covering = assignments.filter(Q(unit__isnull=True) | Q(unit__path__in=unit_paths))
    return get_user_model().objects.filter(pk__in=covering.values("user_id"), is_active=True)


def disclosure_organization_ids(*, user) -> set[int] | None:
    """The organizations whose disclosure the user reads; None for the admin (all of them)."""
    r = get_roles(user)
    if r.is_admin:
        return None
    ids = {org_id for scopes in r.scopes.values() for org_id, _path in scopes}
    if r.cadre is not None:
        ids.add(r.cadre.organization_id)
    return ids


def tolerance_disclosure(*, user) -> QuerySet[ToleranceCase]:
    """Approved cases of the user's organizations, newest decision first."""
    qs = ToleranceCase.objects.filter(state=ToleranceCase.State.APPROVED).select_related(
        "organization", "cadre", "cadre__unit"
    )
    ids = disclosure_organization_ids(user=user)
    if ids is not None:
        qs = qs.filter(organization_id__in=ids)
    return qs.order_by("-decided_at", "-id")


def correction_steps(correction: Correction | None) -> list[dict]:
    """The five steps in order, each with its record (or None) and whether it is the next one to record."""
    if correction is None:
        return []
    done = {s.step: s for s in CorrectionStep.objects.filter(correction=correction).select_related("done_by")}
    next_step = next((step for step in Correction.Step if step not in done), None)
    return [
        {"step": step, "label": step.label, "record": done.get(step), "is_next": step == next_step}
        for step in Correction.Step
    ]
