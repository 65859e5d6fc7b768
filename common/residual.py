"""剩余信息保护 (GB/T 22239-2019 8.1.4.10): files holding people's data do not outlive their use.

- An import's uploaded file is deleted when its job ends, whatever the outcome, or when beat finds its worker died
  (common.jobs.services); a preview never confirmed is deleted after a day.
- An exported file is deleted `EXPORT_RETENTION_DAYS` after it was made (default 7).

Beat's `residual-expire` runs `common.residual_expire` hourly: every app's registered expiry (register_expiry)
deletes what is past its age and writes an audit row for what it deleted.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

EXPIRED_ACTION = "system.files_expired"

_expiries: dict[str, Callable[[], int]] = {}


def register_expiry(name: str, expire: Callable[[], int]) -> None:
    """`expire()` deletes the files of `name` past their age and returns how many; it audits what it deleted or
    leaves that to this module (audit_expired)."""
    _expiries[name] = expire


def audit_expired(*, kind: str, files: int, max_age_hours: int) -> None:
    """One audit row for files deleted because of their age that belong to no record of their own."""
    from common.audit import audit_log_record
    from common.models import AuditLog

    if not files:
        return
    with transaction.atomic():
        audit_log_record(
            actor=None,
            action=EXPIRED_ACTION,
            subject=ContentType.objects.get_for_model(AuditLog),
            after={"kind": kind, "files": files, "max_age_hours": max_age_hours},
            reason="剩余信息保护:超过保存期限的文件已删除",
        )


def residual_expire() -> dict[str, int]:
    """Run every registered expiry; returns how many files each deleted."""
    return {name: expire() for name, expire in sorted(_expiries.items())}
