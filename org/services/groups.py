"""Assessment groups and their members: one group per cadre a year (a database constraint). A year whose results
are computed keeps its groups as they are (org.year_locks) until it is computed again."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import ApplicationError, refuse
from org.models import AssessmentGroup, Cadre, GroupMembership, Organization
from org.services.scope import require_cadre
from org.year_locks import year_lock_reasons


def require_year_open(*, organization: Organization, year: int, field: str | None = "group") -> None:
    """The year's groups may change: no registered check says they are fixed."""
    reasons = year_lock_reasons(organization=organization, year=year)
    if reasons:
        refuse(
            _("%(year)d年度的考核组成员已不能调整:%(why)s") % {"year": year, "why": ";".join(reasons)},
            field,
            code="year_locked",
        )


@transaction.atomic
def group_create(*, organization: Organization, year: int, name: str, actor=None) -> AssessmentGroup:
    if AssessmentGroup.objects.filter(organization=organization, year=year, name=name).exists():
        raise ApplicationError(
            _("%(year)d年考核组“%(name)s”已存在。") % {"year": year, "name": name},
            field_errors={"name": [_("考核组已存在。")]},
        )
    group = AssessmentGroup.objects.create(organization=organization, year=year, name=name)
    audit_log_record(actor=actor, action="org.group.create", subject=group, after=snapshot(group))
    return group


@transaction.atomic
def group_member_set(*, group: AssessmentGroup, cadre: Cadre, actor=None, reason: str = "") -> GroupMembership:
    """Put a cadre in a group for the group's year, moving them out of any other group of that year."""
    if cadre.organization_id != group.organization_id:
        raise ApplicationError(_("干部与考核组不属于同一机构。"))
    existing = GroupMembership.objects.filter(cadre=cadre, year=group.year).select_related("group").first()
    if existing and existing.group_id == group.pk:
        return existing
    require_year_open(organization=group.organization, year=group.year)
    before = {"group": existing.group_id} if existing else None
    if existing:
        existing.delete()
    membership = GroupMembership.objects.create(group=group, cadre=cadre, year=group.year)
    audit_log_record(
        actor=actor,
        action="org.group.member_set",
        subject=cadre,
        before=before,
        after={"group": group.pk},
        reason=reason,
    )
    return membership


@transaction.atomic
def group_member_move(*, cadre: Cadre, group: AssessmentGroup, actor, reason: str = "") -> GroupMembership:
    """HR moves a cadre of their units into another group of a year (out of the one they are in, if any)."""
    require_cadre(actor=actor, cadre=cadre, field="cadre")
    if group.organization_id != cadre.organization_id:
        refuse(_("干部与考核组不属于同一机构。"), "group")
    current = GroupMembership.objects.filter(cadre=cadre, year=group.year).first()
    if current is not None and current.group_id == group.pk:
        refuse(_("%(name)s已在该考核组。") % {"name": cadre.name}, "group")
    return group_member_set(group=group, cadre=cadre, actor=actor, reason=reason)


@transaction.atomic
def group_member_bulk_set(*, group: AssessmentGroup, cadres: list[Cadre], actor=None, reason: str = "") -> None:
    """Put many cadres in a group for its year, moving them out of any other group of that year."""
    if any(c.organization_id != group.organization_id for c in cadres):
        raise ApplicationError(_("干部与考核组不属于同一机构。"))
    current = dict(
        GroupMembership.objects.filter(year=group.year, cadre__organization_id=group.organization_id).values_list(
            "cadre_id", "group_id"
        )
    )
    moving = list({c.pk: c for c in cadres if current.get(c.pk) != group.pk}.values())
    if moving:
        require_year_open(organization=group.organization, year=group.year)
    leaving = [c.pk for c in moving if c.pk in current]
    for start in range(0, len(leaving), 500):
        GroupMembership.objects.filter(year=group.year, cadre_id__in=leaving[start : start + 500]).delete()
    GroupMembership.objects.bulk_create([GroupMembership(group=group, cadre=c, year=group.year) for c in moving])
    audit_log_record_many(
        actor=actor,
        action="org.group.member_set",
        entries=[(c, {"group": current[c.pk]} if c.pk in current else None, {"group": group.pk}) for c in moving],
        reason=reason,
    )
