"""三员分立: making a user one of the three administrators, and taking it back."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.errors import refuse
from org.models import RoleAssignment
from security.models import AdminRole


def admin_role_refusal(*, user, role: str, actor) -> tuple[str, str] | None:
    """(field, why) when `user` may not become the administrator `role`: an administrator holds no business role,
    nobody grants a role to themselves, and the superuser, kept for installation, is none of the three."""
    if role not in AdminRole.Role.values:
        return "role", _("没有这种管理员类别。")
    if user.is_superuser:
        return "user", _("超级用户仅用于安装,不担任三员中的任何一员。")
    if actor is not None and actor.pk == user.pk:
        return "user", _("不能给自己指定管理员角色。")
    if RoleAssignment.objects.filter(user=user).exists():
        return "user", _("该用户担任业务角色(组织人事、党组成员或评议人),管理员账号不得兼任。")
    return None


@transaction.atomic
def admin_role_assign(*, user, role: str, actor, reason: str = "") -> AdminRole:
    """The user becomes the administrator `role` (staff, so the admin site opens)."""
    problem = admin_role_refusal(user=user, role=role, actor=actor)
    if problem:
        refuse(problem[1], problem[0])
    held = AdminRole.objects.filter(user=user).first()
    before = {"role": held.role} if held else None
    admin_role, _created = AdminRole.objects.update_or_create(user=user, defaults={"role": role})
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_log_record(
        actor=actor,
        action="security.admin_role.assign",
        subject=user,
        before=before,
        after={"role": role},
        reason=reason,
    )
    return admin_role


@transaction.atomic
def admin_role_revoke(*, user, actor, reason: str = "") -> None:
    held = AdminRole.objects.filter(user=user).first()
    if held is None:
        return
    if actor is not None and actor.pk == user.pk:
        refuse(_("不能撤销自己的管理员角色。"), "user")
    held.delete()
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    audit_log_record(
        actor=actor, action="security.admin_role.revoke", subject=user, before={"role": held.role}, reason=reason
    )
