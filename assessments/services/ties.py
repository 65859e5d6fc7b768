"""The party committee's decisions on ties: who of the cadres tied across the bottom cut joins the bottom set,
who of those tied at the 优秀 quota is graded 优秀.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessments.models import Publication, Result, ResultRun, TieDecision
from assessments.results.display import bottom_label, tie_kind_label
from assessments.results.rules import BOTTOM, EXCELLENT, tie_flag
from assessments.selectors.ties import group_counts
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Cadre
from org.roles import ROLE_COMMITTEE, get_roles

DECISION_FIELDS = ["run_id", "cadre_id", "kind", "chosen", "reason", "decided_by_id"]


def _lock_decidable_run(run: ResultRun) -> tuple[ResultRun, bool]:
    """The run, locked (decisions on one run are taken one at a time, so the counts below hold), if its ties may
    still be decided; and whether the year is already published. A published year is re-versioned only by an appeal
    or a tolerance case; the ties of the version it moved to are then decided once, never changed."""
    run = ResultRun.objects.select_for_update(of=("self",)).select_related("scheme", "organization").get(pk=run.pk)
    if run.status != ResultRun.Status.SUCCEEDED:
        raise ApplicationError(_("该版本尚未计算完成,不能裁定。"))
    if run.group_id is not None:
        raise ApplicationError(_("这是单个考核组的试算版本;请在全年度计算的版本上裁定边界并列。"))
    publication = Publication.objects.filter(organization_id=run.organization_id, year=run.year).first()
    if publication is not None and publication.state == Publication.State.PUBLISHED:
        if publication.run_id != run.pk:
            raise ApplicationError(
                _("%(year)s年考核结果已公布,不能再裁定;如有异议请通过申诉复核。") % {"year": run.year}
            )
        return run, True
    if publication is not None and publication.run_id == run.pk:
        raise ApplicationError(_("本版本结果已由党组(党委)确认,裁定不能再修改。"))
    return run, False


def check_group(run: ResultRun, group_id: int, kind: str, *, complete: bool = False) -> None:
    """The decisions of one group and kind, as they now stand, must still allow (or, `complete`, be) a settlement:
    bottom — exactly `slots` of the tied cadres chosen once all are decided; 优秀 — at most `slots` chosen."""
    counts = group_counts(run, [group_id]).get(group_id)
    ties = counts.ties(kind) if counts else 0
    if counts is None or not ties:
        return
    slots = counts.slots(run.scheme, kind)
    # The computation flags a tie only when it straddles the cut: at least one place left and fewer than the tied.
    if not 0 < slots < ties:
        raise ApplicationError(_("该组的计算结果与现行规则不一致,请重新计算后再裁定。"))
    tied = Result.objects.filter(run=run, group_id=group_id, **{tie_flag(kind): True}).values("cadre_id")
    decided = TieDecision.objects.filter(run=run, kind=kind, cadre_id__in=tied).aggregate(
        n_chosen=Count("id", filter=Q(chosen=True)), n_left_out=Count("id", filter=Q(chosen=False))
    )
    chosen, left_out = decided["n_chosen"], decided["n_left_out"]
    if kind == BOTTOM:
        if chosen > slots:
            raise ApplicationError(
                _(
                    "该组%(bottom)s还剩 %(slots)d 个名额,须从 %(ties)d 名并列干部中确定 %(slots)d 人,不能列入 %(chosen)d 人。"
                )
                % {"bottom": bottom_label(run.scheme.bottom_ratio), "slots": slots, "ties": ties, "chosen": chosen}
            )
        if left_out > ties - slots:
            raise ApplicationError(
                _(
                    "该组%(bottom)s还剩 %(slots)d 个名额,须从 %(ties)d 名并列干部中确定 %(slots)d 人,不列入的只能有 %(rest)d 人。"
                )
                % {"bottom": bottom_label(run.scheme.bottom_ratio), "slots": slots, "ties": ties, "rest": ties - slots}
            )
    elif chosen > slots:
        raise ApplicationError(
            _("该组优秀名额还剩 %(slots)d 个,不能从并列干部中评定 %(chosen)d 人为优秀。")
            % {"slots": slots, "chosen": chosen}
        )
    if complete and chosen + left_out < ties:
        raise ApplicationError(_("该组还有 %(n)d 名边界并列的干部未裁定。") % {"n": ties - chosen - left_out})


def _write_decision(
    *, run: ResultRun, result: Result, kind: str, chosen: bool, reason: str, actor, published: bool = False
) -> TieDecision:
    other = BOTTOM if kind == EXCELLENT else EXCELLENT
    joins_bottom = _("列入%(bottom)s") % {"bottom": bottom_label(run.scheme.bottom_ratio)}
    if chosen and TieDecision.objects.filter(run=run, cadre_id=result.cadre_id, kind=other, chosen=True).exists():
        raise ApplicationError(
            _("%(name)s已被裁定%(other)s,不能同时%(this)s。")
            % {
                "name": result.cadre.name,
                "other": joins_bottom if other == BOTTOM else _("评为优秀"),
                "this": joins_bottom if kind == BOTTOM else _("评为优秀"),
            }
        )
    decision = TieDecision.objects.filter(run=run, cadre_id=result.cadre_id, kind=kind).first()
    before = snapshot(decision, DECISION_FIELDS) if decision else None
    if decision is None:
        decision = TieDecision(run=run, cadre_id=result.cadre_id, kind=kind)
    elif published:
        if decision.chosen == chosen:
            return decision
        raise ApplicationError(_("考核结果已公布,%(name)s的裁定不能再修改。") % {"name": result.cadre.name})
    elif (
        decision.chosen == chosen and decision.reason == reason and decision.decided_by_id == getattr(actor, "pk", None)
    ):
        return decision  # nothing changes, nothing to audit
    decision.chosen = chosen
    decision.reason = reason
    decision.decided_by = actor
    decision.save()
    audit_log_record(
        actor=actor,
        action="assessments.results.tie_decide" if before is None else "assessments.results.tie_redecide",
        subject=decision,
        before=before,
        after=snapshot(decision, DECISION_FIELDS),
        reason=reason,
    )
    return decision


def _clean_kind_and_reason(kind: str, reason: str) -> str:
    if kind not in TieDecision.Kind.values:
        raise ApplicationError(_("未知的裁定类别。"))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写裁定理由。"), field_errors={"reason": [_("请填写裁定理由。")]})
    return reason


def _committee_covers(actor, cadre_ids: list[int]) -> bool:
    scope = get_roles(actor).unit_q(ROLE_COMMITTEE, prefix="unit__")
    return Cadre.objects.filter(pk__in=cadre_ids).filter(scope).count() == len(set(cadre_ids))


@transaction.atomic
def tie_decide(*, run: ResultRun, cadre, kind: str, chosen: bool, reason: str, actor) -> TieDecision:
    """The committee's word on one tied cadre. While a group's ties are being decided one by one, the decisions
    must still leave a valid settlement open; to move a place from one tied cadre to another, decide the group at
    once (tie_group_decide)."""
    reason = _clean_kind_and_reason(kind, reason)
    run, published = _lock_decidable_run(run)
    if not _committee_covers(actor, [cadre.pk]):
        raise ApplicationError(_("只有党组(党委)可以裁定边界并列。"), code="permission_denied")
    result = Result.objects.filter(run=run, cadre_id=cadre.pk, **{tie_flag(kind): True}).select_related("cadre").first()
    if result is None:
        raise ApplicationError(
            _("%(name)s在本版本结果中不是%(kind)s,无需裁定。")
            % {"name": cadre.name, "kind": tie_kind_label(kind, run.scheme)}
        )
    decision = _write_decision(
        run=run, result=result, kind=kind, chosen=bool(chosen), reason=reason, actor=actor, published=published
    )
    check_group(run, result.group_id, kind)
    return decision


@transaction.atomic
def tie_group_decide(
    *, run: ResultRun, group_id: int, kind: str, chosen_cadre_ids: Iterable[int], reason: str, actor
) -> list[TieDecision]:
    """The committee's word on every tied cadre of one group at once: those in `chosen_cadre_ids` join the bottom
    set (or are graded 优秀), the others do not. Bottom: exactly the places left; 优秀: at most the quota left."""
    reason = _clean_kind_and_reason(kind, reason)
    run, published = _lock_decidable_run(run)
    tied = list(
        Result.objects.filter(run=run, group_id=group_id, **{tie_flag(kind): True})
        .select_related("cadre")
        .order_by("cadre__employee_no")
    )
    if not tied:
        raise ApplicationError(
            _("该组在本版本结果中没有需要裁定的%(kind)s。") % {"kind": tie_kind_label(kind, run.scheme)}
        )
    if not _committee_covers(actor, [r.cadre_id for r in tied]):
        raise ApplicationError(_("只有党组(党委)可以裁定边界并列。"), code="permission_denied")
    chosen_ids = {int(pk) for pk in chosen_cadre_ids}
    if not chosen_ids <= {r.cadre_id for r in tied}:
        raise ApplicationError(_("所选干部不在该组的并列名单中。"))
    # The counts are checked once all are written, so a place can move from one tied cadre to another.
    decisions = [
        _write_decision(
            run=run,
            result=r,
            kind=kind,
            chosen=r.cadre_id in chosen_ids,
            reason=reason,
            actor=actor,
            published=published,
        )
        for r in tied
    ]
    check_group(run, group_id, kind, complete=True)
    return decisions
