"""Error-tolerance exemptions (容错免责) as the results see them: an exempted deduction or veto leaves the computation.

The party committee's decision itself (the three tests, the disclosure, the correction that follows) belongs to the
`demotion` app, which calls `entry_exempt` once it has approved a case; `assessments` never imports `demotion`.

Taking the item out works as an upheld appeal does (assessments.services.appeals): approved → revoked, audited,
and, when the year has been computed before, a new whole-year version computed right after commit; a published year
then points at the new version (`publication_adopt_run`, audited with both versions). A published year changes only
through an appeal or a tolerance case (《陕西省党政干部容错纠错办法(试行)》: an error tolerated leaves no mark on
the assessment; 公务员法: a published grade changes only on review).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import ApprovalStatus, PointEntry, PointItem, ResultRun, VetoEntry
from assessments.selectors.appeals import appeal_subject_label
from assessments.services.appeals import year_rerun_after_revoke
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError

EXEMPT_ACTIONS = {PointEntry: "assessments.points.exempt", VetoEntry: "assessments.veto.exempt"}


def _run_reason(entry: PointEntry | VetoEntry) -> str:
    """Stored with the run, so in the installation's language rather than the deciding user's."""
    target = "deduction" if isinstance(entry, PointEntry) else "veto"
    with translation.override(settings.LANGUAGE_CODE):
        label = appeal_subject_label(target=target, entry=entry, year=entry.year)
    return f"容错免责:{entry.cadre.name} {label}"[: ResultRun._meta.get_field("reason").max_length]


@transaction.atomic
def entry_exempt(*, target: str, entry_id: int, actor, reason: str) -> int | None:
    """Exempt an approved deduction (`target` "deduction") or veto ("veto"): approved → revoked, a guarded update,
    audited; and re-version the year's result when it has been computed. Returns the id of the new run (computed
    after commit), or None when the year has no result yet (its next computation leaves the item out anyway)."""
    if target not in ("deduction", "veto"):
        raise ApplicationError(_("只能对扣分或一票否决予以容错免责。"))
    model = PointEntry if target == "deduction" else VetoEntry
    entry = model.objects.select_related("item", "cadre", "cadre__organization").filter(pk=entry_id).first()
    if entry is None:
        raise ApplicationError(_("只能对扣分或一票否决予以容错免责。"))
    if isinstance(entry, PointEntry) and entry.item.kind != PointItem.Kind.DEDUCTION:
        raise ApplicationError(_("加分不能容错免责,只有扣分和一票否决可以。"))
    changed = model.objects.filter(pk=entry.pk, status=ApprovalStatus.APPROVED).update(
        status=ApprovalStatus.REVOKED, updated_at=timezone.now()
    )
    entry.refresh_from_db()
    if changed != 1:
        raise ApplicationError(_("该记录目前为“%(status)s”,不能容错免责。") % {"status": entry.get_status_display()})
    audit_log_record(
        actor=actor,
        action=EXEMPT_ACTIONS[model],
        subject=entry,
        before={"status": ApprovalStatus.APPROVED.value},
        after=snapshot(entry, ["status"]),
        reason=f"容错免责:{reason}",
    )
    run = year_rerun_after_revoke(
        organization=entry.cadre.organization, year=entry.year, actor=actor, reason=lambda: _run_reason(entry)
    )
    return run.pk if run is not None else None
