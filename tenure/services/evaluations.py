"""The term evaluation (任期年度考评, 正职任期制、副职聘任制的地方办法), round by round:

- organization-wide HR opens a round for a year and a stage (annual; 届中 for terms at their midpoint that year; 届满
  for terms ending that year — the same form), with the policy's weights and thresholds as they are that day; it
  holds a row for each cadre's term of the stage, with the level (the post's kind) and the system to rank in; HR
  names the round's 考评组 (evaluation team);
- a member of the team enters how far each approved goal was attained (0–100): a cadre's 工作实绩 is the weighted
  mean of the attainment of the goals that are theirs — the unit's shared goals and their own personal ones — once
  every one of them is scored; HR imports the 民意测评 (tenure.services.democratic);
- the combined score is 工作实绩 × its weight + 民意测评 × its weight, rounded half up to two decimals; HR ranks the
  round (tenure.ranking) as often as needed; a score changed afterwards marks the ranking stale;
- the party committee chooses among the rows tied at the 优秀 quota, and confirms the round: refused, with the list,
  while a score is missing, the ranking is stale or a tie is undecided. Confirmed, the round is closed and each cadre
  sees their own form.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import add_months
from org.models import Organization, Unit
from tenure.access import org_wide_hr
from tenure.models import EvaluationRound, EvaluationSystem, GoalAttainment, Term, TermEvaluation, TermGoal
from tenure.ranking import rank_round
from tenure.selectors.evaluations import evaluations_of_goal, goals_of
from tenure.selectors.policy import PolicyBook

CENT = Decimal("0.01")
ROUND_FIELDS = ["state", "performance_weight", "democratic_weight", "excellent_quota", "stale"]
Stage = EvaluationRound.Stage


def require_org_hr(actor, organization_id: int) -> None:
    if not org_wide_hr(actor, organization_id):
        raise ApplicationError(_("任期考评由全局组织人事部门组织。"), code="forbidden")


def require_open(round_: EvaluationRound) -> None:
    if round_.state == EvaluationRound.State.CLOSED:
        raise ApplicationError(_("%(round)s已经党组确认,不能再修改。") % {"round": round_}, code="state")


def systems_of_units(organization_id: int) -> dict[int, EvaluationSystem | None]:
    """unit id → the system it is ranked in (its own, else its nearest ancestor's)."""
    direct: dict[int, EvaluationSystem] = {}
    for system in EvaluationSystem.objects.filter(organization_id=organization_id).prefetch_related("units"):
        for unit in system.units.all():
            direct[unit.pk] = system
    result = {}
    for unit_id, path in Unit.objects.filter(organization_id=organization_id).values_list("pk", "path"):
        ids = [int(part) for part in path.split("/") if part]
        result[unit_id] = next((direct[i] for i in reversed(ids) if i in direct), None)
    return result


def _stage_terms(*, organization_id: int, year: int, stage: str) -> list[Term]:
    """The latest term of each cadre and post that the stage evaluates in `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    terms = Term.objects.filter(organization_id=organization_id, starts_on__lte=last).select_related(
        "post", "post__unit", "cadre", "policy"
    )
    chosen: dict[tuple[int, int], Term] = {}
    for term in terms.order_by("starts_on", "seq"):
        if term.last_day < first:
            continue
        if stage == Stage.MID:
            middle = add_months(term.starts_on, term.policy.term_years * 6) if term.policy_id else None
            if middle is None or not first <= middle <= last or term.last_day < middle:
                continue
        elif stage == Stage.END and not first <= term.last_day <= last:
            continue
        chosen[(term.cadre_id, term.post_id)] = term
    return list(chosen.values())


@transaction.atomic
def evaluation_rows_sync(*, round_: EvaluationRound, actor) -> int:
    """Add a row for every term the stage evaluates that has none yet (a cadre appointed since the round opened)."""
    require_org_hr(actor, round_.organization_id)
    require_open(round_)
    systems = systems_of_units(round_.organization_id)
    present = set(TermEvaluation.objects.filter(round=round_).values_list("cadre_id", "post_id"))
    fresh = [
        TermEvaluation(
            round=round_,
            term=term,
            cadre=term.cadre,
            post=term.post,
            level=term.post.kind,
            system=systems.get(term.post.unit_id),
        )
        for term in _stage_terms(organization_id=round_.organization_id, year=round_.year, stage=round_.stage)
        if (term.cadre_id, term.post_id) not in present
    ]
    TermEvaluation.objects.bulk_create(fresh)
    if fresh:
        TermEvaluation.objects.filter(round=round_).update(rank=None, group_size=None, grade="", excellent_tie=False)
        _mark_stale(round_)
        audit_log_record(actor=actor, action="tenure.round.rows", subject=round_, after={"added": len(fresh)})
        for evaluation in TermEvaluation.objects.filter(round=round_, performance__isnull=True):
            _recompute(evaluation, round_)
    return len(fresh)


@transaction.atomic
def evaluation_round_open(*, organization: Organization, year: int, stage: str, actor) -> EvaluationRound:
    require_org_hr(actor, organization.pk)
    if stage not in Stage.values:
        refuse(_("请选择考评类型。"), "stage")
    if not isinstance(year, int) or not 2000 <= year <= timezone.localdate().year + 1:
        refuse(_("请填写有效的年度。"), "year")
    policy = PolicyBook.of(organization).at(datetime.date(year, 12, 31))
    if policy is None:
        refuse(_("本机构尚未设立任期制办法。"))
    if EvaluationRound.objects.filter(organization=organization, year=year, stage=stage).exists():
        refuse(_("%(year)s年的%(stage)s已经建立。") % {"year": year, "stage": Stage(stage).label}, "year")
    round_ = EvaluationRound.objects.create(
        organization=organization,
        year=year,
        stage=stage,
        policy=policy,
        performance_weight=policy.performance_weight,
        democratic_weight=policy.democratic_weight,
        basic_below=policy.basic_below,
        incompetent_below=policy.incompetent_below,
        excellent_quota=policy.excellent_quota,
    )
    audit_log_record(actor=actor, action="tenure.round.open", subject=round_, after=snapshot(round_, ROUND_FIELDS))
    evaluation_rows_sync(round_=round_, actor=actor)
    return round_


@transaction.atomic
def evaluation_team_set(*, round_: EvaluationRound, users, actor, reason: str = "") -> EvaluationRound:
    require_org_hr(actor, round_.organization_id)
    require_open(round_)
    before = sorted(round_.team.values_list("pk", flat=True))
    round_.team.set(users)
    after = sorted(round_.team.values_list("pk", flat=True))
    if before != after:
        audit_log_record(
            actor=actor,
            action="tenure.round.team",
            subject=round_,
            before={"team": before},
            after={"team": after},
            reason=reason,
        )
    return round_


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def performance_of(goal_weights: list[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """工作实绩: the goals' attainment weighted by the goals' weights; None until every goal is scored (or if none)."""
    if not goal_weights or any(score is None for _w, score in goal_weights):
        return None
    total = sum((weight for weight, _s in goal_weights), Decimal(0))
    return half_up(sum((weight * score for weight, score in goal_weights if score is not None), Decimal(0)) / total)


def combined_of(performance, democratic, round_: EvaluationRound) -> Decimal | None:
    if performance is None or democratic is None:
        return None
    return half_up((performance * round_.performance_weight + democratic * round_.democratic_weight) / 100)


def _recompute(evaluation: TermEvaluation, round_: EvaluationRound) -> bool:
    goals = list(goals_of(evaluation, round_))
    scores = dict(GoalAttainment.objects.filter(round=round_, goal__in=goals).values_list("goal_id", "score"))
    performance = performance_of([(g.weight, scores.get(g.pk)) for g in goals])
    combined = combined_of(performance, evaluation.democratic, round_)
    if (performance, combined) == (evaluation.performance, evaluation.combined):
        return False
    TermEvaluation.objects.filter(pk=evaluation.pk).update(performance=performance, combined=combined)
    evaluation.performance, evaluation.combined = performance, combined
    return True


def _mark_stale(round_: EvaluationRound) -> None:
    """A ranked round whose scores change must be ranked again (the row in hand may be older than the database's)."""
    if EvaluationRound.objects.filter(pk=round_.pk, state=EvaluationRound.State.RANKED).update(stale=True):
        round_.stale = True


def _score(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        refuse(_("请填写 0 至 100 之间的分数。"), field)
    if not number.is_finite() or not 0 <= number <= 100:
        refuse(_("请填写 0 至 100 之间的分数。"), field)
    if number != number.quantize(CENT):
        refuse(_("分数最多保留两位小数。"), field)
    return number


def is_team_member(user, round_: EvaluationRound) -> bool:
    return bool(user and user.is_authenticated and round_.team.filter(pk=user.pk).exists())


@transaction.atomic
def attainment_record(*, round_: EvaluationRound, goal: TermGoal, score, actual: str = "", actor) -> GoalAttainment:
    """A member of the round's 考评组 scores one approved goal of the round; the rows it counts for are recomputed."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    if not is_team_member(actor, round_):
        raise ApplicationError(_("目标完成情况由本次考评的考评组成员评定。"), code="forbidden")
    require_open(round_)
    number = _score(score, "score")
    evaluations = list(evaluations_of_goal(goal, round_))
    if not evaluations:
        refuse(_("该目标不计入本次考评(须为已批准、且属于考评对象的目标)。"), "goal")
    actual = (actual or "").strip()[:200]
    attainment = GoalAttainment.objects.filter(round=round_, goal=goal).first()
    before = snapshot(attainment, ["score", "actual"]) if attainment else None
    if attainment is None:
        attainment = GoalAttainment.objects.create(
            round=round_, goal=goal, score=number, actual=actual, scored_by=actor
        )
    else:
        attainment.score, attainment.actual, attainment.scored_by = number, actual, actor
        attainment.save(update_fields=["score", "actual", "scored_by", "updated_at"])
    after = snapshot(attainment, ["score", "actual"])
    if before != after:
        audit_log_record(actor=actor, action="tenure.attainment.record", subject=attainment, before=before, after=after)
        changed = [_recompute(e, round_) for e in evaluations]  # every row, not only up to the first change
        if any(changed):
            _mark_stale(round_)
    return attainment


@transaction.atomic
def evaluation_comment_save(*, evaluation: TermEvaluation, comment: str, actor) -> TermEvaluation:
    round_ = evaluation.round
    if not is_team_member(actor, round_):
        raise ApplicationError(_("考评意见由本次考评的考评组成员填写。"), code="forbidden")
    require_open(round_)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        refuse(_("考评意见不能超过 %(n)d 个字。") % {"n": 2000}, "comment")
    before = snapshot(evaluation, ["comment"])
    TermEvaluation.objects.filter(pk=evaluation.pk).update(comment=comment)
    evaluation.comment = comment
    if before != {"comment": comment}:
        audit_log_record(
            actor=actor,
            action="tenure.evaluation.comment",
            subject=evaluation,
            before=before,
            after={"comment": comment},
        )
    return evaluation


def democratic_apply(*, round_: EvaluationRound, scores: dict[int, Decimal], source: str, actor, reason: str) -> int:
    """Set the 民意测评 of rows (evaluation id → score) in the caller's transaction, audited; returns rows changed."""
    changed = 0
    for evaluation in TermEvaluation.objects.filter(round=round_, pk__in=list(scores)).select_related("cadre"):
        score = scores[evaluation.pk]
        if evaluation.democratic == score and evaluation.democratic_source == source:
            continue
        before = snapshot(evaluation, ["democratic", "democratic_source"])
        evaluation.democratic, evaluation.democratic_source = score, source
        TermEvaluation.objects.filter(pk=evaluation.pk).update(democratic=score, democratic_source=source)
        audit_log_record(
            actor=actor,
            action="tenure.evaluation.democratic",
            subject=evaluation,
            before=before,
            after=snapshot(evaluation, ["democratic", "democratic_source"]),
            reason=reason,
        )
        _recompute(evaluation, round_)
        changed += 1
    if changed:
        _mark_stale(round_)
    return changed


@transaction.atomic
def evaluation_round_rank(*, round_: EvaluationRound, actor) -> EvaluationRound:
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    require_org_hr(actor, round_.organization_id)
    require_open(round_)
    rank_round(round_)
    now = timezone.now()
    EvaluationRound.objects.filter(pk=round_.pk).update(
        state=EvaluationRound.State.RANKED, stale=False, ranked_at=now, ranked_by=actor
    )
    round_.refresh_from_db()
    counts: defaultdict[str, int] = defaultdict(int)
    for grade in TermEvaluation.objects.filter(round=round_).values_list("grade", flat=True):
        counts[grade or "none"] += 1
    audit_log_record(actor=actor, action="tenure.round.rank", subject=round_, after=dict(counts))
    return round_
