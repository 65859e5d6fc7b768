"""Ending a user's access when the account is deactivated."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from common.audit import audit_log_record
from security.services.tokens import api_tokens_revoke_all


@transaction.atomic
def user_access_end(*, user, actor, reason: str) -> int:
    """A deactivated account signs out everywhere: its API tokens are revoked and its sessions deleted (an inactive
    user's session would be refused anyway; this removes it). Returns the number of sessions ended."""
    api_tokens_revoke_all(user=user, actor=actor, reason=reason)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    audit_log_record(
        actor=actor, action="security.user.deactivate", subject=user, after={"sessions": len(ended)}, reason=reason
    )
    return len(ended)
