"""Cadres' logins: created (or linked to an existing user of the same name) without a usable password, activated by
the cadre with a one-time code HR prints, switched off and on. Each change is audited on the cadre.

A code is kept only as a keyed hash (org.accounts.codes), expires after CADRE_ACTIVATION_DAYS, serves once, and
issuing a new one voids the last. Accounts holding an HR or committee role, and the administrator's, are the
administrator's to manage (org.accounts.state.is_privileged): HR can neither take them over nor switch them off.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, audit_log_record_many
from common.errors import ApplicationError, refuse
from org.accounts.codes import code_generate, code_hash, code_matches
from org.accounts.state import privileged_user_ids
from org.accounts.usernames import UnusableUsername, username_for
from org.models import AccountActivation, Cadre
from org.roles import get_roles
from org.services.scope import require_cadres

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FAILED = "activation_failed"  # a refusal that counts as a failed login (django-axes)


def activation_days() -> int:
    return getattr(settings, "CADRE_ACTIVATION_DAYS", 14)


def _is_admin(actor) -> bool:
    return actor is None or get_roles(actor).is_admin


def _login(cadre: Cadre) -> "User":
    """The login of a cadre the caller knows has one."""
    assert cadre.user is not None
    return cadre.user


@dataclass
class AccountPlan:
    """What creating accounts for some cadres would do: whom it gives a new login, whom it links to an existing user
    of the same name, and whom it leaves out, with the reason. `users` and `usernames` are keyed by id(cadre): the
    roster plans logins for cadres it has not created yet."""

    create: list[Cadre] = field(default_factory=list)
    link: list[Cadre] = field(default_factory=list)
    users: dict[int, "User"] = field(default_factory=dict)
    usernames: dict[int, str] = field(default_factory=dict)
    skipped: list[tuple[Cadre, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.create) + len(self.link)


def account_plan(*, cadres: list[Cadre], actor, link_privileged: bool | None = None) -> AccountPlan:
    """Reads only. Cadres who already have a login, or have left, are left out (the latter with a reason). An
    existing user with an HR or committee role is linked only by the administrator (`link_privileged`, by default
    whether the actor is the administrator)."""
    if link_privileged is None:
        link_privileged = _is_admin(actor)
    plan = AccountPlan()
    wanted: dict[int, str] = {}
    for cadre in cadres:
        if cadre.user_id is not None:
            continue
        if not cadre.is_current:
            plan.skipped.append((cadre, _("已离开本单位")))
            continue
        try:
            wanted[id(cadre)] = username_for(cadre)
        except UnusableUsername as exc:
            plan.skipped.append((cadre, _("“%(name)s”不能用作登录名") % {"name": exc.args[0]}))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=set(wanted.values()))}
    linked = set(Cadre.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    privileged = privileged_user_ids([u.pk for u in users.values()])
    claimed: dict[str, Cadre] = {}
    for cadre in cadres:
        username = wanted.get(id(cadre))
        if username is None:
            continue
        existing = users.get(username)
        if username in claimed:
            plan.skipped.append(
                (cadre, _("登录名“%(u)s”与%(other)s相同") % {"u": username, "other": claimed[username].name})
            )
        elif existing is None:
            plan.create.append(cadre)
        elif existing.pk in linked:
            plan.skipped.append((cadre, _("登录名“%(u)s”已是其他干部的账号") % {"u": username}))
        elif existing.is_superuser or (existing.pk in privileged and not link_privileged):
            plan.skipped.append((cadre, _("同名账号“%(u)s”由系统管理员管理") % {"u": username}))
        else:
            plan.link.append(cadre)
            plan.users[id(cadre)] = existing
        claimed.setdefault(username, cadre)
        plan.usernames[id(cadre)] = username
    return plan


@transaction.atomic
def cadre_account_ensure(*, cadres: list[Cadre], actor, reason: str = "") -> AccountPlan:
    """Give each cadre a login: a new user named by CADRE_USERNAME_FORMAT with no usable password (the cadre sets
    one on activation), or the existing user of that name. Those it cannot are left out, with the reason."""
    require_cadres(actor=actor, cadres=cadres)
    plan = account_plan(cadres=cadres, actor=actor)
    User = get_user_model()
    new_users = []
    for cadre in plan.create:
        user = User(username=plan.usernames[id(cadre)], first_name=cadre.name[:150])
        user.set_unusable_password()
        new_users.append(user)
    created = User.objects.bulk_create(new_users)
    for cadre, user in zip(plan.create, created, strict=True):
        plan.users[id(cadre)] = user
    changed = [*plan.create, *plan.link]
    for cadre in changed:
        cadre.user = plan.users[id(cadre)]
    Cadre.objects.bulk_update(changed, ["user"], batch_size=500)
    for action, group in (("org.account.create", plan.create), ("org.account.link", plan.link)):
        audit_log_record_many(
            actor=actor,
            action=action,
            entries=[(c, None, {"username": plan.usernames[id(c)], "user": plan.users[id(c)].pk}) for c in group],
            reason=reason,
        )
    return plan


@dataclass(frozen=True)
class IssuedCode:
    """A code as it goes on the activation sheet: the only time it exists in plain text."""

    cadre: Cadre | None
    username: str
    code: str
    expires_at: datetime.datetime


def sheet_refusal(cadre: Cadre, *, privileged: set[int], actor) -> str | None:
    """Why a cadre (whose login exists or is about to) gets no code on the activation sheet, or None."""
    if not cadre.is_current:
        return _("已离开本单位")
    if cadre.user_id is None:
        return None
    if cadre.user_id in privileged and not _is_admin(actor):
        return _("账号有管理权限,由系统管理员管理")
    if not _login(cadre).is_active:
        return _("账号已停用,请先启用")
    return None


def activation_sheet_plan(*, cadres: list[Cadre], actor) -> tuple[list[Cadre], list[tuple[Cadre, str]], AccountPlan]:
    """Reads only: (the cadres whose codes the sheet will carry, those left out with the reason, the logins it will
    create or link first)."""
    accounts = account_plan(cadres=cadres, actor=actor)
    privileged = privileged_user_ids([c.user_id for c in cadres])
    skipped = list(accounts.skipped)
    left_out = {c.pk for c, _reason in skipped}
    eligible = []
    for cadre in cadres:
        if cadre.pk in left_out:
            continue
        if cadre.user_id is None and id(cadre) not in accounts.usernames:
            continue
        refusal = sheet_refusal(cadre, privileged=privileged, actor=actor)
        if refusal:
            skipped.append((cadre, refusal))
        else:
            eligible.append(cadre)
    return eligible, skipped, accounts


def _issue(*, users: list, actor, now: datetime.datetime) -> dict[int, tuple[str, datetime.datetime]]:
    """New codes for these users, voiding each one's open code: {user id: (code, expires at)}."""
    AccountActivation.objects.filter(user__in=users, used_at__isnull=True, voided_at__isnull=True).update(voided_at=now)
    expires_at = now + datetime.timedelta(days=activation_days())
    codes = {user.pk: code_generate() for user in users}
    AccountActivation.objects.bulk_create(
        [
            AccountActivation(user=user, code_hash=code_hash(codes[user.pk]), expires_at=expires_at, issued_by=actor)
            for user in users
        ]
    )
    return {pk: (code, expires_at) for pk, code in codes.items()}


@transaction.atomic
def account_activation_issue(*, cadres: list[Cadre], actor, reason: str = "") -> list[IssuedCode]:
    """Codes for the activation sheet: a login first for those without one, then a new code each (the last one
    each had is void from now on). Refuses, changing nothing, when any cadre cannot have one."""
    require_cadres(actor=actor, cadres=cadres)
    eligible, skipped, _accounts = activation_sheet_plan(cadres=cadres, actor=actor)
    if skipped:
        refuse(
            _("以下干部不能生成激活码:%(list)s。") % {"list": ";".join(f"{c.name}({why})" for c, why in skipped[:10])},
            "cadres",
        )
    cadre_account_ensure(cadres=[c for c in eligible if c.user_id is None], actor=actor, reason=reason)
    now = timezone.now()
    codes = _issue(users=[c.user for c in eligible], actor=actor, now=now)
    audit_log_record_many(
        actor=actor,
        action="org.account.code_issue",
        entries=[(c, None, {"username": _login(c).username, "expires_at": codes[_login(c).pk][1]}) for c in eligible],
        reason=reason,
    )
    return [IssuedCode(c, _login(c).username, *codes[_login(c).pk]) for c in eligible]


@transaction.atomic
def user_activation_issue(*, user, actor, reason: str = "") -> IssuedCode:
    """A code for a login that is not a cadre's (the first HR user of a new organization)."""
    code, expires_at = _issue(users=[user], actor=actor, now=timezone.now())[user.pk]
    audit_log_record(
        actor=actor,
        action="org.account.code_issue",
        subject=user,
        after={"username": user.username, "expires_at": expires_at},
        reason=reason,
    )
    return IssuedCode(None, user.username, code, expires_at)


def _failed(message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={"code": [message]}, code=FAILED)


@transaction.atomic
def account_activate(*, username: str, code: str, password1: str, password2: str):
    """The cadre's own step: the username and the code from the sheet, then a password of their choosing (Django's
    password validators). The code is spent. Refusals with the code FAILED count as failed logins."""
    user = get_user_model().objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise _failed(_("用户名或激活码不正确。"))
    # A user has a handful of codes at most (one open, the rest used or void): each is checked.
    activations = list(AccountActivation.objects.select_for_update().filter(user=user).order_by("-created_at")[:20])
    match = next((a for a in activations if code_matches(code, a.code_hash)), None)
    if match is None:
        raise _failed(_("用户名或激活码不正确。"))
    if not match.is_open:
        raise _failed(_("该激活码已使用或已作废。请使用最近一次打印的激活单,或请组织人事部门重新打印。"))
    now = timezone.now()
    if match.expires_at <= now:
        raise _failed(_("该激活码已过期。请组织人事部门重新打印激活单。"))
    if not user.is_active:
        refuse(_("该账号已停用,请联系组织人事部门。"), "username")
    if password1 != password2:
        refuse(_("两次输入的密码不一致。"), "password2")
    try:
        password_validation.validate_password(password1, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field_errors={"password1": list(exc.messages)}) from exc
    AccountActivation.objects.filter(pk=match.pk).update(used_at=now)
    user.set_password(password1)
    user.save(update_fields=["password"])
    cadre = Cadre.objects.filter(user=user).first()
    audit_log_record(
        actor=user, action="org.account.activate", subject=cadre or user, after={"username": user.username}
    )
    return user


def _set_active(*, cadres: list[Cadre], active: bool, actor, reason: str) -> list[Cadre]:
    require_cadres(actor=actor, cadres=cadres)
    with_login = [c for c in cadres if c.user_id is not None]
    if not _is_admin(actor):
        privileged = privileged_user_ids([c.user_id for c in with_login])
        managed = [c.name for c in with_login if c.user_id in privileged]
        if managed:
            refuse(_("%(names)s的账号有管理权限,由系统管理员管理。") % {"names": "、".join(managed)}, "cadres")
    if active:
        gone = [c.name for c in with_login if not c.is_current]
        if gone:
            refuse(_("%(names)s已离开本单位,账号不能启用。") % {"names": "、".join(gone)}, "cadres")
    changing = [c for c in with_login if _login(c).is_active != active]
    get_user_model().objects.filter(pk__in=[c.user_id for c in changing]).update(is_active=active)
    for cadre in changing:
        _login(cadre).is_active = active
    audit_log_record_many(
        actor=actor,
        action="org.account.unlock" if active else "org.account.lock",
        entries=[(c, {"is_active": not active}, {"is_active": active}) for c in changing],
        reason=reason,
    )
    return changing


@transaction.atomic
def account_lock(*, cadres: list[Cadre], actor, reason: str = "") -> list[Cadre]:
    """Switch off the logins of these cadres (停用): their sessions and tokens stop working at once. Returns the
    cadres whose login changed; those without a login are left as they are."""
    return _set_active(cadres=cadres, active=False, actor=actor, reason=reason)


@transaction.atomic
def account_unlock(*, cadres: list[Cadre], actor, reason: str = "") -> list[Cadre]:
    """Switch the logins of these cadres back on (启用)."""
    return _set_active(cadres=cadres, active=True, actor=actor, reason=reason)
