"""The retention purge: audit rows older than the retention period go, oldest first, in one transaction that alone
may delete them (it sets the setting the PostgreSQL trigger lets through, for itself only), and an anchor records
where the chain now begins, itself audited. Run separately (`manage.py purge_audit`), never by the application."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from common.audit import audit_log_record
from common.audit_chain import _lock, chain_model, chain_seal
from common.audit_guard import PURGE_SETTING
from common.models import AuditAnchor


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    up_to: int | None


def audit_purge(*, label: str, cutoff: datetime.datetime, dry_run: bool = False) -> PurgeResult:
    model = chain_model(label)
    chain_seal(label)  # what is older than the cutoff is in the chain before it goes
    with transaction.atomic():
        _lock(label)
        rows = model._base_manager.filter(seq__isnull=False)
        newer = rows.filter(created_at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        last = rows.order_by("-seq").values_list("seq", flat=True).first()
        if last is None:
            return PurgeResult(0, None)
        # Only a run of the chain's oldest rows: nothing from the first row newer than the cutoff on.
        up_to = (newer - 1) if newer is not None else last
        doomed = rows.filter(seq__lte=up_to)
        count = doomed.count()
        if count == 0 or dry_run:
            return PurgeResult(count, up_to if count else None)
        boundary = rows.filter(seq=up_to).values_list("row_hash", flat=True).get()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])  # this transaction only
        doomed.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
        anchor = AuditAnchor.objects.create(chain=label, seq=up_to, row_hash=boundary, purged=count, cutoff=cutoff)
        audit_log_record(
            actor=None,
            action="audit.purge",
            subject=ContentType.objects.get_for_model(model),
            after={"chain": label, "up_to": up_to, "purged": count, "cutoff": cutoff, "anchor": anchor.pk},
        )
    return PurgeResult(count, up_to)
