"""Reads of schemes and of what their setup pages show, scoped to the user: HR and the party committee see the
schemes of their organizations; HR scoped to a whole organization (and the admin) sets them up. On the rater
assignment page, ratees come only from the HR user's units; raters from the whole organization (any cadre may rate),
but the page offers by name only the cadres a subtree HR user may see anyway (their units, the units above them, the
leadership team); anyone else is added by employee number, so the page never lists people from another subtree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from assessments.models import (
    Component,
    Period,
    Scheme,
    Score,
)
from assessments.selectors.raters import assignment_list
from assessments.selectors.scope import HR_ONLY
from assessments.selectors.scores import score_list
from common.models import AuditLog
from org.models import AssessmentGroup, Cadre, Organization, Unit
from org.roles import ROLE_HR, get_roles
from org.selectors import STAFF_ROLES, cadres_in_scope


def scheme_list(*, user, roles=STAFF_ROLES) -> QuerySet[Scheme]:
    qs = Scheme.objects.select_related("organization")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(organization_id__in=r.organization_ids(*roles))


def period_list(*, user) -> QuerySet[Period]:
    """Periods of the schemes the user may view."""
    return Period.objects.filter(scheme__in=scheme_list(user=user).values("pk")).select_related("scheme")


def hr_schemes(*, user) -> QuerySet[Scheme]:
    return scheme_list(user=user, roles=HR_ONLY)


def hr_components(*, user) -> QuerySet[Component]:
    return Component.objects.filter(scheme__in=hr_schemes(user=user).values("pk"))


def hr_periods(*, user) -> QuerySet[Period]:
    return Period.objects.filter(scheme__in=hr_schemes(user=user).values("pk"))


def scheme_creatable_organizations(*, user) -> QuerySet[Organization]:
    """Organizations the user sets schemes up for: all for the admin, else those where their HR scope is whole."""
    r = get_roles(user)
    if r.is_admin:
        return Organization.objects.order_by("name")
    ids = [org_id for org_id, path in r.scopes.get(ROLE_HR, []) if path is None]
    return Organization.objects.filter(pk__in=ids).order_by("name")


def scheme_creation_allowed(*, user) -> bool:
    """Without a query: the roles are already loaded for the request."""
    r = get_roles(user)
    return r.is_admin or any(path is None for _, path in r.scopes.get(ROLE_HR, []))


def scheme_list_with_components(*, user) -> QuerySet[Scheme]:
    return scheme_list(user=user).prefetch_related(
        Prefetch("components", queryset=Component.objects.order_by("sort_order", "id"))
    )


def scheme_versions(*, scheme: Scheme) -> QuerySet[Scheme]:
    return Scheme.objects.filter(organization_id=scheme.organization_id, year=scheme.year).order_by("version")


def scheme_score_count(*, scheme: Scheme) -> int:
    return Score.objects.filter(scheme=scheme).count()


@dataclass
class ComponentCounts:
    assignments: int = 0
    scores: int = 0


def scheme_component_counts(*, user, scheme: Scheme) -> dict[int, ComponentCounts]:
    """Rater assignments and scores per component, counted over the ratees in the user's scope."""
    counts: dict[int, ComponentCounts] = {}
    for row in (assignment_list(user=user).filter(scheme=scheme).order_by().values("component_id")).annotate(
        n=Count("id")
    ):
        counts.setdefault(row["component_id"], ComponentCounts()).assignments = row["n"]
    for row in (score_list(user=user).filter(scheme=scheme).order_by().values("component_id")).annotate(n=Count("id")):
        counts.setdefault(row["component_id"], ComponentCounts()).scores = row["n"]
    return counts


def scheme_audit(*, scheme: Scheme, period_ids: list[int]) -> QuerySet[AuditLog]:
    """The scheme's own history and its periods' openings and closings, newest first."""
    types = ContentType.objects.get_for_models(Scheme, Period, for_concrete_models=False)
    return (
        AuditLog.objects.filter(
            Q(subject_type=types[Scheme], subject_id=str(scheme.pk))
            | Q(subject_type=types[Period], subject_id__in=[str(pk) for pk in period_ids])
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def _pickable_unit_q(user, scheme: Scheme, prefix: str = "") -> Q | None:
    """Units whose cadres the page offers as raters: the user's HR units, the units above them, and the
    organization's leadership teams (班子). None: every unit of the organization."""
    r = get_roles(user)
    scopes = [(org_id, path) for org_id, path in r.scopes.get(ROLE_HR, []) if org_id == scheme.organization_id]
    if r.is_admin or any(path is None for _, path in scopes):
        return None
    ancestor_ids = {int(part) for _, path in scopes if path is not None for part in path.strip("/").split("/") if part}
    return (
        r.unit_q(*HR_ONLY, prefix=prefix)
        | Q(**{f"{prefix}pk__in": ancestor_ids})
        | Q(**{f"{prefix}kind": Unit.Kind.TEAM})
    )


def rater_units(*, user, scheme: Scheme) -> QuerySet[Unit]:
    qs = Unit.objects.filter(organization_id=scheme.organization_id).order_by("path")
    q = _pickable_unit_q(user, scheme)
    return qs if q is None else qs.filter(q)


def rater_candidates(*, user, scheme: Scheme) -> QuerySet[Cadre]:
    qs = (
        Cadre.objects.filter(organization_id=scheme.organization_id)
        .select_related("unit")
        .order_by("unit__path", "employee_no")
    )
    q = _pickable_unit_q(user, scheme, prefix="unit__")
    return qs if q is None else qs.filter(q)


def organization_cadres(*, scheme: Scheme) -> QuerySet[Cadre]:
    """Any cadre of the scheme's organization (raters added by employee number)."""
    return Cadre.objects.filter(organization_id=scheme.organization_id).select_related("unit")


def ratee_candidates(*, user, scheme: Scheme) -> QuerySet[Cadre]:
    return (
        cadres_in_scope(user=user, roles=HR_ONLY)
        .filter(organization_id=scheme.organization_id)
        .order_by("unit__path", "employee_no")
    )


def ratee_units(*, user, scheme: Scheme) -> QuerySet[Unit]:
    qs = Unit.objects.filter(organization_id=scheme.organization_id).order_by("path")
    r = get_roles(user)
    return qs if r.is_admin else qs.filter(r.unit_q(*HR_ONLY))


def scheme_groups(*, scheme: Scheme) -> QuerySet[AssessmentGroup]:
    """The organization's assessment groups of the scheme's year (names only; members are scoped where used)."""
    return AssessmentGroup.objects.filter(organization_id=scheme.organization_id, year=scheme.year).order_by("name")


def group_member_cadres(*, group: AssessmentGroup) -> QuerySet[Cadre]:
    return Cadre.objects.filter(memberships__group=group).select_related("unit")


def unit_cadres(*, unit: Unit, subtree: bool) -> QuerySet[Cadre]:
    qs = Cadre.objects.filter(organization_id=unit.organization_id).select_related("unit")
    return qs.filter(unit__path__startswith=unit.path) if subtree else qs.filter(unit=unit)
