"""Password history and password changes."""

import datetime

from django.db import transaction
from django.utils import timezone

from common.audit import audit_log_record
from security.models import PasswordHistory
from security.services.tokens import api_tokens_revoke_all


@transaction.atomic
def password_history_record(*, user, keep: int) -> None:
    """The user's new password hash, dated now; only the last `keep` are kept (an older hash is information nobody
    needs any more)."""
    PasswordHistory.objects.create(user=user, password=user.password, changed_at=timezone.now())
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def password_change(*, user, password: str, actor) -> datetime.datetime:
    """Set a new password (the form has applied the validators) and return when. The history row is written by
    PasswordHistoryValidator.password_changed when the user is saved; the user's API tokens end with the old
    password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    api_tokens_revoke_all(user=user, actor=actor, reason="修改密码")
    audit_log_record(actor=actor, action="security.password.change", subject=user)
    return timezone.now()
