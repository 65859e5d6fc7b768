"""Reads the REST API needs beyond `assessments.selectors`, scoped the same way.

Writes by HR are scoped by the HR role alone (a user who is also on the party committee does not gain write scope
from it); decisions on points and vetoes by the committee role alone.
"""

from django.db.models import QuerySet

from assessments import selectors
from assessments.models import Component, Period, PointEntry, PointItem, RaterAssignment, Scheme, VetoEntry, VetoItem
from org.models import Cadre, Organization
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope

HR_ONLY = (ROLE_HR,)


def setup_organizations(*, user) -> QuerySet[Organization]:
    """Organizations whose schemes the user may set up: admin, or HR scoped to the whole organization."""
    r = get_roles(user)
    if r.is_admin:
        return Organization.objects.all()
    ids = [org_id for org_id, path in r.scopes.get(ROLE_HR, []) if path is None]
    return Organization.objects.filter(pk__in=ids)


def period_list(*, user) -> QuerySet[Period]:
    """Periods of the schemes the user may view."""
    return Period.objects.filter(scheme__in=selectors.scheme_list(user=user).values("pk")).select_related("scheme")


def staff_organization_ids(user, roles=selectors.STAFF_ROLES) -> set[int] | None:
    """The organizations the user works for in these roles; None for the admin (every organization)."""
    r = get_roles(user)
    return None if r.is_admin else r.organization_ids(*roles)


def _in_organizations(qs: QuerySet, ids: set[int] | None, field: str = "organization_id") -> QuerySet:
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def hr_schemes(*, user) -> QuerySet[Scheme]:
    return selectors.scheme_list(user=user, roles=HR_ONLY)


def hr_components(*, user) -> QuerySet[Component]:
    return Component.objects.filter(scheme__in=hr_schemes(user=user).values("pk"))


def hr_periods(*, user) -> QuerySet[Period]:
    return Period.objects.filter(scheme__in=hr_schemes(user=user).values("pk"))


def hr_raters(*, user) -> QuerySet[Cadre]:
    """Raters may be any cadre of an organization the HR user works for, not only those in their unit scope."""
    return _in_organizations(Cadre.objects.all(), staff_organization_ids(user, HR_ONLY))


def hr_ratees(*, user) -> QuerySet[Cadre]:
    return cadres_in_scope(user=user, roles=HR_ONLY)


def hr_point_items(*, user) -> QuerySet[PointItem]:
    return _in_organizations(PointItem.objects.filter(is_active=True), staff_organization_ids(user, HR_ONLY))


def hr_veto_items(*, user) -> QuerySet[VetoItem]:
    return _in_organizations(VetoItem.objects.filter(is_active=True), staff_organization_ids(user, HR_ONLY))


def point_items_visible(*, user) -> QuerySet[PointItem]:
    return _in_organizations(PointItem.objects.filter(is_active=True), staff_organization_ids(user))


def veto_items_visible(*, user) -> QuerySet[VetoItem]:
    return _in_organizations(VetoItem.objects.filter(is_active=True), staff_organization_ids(user))


def _committee_scope(qs: QuerySet, user) -> QuerySet:
    # The committee role's units only: an administrator who also sits on one organization's committee decides
    # there, not everywhere.
    return qs.filter(get_roles(user).unit_q(ROLE_COMMITTEE, prefix="cadre__unit__"))


def point_entries_to_decide(*, user) -> QuerySet[PointEntry]:
    return _committee_scope(selectors.point_entry_list(user=user), user)


def veto_entries_to_decide(*, user) -> QuerySet[VetoEntry]:
    return _committee_scope(selectors.veto_entry_list(user=user), user)


# --- a rater's own cells ----------------------------------------------------------------------------------------


def rater_schemes(*, rater: Cadre) -> QuerySet[Scheme]:
    return Scheme.objects.filter(
        pk__in=RaterAssignment.objects.filter(rater=rater, scheme__status=Scheme.Status.CURRENT).values("scheme_id")
    )


def rater_ratees(*, rater: Cadre) -> QuerySet[Cadre]:
    return Cadre.objects.filter(
        pk__in=RaterAssignment.objects.filter(rater=rater, scheme__status=Scheme.Status.CURRENT).values("ratee_id")
    )


def rater_components(*, rater: Cadre) -> QuerySet[Component]:
    return Component.objects.filter(scheme__in=rater_schemes(rater=rater).values("pk"))


def rater_any_periods(*, rater: Cadre) -> QuerySet[Period]:
    """Every period of the rater's current schemes, closed ones too: saving into those is refused by the service
    with its own reason ("评分已结束…"), clearer than "not found"."""
    return Period.objects.filter(scheme__in=rater_schemes(rater=rater).values("pk"))


# --- a cadre's own view -----------------------------------------------------------------------------------------


def cadre_current_scheme(*, cadre: Cadre, year: int | None) -> Scheme | None:
    """The scheme in force for the cadre's organization in `year` (the latest year with one, when not given)."""
    qs = Scheme.objects.filter(organization_id=cadre.organization_id, status=Scheme.Status.CURRENT)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year").first()
