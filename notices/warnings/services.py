"""Writes of the catalog: telling a warning once (audited the one time it is told), the daily scan, and HR's
switch per organization (audited with who, when, before, after and why)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.errors import refuse
from notices.models import Notice, WarningSwitch
from notices.services import notices_announce
from notices.warnings.registry import get_warning, warning_kinds
from notices.warnings.selectors import enabled_organization_ids, warning_enabled

logger = logging.getLogger(__name__)


@transaction.atomic
def warning_tell(
    *,
    kind: str,
    organization_id: int,
    recipients: Iterable,
    subject,
    occurrence: str,
    title: str,
    body: str = "",
    url: str = "",
) -> int:
    """Tell one occurrence of a warning to its recipients, once: a second call, or a scan run twice, adds nothing.
    Nothing is told when the kind is switched off for the organization. Returns the notices created; the telling is
    audited when it created any."""
    if not warning_enabled(kind, organization_id):
        return 0
    existing = Notice.objects.filter(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=str(subject.pk),
        occurrence=occurrence,
    )
    before = existing.count()
    notices_announce(
        recipients=recipients, kind=kind, subject=subject, occurrence=occurrence, title=title, body=body, url=url
    )
    created = existing.count() - before
    if created:
        audit_log_record(
            actor=None,
            action="notices.warning.send",
            subject=subject,
            after={"kind": kind, "occurrence": occurrence, "notices": created},
        )
    return created


def warnings_scan(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: every kind with a scan, for the organizations that have it on. Returns {kind: notices
    created}. One kind failing does not stop the others."""
    today = today or timezone.localdate()
    result: dict[str, int] = {}
    for kind in warning_kinds():
        if kind.scan is None:
            continue
        organization_ids = enabled_organization_ids(kind.code)
        if not organization_ids:
            result[kind.code] = 0
            continue
        try:
            result[kind.code] = kind.scan(today=today, organization_ids=organization_ids)
        except Exception:  # noqa: BLE001 — one kind's fault must not silence the others
            logger.exception("warning scan %s failed", kind.code)
            result[kind.code] = 0
    logger.info("warnings scan on %s: %s", today, result)
    return result


@transaction.atomic
def warning_switch_set(*, organization, kind: str, enabled: bool, actor, reason: str = "") -> WarningSwitch:
    """Switch one kind on or off for an organization. Audited with the state before and after."""
    if get_warning(kind) is None:
        refuse(_("没有这种预警。"), "kind")
    switch, _created = WarningSwitch.objects.select_for_update().get_or_create(
        organization=organization, kind=kind, defaults={"enabled": True}
    )
    before = switch.enabled
    if before != enabled:
        switch.enabled = enabled
        switch.changed_by = actor
        switch.save(update_fields=["enabled", "changed_by", "updated_at"])
        audit_log_record(
            actor=actor,
            action="notices.warning.switch",
            subject=switch,
            before={"kind": kind, "enabled": before},
            after={"kind": kind, "enabled": enabled},
            reason=reason,
        )
    return switch
