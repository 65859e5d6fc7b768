"""Every write to org data. Keyword-only, atomic, validated, audited."""

import datetime

from django.db import IntegrityError, transaction

from common.audit import audit_log_record, audit_log_record_many, snapshot
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


# Bulk variants for imports of thousands of rows (the roster): the same checks as their one-row services, made
# over the whole set in a few queries, and the same audit row for every record, written in one insert.


@transaction.atomic
def cadre_bulk_create(*, organization: Organization, cadres: list[dict], actor=None) -> list[Cadre]:
    """Create many cadres; each dict holds cadre_create's arguments (employee_no, unit, name, gender, …)."""
    numbers = [c["employee_no"] for c in cadres]
    if len(set(numbers)) != len(numbers):
        raise ApplicationError("工号重复。", field_errors={"employee_no": ["工号重复。"]})
    if any(c["unit"].organization_id != organization.pk for c in cadres):
        raise ApplicationError("所在单位不属于该机构。", field_errors={"unit": ["所在单位不属于该机构。"]})
    taken = set(Cadre.objects.filter(organization=organization).values_list("employee_no", flat=True))
    clashes = [n for n in numbers if n in taken]
    if clashes:
        raise ApplicationError(f"工号“{clashes[0]}”已存在。", field_errors={"employee_no": ["工号已存在。"]})
    unknown = {key for c in cadres for key in c} - {"employee_no", *CADRE_FIELDS}
    if unknown:
        raise ValueError(f"cadre_bulk_create cannot set {sorted(unknown)}")
    created = Cadre.objects.bulk_create([Cadre(organization=organization, **c) for c in cadres])
    audit_log_record_many(actor=actor, action="org.cadre.create", entries=[(c, None, snapshot(c)) for c in created])
    return created


@transaction.atomic
def appointment_bulk_start(*, appointments: list[dict], actor=None, reason: str = "") -> list[Appointment]:
    """Start many appointments; each dict holds cadre, post, start_date and optionally start_reason."""
    if not appointments:
        return []
    organization_id = appointments[0]["cadre"].organization_id
    if any(
        a["cadre"].organization_id != organization_id or a["post"].unit.organization_id != organization_id
        for a in appointments
    ):
        raise ApplicationError("职务与干部不属于同一机构。", field_errors={"post": ["职务与干部不属于同一机构。"]})
    open_pairs = set(
        Appointment.objects.filter(post__unit__organization_id=organization_id, end_date__isnull=True).values_list(
            "cadre_id", "post_id"
        )
    )
    holders: dict[int, int] = {}
    for _cadre_id, post_id in open_pairs:
        holders[post_id] = holders.get(post_id, 0) + 1
    posts = {}
    for a in appointments:
        cadre, post = a["cadre"], a["post"]
        if (cadre.pk, post.pk) in open_pairs:
            raise ApplicationError(f"{cadre.name}已在任{post}。", field_errors={"post": ["已在任该职务。"]})
        open_pairs.add((cadre.pk, post.pk))
        holders[post.pk] = holders.get(post.pk, 0) + 1
        posts[post.pk] = post
    for post_id, count in holders.items():
        post = posts.get(post_id)
        if post is not None and count > post.headcount:
            raise ApplicationError(
                f"{post}职数为 {post.headcount},已满。",
                field_errors={"post": [f"职数已满({count}/{post.headcount})。"]},
            )
    created = Appointment.objects.bulk_create(
        [
            Appointment(
                cadre=a["cadre"],
                post=a["post"],
                start_date=a["start_date"],
                start_reason=a.get("start_reason", Appointment.StartReason.APPOINTED),
            )
            for a in appointments
        ]
    )
    audit_log_record_many(
        actor=actor,
        action="org.appointment.start",
        entries=[(a, None, snapshot(a)) for a in created],
        reason=reason,
    )
    return created


@transaction.atomic
def appointment_bulk_end(
    *,
    appointments: list[Appointment],
    end_date_of: dict[int, datetime.date],
    end_reason: str,
    actor=None,
    reason: str = "",
) -> list[Appointment]:
    """End many appointments; `end_date_of` maps each appointment's id to its end date. Rank grades stay (保留职级)."""
    if end_reason not in Appointment.EndReason.values:
        raise ApplicationError("离任原因无效。", field_errors={"end_reason": ["离任原因无效。"]})
    by_date: dict[datetime.date, list[int]] = {}
    for appointment in appointments:
        end_date = end_date_of[appointment.pk]
        if end_date <= appointment.start_date:
            raise ApplicationError(
                "免职日期必须晚于任职日期。", field_errors={"end_date": ["免职日期必须晚于任职日期。"]}
            )
        by_date.setdefault(end_date, []).append(appointment.pk)
    befores = {a.pk: snapshot(a) for a in appointments}
    for end_date, ids in by_date.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            updated = Appointment.objects.filter(pk__in=chunk, end_date__isnull=True).update(
                end_date=end_date, end_reason=end_reason
            )
            if updated != len(chunk):
                raise ApplicationError("部分任职已结束。")
    for appointment in appointments:
        appointment.end_date, appointment.end_reason = end_date_of[appointment.pk], end_reason
    audit_log_record_many(
        actor=actor,
        action="org.appointment.end",
        entries=[(a, befores[a.pk], snapshot(a)) for a in appointments],
        reason=reason,
    )
    return appointments


@transaction.atomic
def group_member_bulk_set(*, group: AssessmentGroup, cadres: list[Cadre], actor=None, reason: str = "") -> None:
    """Put many cadres in a group for its year, moving them out of any other group of that year."""
    if any(c.organization_id != group.organization_id for c in cadres):
        raise ApplicationError("干部与考核组不属于同一机构。")
    current = dict(
        GroupMembership.objects.filter(year=group.year, cadre__organization_id=group.organization_id).values_list(
            "cadre_id", "group_id"
        )
    )
    moving = list({c.pk: c for c in cadres if current.get(c.pk) != group.pk}.values())
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
