"""Role assignments and sanction records."""

import datetime

from django.db import IntegrityError, transaction

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Cadre, Organization, RoleAssignment, SanctionRecord, Unit


@transaction.atomic
def role_assign(*, user, role: str, organization: Organization, unit: Unit | None = None, actor=None) -> RoleAssignment:
    if unit is not None and unit.organization_id != organization.pk:
        raise ApplicationError("范围单位不属于该机构。", field_errors={"unit": ["范围单位不属于该机构。"]})
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization, unit=unit)
    except IntegrityError as exc:
        raise ApplicationError("该用户已有此角色授权。") from exc
    audit_log_record(actor=actor, action="org.role.assign", subject=assignment, after=snapshot(assignment))
    return assignment


@transaction.atomic
def sanction_record_create(
    *,
    cadre: Cadre,
    kind: str,
    decided_on: datetime.date,
    effective_from: datetime.date,
    effective_until: datetime.date | None = None,
    document_no: str = "",
    note: str = "",
    actor=None,
) -> SanctionRecord:
    if kind not in SanctionRecord.Kind.values:
        raise ApplicationError("种类无效。", field_errors={"kind": ["种类无效。"]})
    if effective_until is not None and effective_until < effective_from:
        raise ApplicationError(
            "期满日期不能早于生效日期。", field_errors={"effective_until": ["期满日期不能早于生效日期。"]}
        )
    category = (
        SanctionRecord.Category.SANCTION if kind in SanctionRecord.SANCTION_KINDS else SanctionRecord.Category.MEASURE
    )
    record = SanctionRecord.objects.create(
        cadre=cadre,
        category=category,
        kind=kind,
        decided_on=decided_on,
        effective_from=effective_from,
        effective_until=effective_until,
        document_no=document_no,
        note=note,
    )
    audit_log_record(actor=actor, action="org.sanction.create", subject=record, after=snapshot(record))
    return record
