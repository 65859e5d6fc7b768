"""API tokens (django-rest-knox): issued to the roles that need the API, idle-expiring like a session with an
absolute maximum, revoked by logout, by a password change and by deactivation."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from common.audit import audit_log_record
from common.errors import refuse
from org.roles import get_roles


def api_token_roles_allow(user) -> bool:
    """Whether one of the user's roles is among API_TOKEN_ROLES."""
    names = set(get_roles(user).names)
    return bool(names & set(settings.API_TOKEN_ROLES))


@transaction.atomic
def api_token_issue(*, user) -> tuple[str, AuthToken]:
    """A new token for an authenticated user (the second factor, where required, is checked by the caller); returns
    the token itself (never stored: the database keeps its digest) and its row."""
    if not api_token_roles_allow(user):
        refuse(_("你的角色不使用接口令牌:接口只对需要它的角色开放。"), code="forbidden")
    instance, token = AuthToken.objects.create(user=user)
    audit_log_record(
        actor=user,
        action="security.token.issue",
        subject=user,
        after={"token_key": instance.token_key, "expiry": instance.expiry},
    )
    return token, instance


@transaction.atomic
def api_token_revoke(*, token: AuthToken, actor) -> None:
    """The token a client signs out with."""
    user = token.user
    key = token.token_key
    token.delete()
    audit_log_record(actor=actor, action="security.token.revoke", subject=user, before={"token_key": key})


@transaction.atomic
def api_tokens_revoke_all(*, user, actor, reason: str) -> int:
    """Every token of the user (logout, password change, deactivation). Returns how many there were."""
    keys = list(AuthToken.objects.filter(user=user).values_list("token_key", flat=True))
    if not keys:
        return 0
    AuthToken.objects.filter(user=user).delete()
    audit_log_record(
        actor=actor, action="security.token.revoke_all", subject=user, before={"token_keys": keys}, reason=reason
    )
    return len(keys)


@transaction.atomic
def sign_out_record(*, user, session_key: str | None, tokens: int) -> None:
    """The audit row of a sign-out: the session deleted from the session store, and how many API tokens went with it
    (剩余信息保护). The session's key is a credential and is not written down."""
    from django.contrib.sessions.models import Session

    deleted = bool(session_key) and not Session.objects.filter(session_key=session_key).exists()
    audit_log_record(
        actor=user,
        action="security.sign_out",
        subject=user,
        after={"sessions": int(deleted), "tokens": tokens},
        reason="退出登录",
    )
