"""Every read of org data goes through here, already scoped to the user.

HR and party-committee members see the units in their scope and what lies in them; a cadre sees only
themselves; the admin sees everything. Anything else is an empty queryset, never an error, so a page
cannot tell a row outside one's scope from a row that does not exist.
"""

from django.db.models import Prefetch, Q, QuerySet

from org.models import (
    Appointment,
    AssessmentGroup,
    Cadre,
    GroupMembership,
    Organization,
    Post,
    SanctionRecord,
    Unit,
)
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)


def _unit_scope(user, prefix: str = "", roles=STAFF_ROLES) -> Q | None:
    """None means "everything" (admin)."""
    r = get_roles(user)
    if r.is_admin:
        return None
    return r.unit_q(*roles, prefix=prefix)


def _scoped(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def organization_list(*, user) -> QuerySet[Organization]:
    """The organizations the user works for as HR or on the party committee (the admin: all)."""
    r = get_roles(user)
    if r.is_admin:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=r.organization_ids(*STAFF_ROLES))


def organization_wide_hr(user, organization_id: int) -> bool:
    """HR whose scope is the whole organization (not a subtree), or the admin: the people who act for the whole
    organization (its schemes, the publication of its results, its letters policy)."""
    r = get_roles(user)
    return r.is_admin or (organization_id, None) in r.scopes.get(ROLE_HR, [])


def cadres_in_scope(*, user, roles=STAFF_ROLES) -> QuerySet[Cadre]:
    """Cadres whose unit lies in the user's scope in these roles (the admin: every cadre)."""
    qs = Cadre.objects.select_related("unit", "organization")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(*roles, prefix="unit__"))


def unit_list(*, user, roles=STAFF_ROLES) -> QuerySet[Unit]:
    return _scoped(Unit.objects.select_related("organization", "parent"), _unit_scope(user, roles=roles))


def post_list(*, user) -> QuerySet[Post]:
    return _scoped(Post.objects.select_related("unit", "unit__organization"), _unit_scope(user, "unit__"))


def cadre_list(*, user) -> QuerySet[Cadre]:
    """Cadres whose unit is in scope; a cadre with no staff role gets only their own row."""
    qs = Cadre.objects.select_related("unit", "organization", "user")
    r = get_roles(user)
    if r.is_admin:
        return qs
    q = r.unit_q(*STAFF_ROLES, prefix="unit__")
    if r.cadre is not None:
        q |= Q(pk=r.cadre.pk)
    return qs.filter(q)


def cadre_list_with_current_posts(*, user) -> QuerySet[Cadre]:
    current = Appointment.objects.filter(end_date__isnull=True).select_related("post", "post__unit")
    return cadre_list(user=user).prefetch_related(Prefetch("appointments", queryset=current, to_attr="current"))


def rows_of_visible_cadres(qs: QuerySet, *, user) -> QuerySet:
    """Rows that belong to a cadre (appointments, sanctions, appeals, cases…): those of cadres in the user's staff
    scope, and one's own."""
    r = get_roles(user)
    if r.is_admin:
        return qs
    q = r.unit_q(*STAFF_ROLES, prefix="cadre__unit__")
    if r.cadre is not None:
        q |= Q(cadre_id=r.cadre.pk)
    return qs.filter(q)


def appointment_list(*, user) -> QuerySet[Appointment]:
    return rows_of_visible_cadres(Appointment.objects.select_related("cadre", "post", "post__unit"), user=user)


def sanction_list(*, user) -> QuerySet[SanctionRecord]:
    return rows_of_visible_cadres(SanctionRecord.objects.select_related("cadre"), user=user)


def group_list(*, user) -> QuerySet[AssessmentGroup]:
    """Groups that hold at least one cadre in the user's scope (a cadre: their own groups)."""
    qs = AssessmentGroup.objects.select_related("organization")
    r = get_roles(user)
    if r.is_admin:
        return qs
    visible = cadre_list(user=user).values("pk")
    return qs.filter(memberships__cadre__in=visible).distinct()


def membership_list(*, user, group: AssessmentGroup | None = None) -> QuerySet[GroupMembership]:
    qs = GroupMembership.objects.select_related("cadre", "cadre__unit", "group").filter(
        cadre__in=cadre_list(user=user).values("pk")
    )
    if group is not None:
        qs = qs.filter(group=group)
    return qs.order_by("cadre__unit__path", "cadre__employee_no")


# What HR may change: the rows within the user's HR scope (the admin: everything). The upkeep pages and endpoints
# find what they act on here, so that anything outside one's units answers 404.

WRITE_ROLES = (ROLE_HR,)


def writable_units(*, user) -> QuerySet[Unit]:
    return unit_list(user=user, roles=WRITE_ROLES)


def writable_posts(*, user) -> QuerySet[Post]:
    return _scoped(Post.objects.select_related("unit", "unit__organization"), _unit_scope(user, "unit__", WRITE_ROLES))


def writable_cadres(*, user) -> QuerySet[Cadre]:
    qs = Cadre.objects.select_related("unit", "organization", "user")
    return _scoped(qs, _unit_scope(user, "unit__", WRITE_ROLES))


def writable_appointments(*, user) -> QuerySet[Appointment]:
    qs = Appointment.objects.select_related("cadre", "cadre__unit", "post", "post__unit", "post__unit__organization")
    return _scoped(qs, _unit_scope(user, "post__unit__", WRITE_ROLES))


def writable_groups(*, user) -> QuerySet[AssessmentGroup]:
    """The groups of the organizations where the user is HR (a cadre of one's units may join any of them)."""
    r = get_roles(user)
    qs = AssessmentGroup.objects.select_related("organization")
    return qs if r.is_admin else qs.filter(organization_id__in=r.organization_ids(*WRITE_ROLES))
