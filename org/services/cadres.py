"""Cadres: created and changed by the system (create, update and the bulk create of the roster import); the HR
pages' upkeep (add, edit, leave) is in cadre_upkeep.py."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import ApplicationError, refuse
from org.models import Cadre, Organization, Unit

CADRE_FIELDS = ("unit", "name", "gender", "birth_date", "rank_grade", "work_start_date", "user")


@transaction.atomic
def cadre_create(
    *,
    organization: Organization,
    employee_no: str,
    unit: Unit,
    name: str,
    gender: str,
    birth_date=None,
    rank_grade: str = "",
    work_start_date=None,
    user=None,
    actor=None,
) -> Cadre:
    if unit.organization_id != organization.pk:
        refuse(_("所在单位不属于该机构。"), "unit")
    if Cadre.objects.filter(organization=organization, employee_no=employee_no).exists():
        raise ApplicationError(
            _("工号“%(no)s”已存在。") % {"no": employee_no}, field_errors={"employee_no": [_("工号已存在。")]}
        )
    cadre = Cadre.objects.create(
        organization=organization,
        employee_no=employee_no,
        unit=unit,
        name=name,
        gender=gender,
        birth_date=birth_date,
        rank_grade=rank_grade,
        work_start_date=work_start_date,
        user=user,
    )
    audit_log_record(actor=actor, action="org.cadre.create", subject=cadre, after=snapshot(cadre))
    return cadre


@transaction.atomic
def cadre_update(*, cadre: Cadre, actor=None, reason: str = "", **changes) -> Cadre:
    unknown = set(changes) - set(CADRE_FIELDS)
    if unknown:
        raise ValueError(f"cadre_update cannot change {sorted(unknown)}")
    before = snapshot(cadre)
    for name, value in changes.items():
        setattr(cadre, name, value)
    after = snapshot(cadre)
    if after == before:
        return cadre
    cadre.save()
    audit_log_record(actor=actor, action="org.cadre.update", subject=cadre, before=before, after=after, reason=reason)
    return cadre


# Bulk variants for imports of thousands of rows (the roster): the same checks as their one-row services, made
# over the whole set in a few queries, and the same audit row for every record, written in one insert.


@transaction.atomic
def cadre_bulk_create(*, organization: Organization, cadres: list[dict], actor=None) -> list[Cadre]:
    """Create many cadres; each dict holds cadre_create's arguments (employee_no, unit, name, gender, …)."""
    numbers = [c["employee_no"] for c in cadres]
    if len(set(numbers)) != len(numbers):
        refuse(_("工号重复。"), "employee_no")
    if any(c["unit"].organization_id != organization.pk for c in cadres):
        refuse(_("所在单位不属于该机构。"), "unit")
    taken = set(Cadre.objects.filter(organization=organization).values_list("employee_no", flat=True))
    clashes = [n for n in numbers if n in taken]
    if clashes:
        raise ApplicationError(
            _("工号“%(no)s”已存在。") % {"no": clashes[0]}, field_errors={"employee_no": [_("工号已存在。")]}
        )
    unknown = {key for c in cadres for key in c} - {"employee_no", *CADRE_FIELDS}
    if unknown:
        raise ValueError(f"cadre_bulk_create cannot set {sorted(unknown)}")
    created = Cadre.objects.bulk_create([Cadre(organization=organization, **c) for c in cadres])
    audit_log_record_many(actor=actor, action="org.cadre.create", entries=[(c, None, snapshot(c)) for c in created])
    return created
