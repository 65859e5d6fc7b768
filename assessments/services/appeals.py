"""Appeals (申诉复核): the writes. The deadlines and the reads are in assessments.selectors.appeals.

Two channels, kept apart (公务员法 on 复核 and 申诉):

- the local appeal of an approved deduction or one-vote veto (the 洞头区 rule): within the scheme's
  `appeal_working_days` working days (default 5) after the item was approved, or after the year's publication when
  that is later; the party committee upholds it or revokes the item, and a revoked item leaves the computation;
- the statutory 复核 of a 不称职 grade (公务员法): within 30 calendar days of the publication, the last day rolling
  over to the next working day when it is a rest day (民法典 Art. 203). The local deadline never shortens it.
  Revoking here means the committee changes the grade; that is recorded, the grade itself is not changed by the
  system (the committee's new grade goes through the results workflow).

A revoked deduction or veto re-computes the year when it has been computed before. The computation runs in the
request, right after the decision commits (not on a worker): a published year must point at the corrected version
as soon as the committee has decided. When the year is published, the publication moves to the new run
(`publication_adopt_run`, audited with both versions). A year under confirmation or posting keeps its run: the
committee confirms the new version through the results workflow.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import (
    Appeal,
    ApprovalStatus,
    Grade,
    PointEntry,
    PointItem,
    Result,
    ResultRun,
    VetoEntry,
)
from assessments.selectors.appeals import (
    APPEAL_RELATED,
    _entry_deadline_for,
    _pending_first,
    _published_on,
    _run_suffix,
    appeal_subject_label,
    decidable_appeals,
    fileable_cadres,
    grade_deadline,
)
from assessments.selectors.publication import publication_for
from assessments.services.publication import publication_adopt_run
from assessments.services.results import results_run_create, results_run_execute
from common.audit import audit_log_record, snapshot
from common.errors import refuse
from common.workdays import format_date_zh
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, get_roles

logger = logging.getLogger(__name__)


APPEAL_FIELDS = ["cadre_id", "year", "target", "point_entry_id", "veto_entry_id", "result_id", "deadline", "reason"]


DECISION_FIELDS = ["status", "decided_by_id", "decided_at", "decision_reason"]


def _may_file_for(actor, cadre: Cadre) -> bool:
    r = get_roles(actor)
    if r.cadre is not None and r.cadre.pk == cadre.pk:
        return True
    return fileable_cadres(user=actor).filter(pk=cadre.pk).exists()


def _check_entry(*, cadre: Cadre, target: str, entry) -> None:
    expected = PointEntry if target == Appeal.Target.DEDUCTION else VetoEntry
    if not isinstance(entry, expected):
        refuse(_("请选择要申诉的扣分或一票否决记录。"), "entry")
    if entry.cadre_id != cadre.pk:
        refuse(_("只能对本人的扣分或一票否决申诉。"), "entry")
    if (
        target == Appeal.Target.DEDUCTION
        and isinstance(entry, PointEntry)
        and entry.item.kind != PointItem.Kind.DEDUCTION
    ):
        refuse(_("加分不能申诉,只有扣分和一票否决可以申诉。"), "entry")
    if entry.status != ApprovalStatus.APPROVED:
        refuse(_("只能对已批准的记录申诉,该记录目前为“%(status)s”。") % {"status": entry.get_status_display()}, "entry")


def _check_not_appealed(existing: Appeal | None) -> None:
    if existing is None:
        return
    if existing.status == Appeal.Status.PENDING:
        refuse(_("已有一项待处理的申诉,请等待党组(党委)决定。"))
    if existing.target == Appeal.Target.GRADE:
        refuse(_("该等次已作出复核决定;对复核决定不服的,可自收到决定之日起15日内向上一级机关提出申诉。"))
    refuse(_("该记录的申诉已作出决定(%(status)s),不能再次申诉。") % {"status": existing.get_status_display()})


def _check_deadline(deadline: datetime.date, today: datetime.date) -> None:
    if today > deadline:
        refuse(_("申诉期限已于%(date)s届满,不能再申诉。") % {"date": format_date_zh(deadline)})


@transaction.atomic
def appeal_file(
    *,
    cadre: Cadre,
    target: str,
    entry: PointEntry | VetoEntry | None = None,
    year: int | None = None,
    reason: str,
    actor,
) -> Appeal:
    """A cadre appeals their own approved deduction or veto, or asks for 复核 of a published 不称职 grade (`year`
    names it). HR may file on a cadre's behalf (a paper appeal); the appeal records who filed it."""
    reason = (reason or "").strip()
    today = timezone.localdate()
    if target not in Appeal.Target.values:
        refuse(_("申诉对象无效。"), "target")
    if not _may_file_for(actor, cadre):
        refuse(_("只能对本人的记录申诉;人事部门可为管理范围内的干部代交书面申诉。"))
    if not reason:
        refuse(_("请填写申诉理由。"), "reason")
    result = None
    if target == Appeal.Target.GRADE:
        if entry is not None or year is None:
            refuse(_("请选择要申请复核的年度。"), "year")
        # Serialises two filings for the same cadre (no database constraint covers grade appeals).
        Cadre.objects.select_for_update().filter(pk=cadre.pk).first()
        publication = publication_for(organization_id=cadre.organization_id, year=year)
        published_on = _published_on(publication)
        if publication is None or published_on is None:
            refuse(_("%(year)s年考核结果尚未公布,不能申请复核。") % {"year": year}, "year")
        result = Result.objects.filter(run_id=publication.run_id, cadre=cadre).first()
        if result is None or result.grade != Grade.INCOMPETENT:
            refuse(_("只有被确定为不称职等次的,才能申请复核。"), "year")
        deadline = grade_deadline(published_on)
        existing = _pending_first(Appeal.objects.filter(cadre=cadre, year=year, target=Appeal.Target.GRADE)).first()
    else:
        if entry is None:
            refuse(_("请选择要申诉的扣分或一票否决记录。"), "entry")
        # The entry's row lock orders two filings for the same item; the database constraint is the last word.
        type(entry).objects.select_for_update().filter(pk=entry.pk).first()
        entry.refresh_from_db()
        _check_entry(cadre=cadre, target=target, entry=entry)
        year = entry.year
        deadline = _entry_deadline_for(entry)
        field = "point_entry" if target == Appeal.Target.DEDUCTION else "veto_entry"
        existing = _pending_first(Appeal.objects.filter(**{field: entry})).first()
    _check_not_appealed(existing)
    _check_deadline(deadline, today)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                cadre=cadre,
                year=year,
                target=target,
                point_entry=entry if isinstance(entry, PointEntry) else None,  # _check_entry: the target's kind
                veto_entry=entry if isinstance(entry, VetoEntry) else None,
                result=result,
                deadline=deadline,
                reason=reason,
                filed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        refuse(_("已有一项待处理的申诉,请等待党组(党委)决定。"))
    own = get_roles(actor).cadre
    on_behalf = own is None or own.pk != cadre.pk
    audit_log_record(
        actor=actor,
        action="assessments.appeal.file",
        subject=appeal,
        after=snapshot(appeal, APPEAL_FIELDS),
        reason="人事部门代交书面申诉" if on_behalf else "",
    )
    return appeal


def _run_reason(appeal: Appeal) -> str:
    """Stored with the run, so in the installation's language rather than the deciding user's."""
    suffix = _run_suffix(appeal)
    with translation.override(settings.LANGUAGE_CODE):
        label = appeal_subject_label(
            target=appeal.target, entry=appeal.point_entry or appeal.veto_entry, year=appeal.year
        )
    head = f"申诉撤销:{appeal.cadre.name} {label}"
    return head[: (ResultRun._meta.get_field("reason").max_length or 0) - len(suffix)] + suffix


def _revoke_entry(appeal: Appeal, *, actor, reason: str) -> bool:
    """Guarded approved → revoked; False when the item was already taken out (e.g. by a tolerance case)."""
    entry = appeal.point_entry or appeal.veto_entry
    assert entry is not None  # an appeal against a record names it
    model = type(entry)
    changed = model.objects.filter(pk=entry.pk, status=ApprovalStatus.APPROVED).update(
        status=ApprovalStatus.REVOKED, updated_at=timezone.now()
    )
    if changed != 1:
        entry.refresh_from_db()
        if entry.status == ApprovalStatus.REVOKED:
            return False
        refuse(_("该记录目前为“%(status)s”,不能撤销。") % {"status": entry.get_status_display()})
    entry.refresh_from_db()
    kind = "points" if model is PointEntry else "veto"
    audit_log_record(
        actor=actor,
        action=f"assessments.{kind}.revoke",
        subject=entry,
        before={"status": ApprovalStatus.APPROVED.value},
        after=snapshot(entry, ["status"]),
        reason=f"申诉撤销:{reason}",
    )
    return True


@transaction.atomic
def appeal_decide(*, appeal: Appeal, revoke: bool, reason: str, actor) -> Appeal:
    """The party committee upholds the appeal's item (nothing else changes) or revokes it.

    Revoking a deduction or veto takes the item out (approved → revoked) and, when the year has been computed, starts
    a new whole-year run that is carried out right after commit; a published year then points at it
    (`publication_adopt_run`). The run is on `appeal.recompute_run` (None when nothing was re-computed).
    Revoking a 不称职 grade records the committee's decision only: the grade is changed through the results
    workflow, not here."""
    reason = (reason or "").strip()
    r = get_roles(actor)
    if not r.has(ROLE_COMMITTEE) or not decidable_appeals(user=actor).filter(pk=appeal.pk).exists():
        refuse(_("只有党组(党委)可以决定申诉。"))
    if r.cadre is not None and r.cadre.pk == appeal.cadre_id:
        refuse(_("不能决定本人的申诉,须由党组(党委)其他成员决定。"))
    if not reason:
        refuse(_("请填写决定理由。"), "reason")
    before = snapshot(appeal, DECISION_FIELDS)
    status = Appeal.Status.REVOKED if revoke else Appeal.Status.UPHELD
    now = timezone.now()
    # Guarded update: of two committee members deciding at once, the second is told it is already decided.
    changed = Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.PENDING).update(
        status=status, decided_by=actor, decided_at=now, decision_reason=reason, updated_at=now
    )
    if changed != 1:
        appeal.refresh_from_db()
        refuse(_("该申诉已%(status)s,不能重复决定。") % {"status": appeal.get_status_display()})
    appeal = Appeal.objects.select_related(*APPEAL_RELATED).get(pk=appeal.pk)
    appeal.recompute_run = None  # type: ignore[attr-defined]  # for the caller, see the docstring
    note = ""
    if revoke and appeal.target == Appeal.Target.GRADE:
        note = "等次由党组(党委)另行确定,系统不自动改变等次。"
    elif revoke and _revoke_entry(appeal, actor=actor, reason=reason):
        appeal.recompute_run = year_rerun_after_revoke(  # type: ignore[attr-defined]  # for the caller, see the docstring
            organization=appeal.cadre.organization, year=appeal.year, actor=actor, reason=lambda: _run_reason(appeal)
        )
    audit_log_record(
        actor=actor,
        action="assessments.appeal.revoke" if revoke else "assessments.appeal.uphold",
        subject=appeal,
        before=before,
        after=snapshot(appeal, DECISION_FIELDS),
        reason=f"{reason} {note}".strip(),
    )
    return appeal


def year_rerun_after_revoke(*, organization, year: int, actor, reason: Callable[[], str]) -> ResultRun | None:
    """After an upheld appeal or a tolerance exemption has revoked an item: a new whole-year run when the year has
    been computed before (else the next computation leaves the item out anyway), carried out after commit so that it
    reads the revoked item. `reason` gives the run's reason, asked only when there is a run to start."""
    if not ResultRun.objects.filter(organization=organization, year=year, group__isnull=True).exists():
        return None
    run_reason = reason()
    run = results_run_create(
        organization=organization,
        year=year,
        actor=actor,
        reason=run_reason,
        enqueue=False,
        after_publication=True,  # an appeal or a tolerance case: the two ways a published year changes
    )
    transaction.on_commit(lambda: appeal_recompute_execute(run_id=run.pk, actor=actor, reason=run_reason))
    return run


def appeal_recompute_execute(*, run_id: int, actor=None, reason: str = "") -> ResultRun | None:
    """Carry out the run an appeal started and, when it succeeded, move a published year to it. Called after the
    decision has committed: a failure is recorded on the run (and logged), never undoes the decision."""
    try:
        run = results_run_execute(run_id=run_id)
    except Exception:
        logger.exception("re-computation %s after an appeal failed", run_id)
        return ResultRun.objects.filter(pk=run_id).first()
    if run is not None and run.status == ResultRun.Status.SUCCEEDED:
        publication_adopt_run(run=run, actor=actor, reason=reason)
    return run
