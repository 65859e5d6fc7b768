"""Every write to org data. Keyword-only, atomic, validated, audited."""

import datetime

from django.db import IntegrityError, transaction

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import (
    Appointment,
    AssessmentGroup,
    Cadre,
    GroupMembership,
    Organization,
    Post,
    RoleAssignment,
    SanctionRecord,
    Unit,
)


@transaction.atomic
def organization_create(*, code: str, name: str, actor=None) -> Organization:
    if Organization.objects.filter(code=code).exists():
        raise ApplicationError(f"机构代码“{code}”已存在。", field_errors={"code": ["机构代码已存在。"]})
    org = Organization.objects.create(code=code, name=name)
    audit_log_record(actor=actor, action="org.organization.create", subject=org, after=snapshot(org))
    return org


@transaction.atomic
def unit_create(
    *,
    organization: Organization,
    name: str,
    kind: str = Unit.Kind.OFFICE,
    parent: Unit | None = None,
    sort_order: int = 0,
    actor=None,
) -> Unit:
    if parent is not None and parent.organization_id != organization.pk:
        raise ApplicationError("上级单位不属于该机构。", field_errors={"parent": ["上级单位不属于该机构。"]})
    if Unit.objects.filter(organization=organization, parent=parent, name=name).exists():
        raise ApplicationError(f"单位“{name}”已存在。", field_errors={"name": ["同一上级下单位名称重复。"]})
    unit = Unit.objects.create(organization=organization, parent=parent, name=name, kind=kind, sort_order=sort_order)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_log_record(actor=actor, action="org.unit.create", subject=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def post_create(
    *, unit: Unit, name: str, kind: str, is_leadership: bool = True, headcount: int = 1, actor=None
) -> Post:
    if headcount < 1:
        raise ApplicationError("职数至少为 1。", field_errors={"headcount": ["职数至少为 1。"]})
    if Post.objects.filter(unit=unit, name=name).exists():
        raise ApplicationError(f"职务“{name}”已存在。", field_errors={"name": ["同一单位职务名称重复。"]})
    post = Post.objects.create(unit=unit, name=name, kind=kind, is_leadership=is_leadership, headcount=headcount)
    audit_log_record(actor=actor, action="org.post.create", subject=post, after=snapshot(post))
    return post


@transaction.atomic
def post_update_headcount(*, post: Post, headcount: int, actor=None, reason: str = "") -> Post:
    """Change a post's headcount (职数); never below the number of its current holders."""
    if headcount < 1:
        raise ApplicationError("职数至少为 1。", field_errors={"headcount": ["职数至少为 1。"]})
    holders = Appointment.objects.filter(post=post, end_date__isnull=True).count()
    if headcount < holders:
        raise ApplicationError(
            f"{post}现有 {holders} 人在任,职数不能少于 {holders}。",
            field_errors={"headcount": [f"职数不能少于现任人数({holders})。"]},
        )
    if headcount == post.headcount:
        return post
    before = snapshot(post, ["headcount"])
    Post.objects.filter(pk=post.pk).update(headcount=headcount)
    post.headcount = headcount
    audit_log_record(
        actor=actor,
        action="org.post.headcount",
        subject=post,
        before=before,
        after=snapshot(post, ["headcount"]),
        reason=reason,
    )
    return post


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
        raise ApplicationError("所在单位不属于该机构。", field_errors={"unit": ["所在单位不属于该机构。"]})
    if Cadre.objects.filter(organization=organization, employee_no=employee_no).exists():
        raise ApplicationError(f"工号“{employee_no}”已存在。", field_errors={"employee_no": ["工号已存在。"]})
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


@transaction.atomic
def appointment_start(
    *,
    cadre: Cadre,
    post: Post,
    start_date: datetime.date,
    start_reason: str = Appointment.StartReason.APPOINTED,
    actor=None,
    reason: str = "",
) -> Appointment:
    if post.unit.organization_id != cadre.organization_id:
        raise ApplicationError("职务与干部不属于同一机构。", field_errors={"post": ["职务与干部不属于同一机构。"]})
    if Appointment.objects.filter(cadre=cadre, post=post, end_date__isnull=True).exists():
        raise ApplicationError(f"{cadre.name}已在任{post}。", field_errors={"post": ["已在任该职务。"]})
    holders = Appointment.objects.filter(post=post, end_date__isnull=True).count()
    if holders >= post.headcount:
        raise ApplicationError(
            f"{post}职数为 {post.headcount},已满。", field_errors={"post": [f"职数已满({holders}/{post.headcount})。"]}
        )
    appointment = Appointment.objects.create(cadre=cadre, post=post, start_date=start_date, start_reason=start_reason)
    audit_log_record(
        actor=actor, action="org.appointment.start", subject=appointment, after=snapshot(appointment), reason=reason
    )
    return appointment


@transaction.atomic
def appointment_end(
    *, appointment: Appointment, end_date: datetime.date, end_reason: str, actor=None, reason: str = ""
) -> Appointment:
    """End an appointment. The cadre's rank grade is untouched (保留职级)."""
    if end_reason not in Appointment.EndReason.values:
        raise ApplicationError("离任原因无效。", field_errors={"end_reason": ["离任原因无效。"]})
    if end_date <= appointment.start_date:
        raise ApplicationError("免职日期必须晚于任职日期。", field_errors={"end_date": ["免职日期必须晚于任职日期。"]})
    before = snapshot(appointment)
    updated = Appointment.objects.filter(pk=appointment.pk, end_date__isnull=True).update(
        end_date=end_date, end_reason=end_reason
    )
    if updated != 1:
        raise ApplicationError("该任职已结束。")
    appointment.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="org.appointment.end",
        subject=appointment,
        before=before,
        after=snapshot(appointment),
        reason=reason,
    )
    return appointment


@transaction.atomic
def group_create(*, organization: Organization, year: int, name: str, actor=None) -> AssessmentGroup:
    if AssessmentGroup.objects.filter(organization=organization, year=year, name=name).exists():
        raise ApplicationError(f"{year}年考核组“{name}”已存在。", field_errors={"name": ["考核组已存在。"]})
    group = AssessmentGroup.objects.create(organization=organization, year=year, name=name)
    audit_log_record(actor=actor, action="org.group.create", subject=group, after=snapshot(group))
    return group


@transaction.atomic
def group_member_set(*, group: AssessmentGroup, cadre: Cadre, actor=None, reason: str = "") -> GroupMembership:
    """Put a cadre in a group for the group's year, moving them out of any other group of that year."""
    if cadre.organization_id != group.organization_id:
        raise ApplicationError("干部与考核组不属于同一机构。")
    existing = GroupMembership.objects.filter(cadre=cadre, year=group.year).select_related("group").first()
    if existing and existing.group_id == group.pk:
        return existing
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
