"""The party committee's part of a term evaluation round: choosing among the rows tied at the 优秀 quota (the system
never picks silently), and confirming the round — refused, with the list of what is unresolved, while a score is
missing, the ranking is stale or a tie is undecided. Confirmed, the round is closed and each cadre is told their form
is there to see."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from notices.services import notices_announce
from org.models import Unit
from tenure.access import committee_covers
from tenure.models import EvaluationRound, TermEvaluation
from tenure.services.evaluations import ROUND_FIELDS, require_open


def tie_groups(round_: EvaluationRound) -> list[dict]:
    """Each ranking group's rows tied at the 优秀 quota, with how many of them may be 优秀."""
    rows = list(
        TermEvaluation.objects.filter(round=round_)
        .select_related("cadre", "post__unit", "system")
        .order_by("level", "system_id", "rank", "cadre__employee_no")
    )
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row.level, row.system_id)
        group = groups.setdefault(key, {"key": key, "tied": [], "excellent": 0, "graded": 0, "row": row})
        if row.grade:
            group["graded"] += 1
        if row.grade == "excellent":
            group["excellent"] += 1
        if row.excellent_tie:
            group["tied"].append(row)
    result = []
    for group in groups.values():
        if group["tied"]:
            quota = int(round_.excellent_quota * 1000) * group["graded"] // 1000
            group["slots"] = quota - group["excellent"]
            result.append(group)
    return result


@transaction.atomic
def evaluation_round_settle(*, round_: EvaluationRound, chosen_ids: list[int], actor, reason: str) -> EvaluationRound:
    """The committee chooses, in each group with a tie at the quota, exactly as many 优秀 as places are left."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    require_committee(actor, round_)
    require_open(round_)
    if round_.state != EvaluationRound.State.RANKED or round_.stale:
        refuse(_("请先由组织人事部门完成排序。"))
    reason = (reason or "").strip()
    if not reason:
        refuse(_("请填写决定依据。"), "reason")
    chosen = set(chosen_ids)
    for group in tie_groups(round_):
        picked = [row for row in group["tied"] if row.pk in chosen]
        if len(picked) != group["slots"]:
            refuse(
                _("%(level)s组并列 %(n)s 人,须确定其中 %(slots)s 人为优秀。")
                % {"level": group["row"].get_level_display(), "n": len(group["tied"]), "slots": group["slots"]},
                "chosen",
            )
        for row in group["tied"]:
            TermEvaluation.objects.filter(pk=row.pk).update(excellent_chosen=row.pk in chosen)
    audit_log_record(
        actor=actor, action="tenure.round.settle", subject=round_, after={"chosen": sorted(chosen)}, reason=reason
    )
    return round_


def may_confirm(actor, round_: EvaluationRound) -> bool:
    """A member of the committee of the whole organization (the round ranks all of it)."""
    root = Unit.objects.filter(organization_id=round_.organization_id, parent__isnull=True).order_by("pk").first()
    return root is not None and committee_covers(actor, root)


def require_committee(actor, round_: EvaluationRound) -> None:
    if not may_confirm(actor, round_):
        raise ApplicationError(_("任期考评结果由党组确认。"), code="forbidden")


def close_blockers(round_: EvaluationRound) -> list[str]:
    """What keeps the committee from confirming the round, in words; empty when nothing does."""
    blockers = []
    if round_.state == EvaluationRound.State.SCORING:
        blockers.append(_("尚未排序。"))
    elif round_.stale:
        blockers.append(_("排序后分数有变动,须重新排序。"))
    missing = TermEvaluation.objects.filter(round=round_, combined__isnull=True).select_related("cadre")
    for row in missing.order_by("cadre__employee_no")[:20]:
        what = _("工作实绩") if row.performance is None else _("民意测评")
        blockers.append(_("%(name)s缺少%(what)s得分。") % {"name": row.cadre.name, "what": what})
    if missing.count() > 20:
        blockers.append(_("另有 %(n)s 人缺少得分。") % {"n": missing.count() - 20})
    undecided = TermEvaluation.objects.filter(round=round_, excellent_tie=True, excellent_chosen__isnull=True)
    if undecided.exists():
        blockers.append(_("优秀名额边界并列 %(n)s 人待党组确定。") % {"n": undecided.count()})
    return blockers


@transaction.atomic
def evaluation_round_close(*, round_: EvaluationRound, actor) -> EvaluationRound:
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    require_committee(actor, round_)
    require_open(round_)
    blockers = close_blockers(round_)
    if blockers:
        raise ApplicationError(_("尚不能确认:") + " ".join(blockers), extra={"blockers": blockers}, code="state")
    before = snapshot(round_, ROUND_FIELDS)
    EvaluationRound.objects.filter(pk=round_.pk).update(
        state=EvaluationRound.State.CLOSED, closed_at=timezone.now(), closed_by=actor
    )
    round_.refresh_from_db()
    audit_log_record(
        actor=actor, action="tenure.round.close", subject=round_, before=before, after=snapshot(round_, ROUND_FIELDS)
    )
    with translation.override(settings.LANGUAGE_CODE):  # notices are written in Chinese, whoever sets them off
        title = _("%(round)s结果已确认") % {"round": round_}
        body = _("您的任期考评表已经党组确认,请登录系统查看。")
    for evaluation in TermEvaluation.objects.filter(round=round_).select_related("cadre__user"):
        if evaluation.cadre.user_id:
            notices_announce(
                recipients=[evaluation.cadre.user],
                kind="tenure.evaluation",
                subject=evaluation,
                occurrence="closed",
                title=title,
                body=body,
                url=reverse("tenure:evaluation_detail", args=[evaluation.pk]),
            )
    return round_
