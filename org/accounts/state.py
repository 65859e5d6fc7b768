"""What state a cadre's login is in, as HR sees it on the account list and the activation sheet."""

from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _

from org.models import RoleAssignment
from org.roles import ROLE_COMMITTEE, ROLE_HR

# Roles whose logins only the system administrator manages: an HR user must not take over (by a new activation
# code) or switch off the account of someone who may see or decide more than they do.
PRIVILEGED_ROLES = (ROLE_HR, ROLE_COMMITTEE)


class AccountState(TextChoices):
    NONE = "none", _("无账号")
    PENDING = "pending", _("待激活")
    ACTIVE = "active", _("已激活")
    LOCKED = "locked", _("已停用")


def account_state(user) -> AccountState:
    if user is None:
        return AccountState.NONE
    if not user.is_active:
        return AccountState.LOCKED
    return AccountState.ACTIVE if user.has_usable_password() else AccountState.PENDING


def is_privileged(user) -> bool:
    """An account the system administrator manages: the admin's own, or one holding an HR or committee role."""
    if user is None:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return RoleAssignment.objects.filter(user=user, role__in=PRIVILEGED_ROLES).exists()


def privileged_user_ids(user_ids) -> set[int]:
    """The privileged accounts among these, in two queries (list pages)."""
    from django.contrib.auth import get_user_model

    ids = [i for i in user_ids if i is not None]
    if not ids:
        return set()
    staff = set(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True), pk__in=ids)
        .values_list("pk", flat=True)
    )
    roles = set(
        RoleAssignment.objects.filter(user_id__in=ids, role__in=PRIVILEGED_ROLES).values_list("user_id", flat=True)
    )
    return staff | roles
