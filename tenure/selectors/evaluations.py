"""Reads of the term evaluation, already scoped to the user:

- rounds: staff of the organization (HR, committee) and the admin see its rounds; a member of a round's 考评组
  sees that round;
- rows (the 任期年度考评表): staff see the rows of cadres in their units; a member of the 考评组 every row of their
  round while it is open; a cadre their own once the committee has confirmed the round.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from tenure.models import EvaluationRound, GoalAttainment, TermEvaluation, TermGoal

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)
Stage = EvaluationRound.Stage


def round_list(*, user) -> QuerySet[EvaluationRound]:
    roles = get_roles(user)
    qs = EvaluationRound.objects.select_related("organization", "policy")
    if roles.is_admin:
        return qs
    q = Q(organization_id__in=roles.organization_ids(*STAFF_ROLES))
    if getattr(user, "is_authenticated", False):
        q |= Q(team=user)
    return qs.filter(q).distinct()


def scoring_rounds(*, user) -> QuerySet[EvaluationRound]:
    """The open rounds whose 考评组 the user is on."""
    if not getattr(user, "is_authenticated", False):
        return EvaluationRound.objects.none()
    return EvaluationRound.objects.filter(team=user).exclude(state=EvaluationRound.State.CLOSED).order_by("-year")


def _rows() -> QuerySet[TermEvaluation]:
    return TermEvaluation.objects.select_related(
        "round", "round__organization", "cadre", "cadre__unit", "post", "post__unit", "system", "term"
    )


def evaluation_list(*, user) -> QuerySet[TermEvaluation]:
    roles = get_roles(user)
    if roles.is_admin:
        return _rows()
    q = roles.unit_q(*STAFF_ROLES, prefix="cadre__unit__")
    if roles.cadre is not None:
        q |= Q(cadre=roles.cadre, round__state=EvaluationRound.State.CLOSED)
    if getattr(user, "is_authenticated", False):
        q |= Q(round__team=user) & ~Q(round__state=EvaluationRound.State.CLOSED)
    return _rows().filter(q).distinct()


def own_evaluations(*, user) -> QuerySet[TermEvaluation]:
    cadre = get_roles(user).cadre
    if cadre is None:
        return TermEvaluation.objects.none()
    return _rows().filter(cadre=cadre, round__state=EvaluationRound.State.CLOSED).order_by("-round__year")


def goal_lines(evaluation: TermEvaluation) -> list[tuple]:
    """The form's goal lines: (goal, attainment or None), in the goals' order."""
    round_ = evaluation.round
    goals = list(goals_of(evaluation, round_).order_by("area", "id"))
    scored = {a.goal_id: a for a in GoalAttainment.objects.filter(round=round_, goal__in=goals)}
    return [(goal, scored.get(goal.pk)) for goal in goals]


def goals_of(evaluation: TermEvaluation, round_: EvaluationRound):
    """The approved goals that are the cadre's in this round: the unit's shared goals and their own personal ones;
    annual goals of the year, or (届中, 届满) the overall goals of the term."""
    goals = TermGoal.objects.filter(state=TermGoal.State.APPROVED, unit_id=evaluation.post.unit_id).filter(
        Q(responsibility=TermGoal.Responsibility.SHARED) | Q(cadre_id=evaluation.cadre_id)
    )
    if round_.stage == Stage.ANNUAL:
        return goals.filter(scope=TermGoal.Scope.ANNUAL, year=round_.year)
    return goals.filter(scope=TermGoal.Scope.OVERALL, year__lte=round_.year, end_year__gte=round_.year)


def evaluations_of_goal(goal: TermGoal, round_: EvaluationRound):
    """The round's rows a goal counts for (goals_of seen from the goal)."""
    if goal.state != TermGoal.State.APPROVED or goal.organization_id != round_.organization_id:
        return TermEvaluation.objects.none()
    if round_.stage == Stage.ANNUAL:
        if goal.scope != TermGoal.Scope.ANNUAL or goal.year != round_.year:
            return TermEvaluation.objects.none()
    elif goal.scope != TermGoal.Scope.OVERALL or not goal.year <= round_.year <= goal.end_year:
        return TermEvaluation.objects.none()
    rows = TermEvaluation.objects.filter(round=round_, post__unit_id=goal.unit_id).select_related("post")
    return rows.filter(cadre_id=goal.cadre_id) if goal.cadre_id else rows
