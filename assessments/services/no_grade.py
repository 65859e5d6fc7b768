"""A cadre's no-grade state for a year (不定等次 / 不进行考核), recorded by HR with its reason: how an incomplete cadre
is resolved when the scores will not be completed (probation, under investigation, long leave). The committee sees
the state and its reason on the settlement page; the next computation grades the cadre 5 or 6.

Refused once the year is published (a published year changes only through an appeal or a tolerance case)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import SpecialStatus
from assessments.selectors.publication import is_published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Cadre

FIELDS = ["cadre_id", "year", "state", "reason_kind", "reason", "recorded_by_id"]


@transaction.atomic
def no_grade_record(*, cadre: Cadre, year: int, state: str, reason_kind: str, reason: str, actor) -> SpecialStatus:
    """Record (or change) the cadre's no-grade state for the year, audited with the reason: its kind (what the
    national code tells apart, SpecialStatus.ReasonKind) and the words."""
    errors = {}
    if state not in SpecialStatus.State.values:
        errors["state"] = [_("请选择不定等次或不进行考核。")]
    elif reason_kind not in SpecialStatus.KINDS_BY_STATE[SpecialStatus.State(state)]:
        kinds = "、".join(str(kind.label) for kind in SpecialStatus.KINDS_BY_STATE[SpecialStatus.State(state)])
        errors["reason_kind"] = [
            _("%(state)s的原因类别须为:%(kinds)s。") % {"state": SpecialStatus.State(state).label, "kinds": kinds}
        ]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("请填写原因。")]
    elif len(reason) > (SpecialStatus._meta.get_field("reason").max_length or 0):
        errors["reason"] = [_("原因不能超过200字。")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)
    if is_published(organization_id=cadre.organization_id, year=year):
        raise ApplicationError(_("%(year)s年考核结果已公布,如需调整请通过申诉复核。") % {"year": year})
    current = SpecialStatus.objects.select_for_update().filter(cadre=cadre, year=year).first()
    before = snapshot(current, FIELDS) if current else None
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    if current is None:
        current = SpecialStatus.objects.create(
            cadre=cadre, year=year, state=state, reason_kind=reason_kind, reason=reason, recorded_by=recorder
        )
    else:
        current.state, current.reason_kind, current.reason, current.recorded_by = state, reason_kind, reason, recorder
        current.save()
    audit_log_record(
        actor=actor,
        action="assessments.results.no_grade",
        subject=current,
        before=before,
        after=snapshot(current, FIELDS),
        reason=reason,
    )
    return current
