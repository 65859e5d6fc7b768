"""Who rates whom (评分关系)."""

from django.db import transaction

from assessments.models import Component, RaterAssignment, Scheme, Score
from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import ApplicationError
from org.models import Cadre, RoleAssignment
from org.services import role_assign


@transaction.atomic
def rater_assign_bulk(
    *,
    scheme: Scheme,
    components: list[Component],
    raters: list[Cadre],
    ratees: list[Cadre],
    actor=None,
) -> int:
    """Every rater rates every ratee on every component (nobody rates themselves). Returns how many were new.

    Raters get the rater role in the organization if they lack it, so they can sign in to their grid.
    """
    if not scheme.is_current:
        raise ApplicationError("这是已被取代的旧版本方案,不能再分配评分人。")
    errors = {}
    if not components:
        errors["components"] = ["请选择考核项目。"]
    if not raters:
        errors["raters"] = ["请选择评分人。"]
    if not ratees:
        errors["ratees"] = ["请选择被评人。"]
    if errors:
        raise ApplicationError("评分关系不完整。", field_errors=errors)
    if any(c.scheme_id != scheme.pk for c in components):
        raise ApplicationError("考核项目不属于该方案。", field_errors={"components": ["考核项目不属于该方案。"]})
    outsiders = [c for c in [*raters, *ratees] if c.organization_id != scheme.organization_id]
    if outsiders:
        names = "、".join(c.name for c in outsiders[:5])
        raise ApplicationError(f"{names}不属于{scheme.organization.name}。")
    no_login = [r for r in raters if r.user_id is None]
    if no_login:
        names = "、".join(f"{r.name}({r.employee_no})" for r in no_login[:5])
        raise ApplicationError(
            f"{names}没有登录账号,无法评分。请先在花名册或后台为其开通账号。",
            field_errors={"raters": ["评分人须有登录账号。"]},
        )
    existing = set(
        RaterAssignment.objects.filter(component__in=components, rater__in=raters, ratee__in=ratees).values_list(
            "component_id", "rater_id", "ratee_id"
        )
    )
    new = [
        RaterAssignment(component=c, scheme=scheme, rater=r, ratee=e)
        for c in components
        for r in raters
        for e in ratees
        if r.pk != e.pk and (c.pk, r.pk, e.pk) not in existing
    ]
    RaterAssignment.objects.bulk_create(new, batch_size=2000)
    if new:
        matching = RaterAssignment.objects.filter(
            component__in=components, rater__in=raters, ratee__in=ratees
        ).select_related("rater", "ratee", "component")
        created = [a for a in matching if (a.component_id, a.rater_id, a.ratee_id) not in existing]
        audit_log_record_many(
            actor=actor,
            action="assessments.assignment.create",
            entries=[(a, None, snapshot(a, ["component_id", "rater_id", "ratee_id"])) for a in created],
        )
    holders: set[int | None] = set(
        RoleAssignment.objects.filter(
            role=RoleAssignment.Role.RATER, organization_id=scheme.organization_id
        ).values_list("user_id", flat=True)
    )
    for rater in {r.pk: r for r in raters}.values():
        if rater.user_id not in holders:
            role_assign(user=rater.user, role=RoleAssignment.Role.RATER, organization=scheme.organization, actor=actor)
            holders.add(rater.user_id)
    return len(new)


@transaction.atomic
def rater_unassign(*, assignment: RaterAssignment, actor=None, reason: str = "") -> None:
    if not assignment.scheme.is_current:
        raise ApplicationError("这是已被取代的旧版本方案,不能修改评分关系。")
    if Score.objects.filter(
        component_id=assignment.component_id, rater_id=assignment.rater_id, ratee_id=assignment.ratee_id
    ).exists():
        # The rater is not named: the caller may be HR from whom the rater's identity is withheld (rater_privacy).
        raise ApplicationError(f"该评分人已对{assignment.ratee.name}评分,不能取消该评分关系。")
    before = snapshot(assignment, ["component_id", "rater_id", "ratee_id"])
    audit_log_record(
        actor=actor, action="assessments.assignment.delete", subject=assignment, before=before, reason=reason
    )
    assignment.delete()
