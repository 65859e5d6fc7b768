"""任期制 / 聘任制 (《党政领导干部职务任期暂行规定》2006, 正职任期制、副职聘任制的地方办法), one module per topic; every model is importable from `tenure.models`.

policy        the versioned policy: term length, start rule, partial terms, caps, post kinds, reminders, weights
terms         terms computed from appointments, their reminders, the committee's placement at term end
goals         term goals (任期目标) and their approval
evaluations   the term evaluation rounds, one row per term, the goals' attainment
audits        economic responsibility audits (经济责任审计)
"""

from tenure.models.audits import EconomicAudit
from tenure.models.evaluations import EvaluationRound, GoalAttainment, Grade, TermEvaluation
from tenure.models.goals import GoalArea, TermGoal
from tenure.models.policy import EvaluationSystem, PolicyPostKind, Regime, TenurePolicy, TermCap
from tenure.models.terms import Placement, Term, TermReminder

__all__ = [
    "EconomicAudit",
    "EvaluationRound",
    "EvaluationSystem",
    "GoalArea",
    "GoalAttainment",
    "Grade",
    "Placement",
    "PolicyPostKind",
    "Regime",
    "TenurePolicy",
    "Term",
    "TermCap",
    "TermEvaluation",
    "TermGoal",
    "TermReminder",
]
