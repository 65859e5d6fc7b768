"""The assessments' models, one module per topic; every model is importable from here (`assessments.models`)."""

from assessments.models.appeals import Appeal
from assessments.models.records import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.models.results import (
    INSTITUTION_GRADE_LABELS,
    Grade,
    Publication,
    Result,
    ResultRun,
    SpecialStatus,
    TieDecision,
)
from assessments.models.schemes import PERIOD_KINDS_BY_FREQUENCY, QUARTERS, Component, Period, RaterAssignment, Scheme
from assessments.models.scores import Score

__all__ = [
    "INSTITUTION_GRADE_LABELS",
    "PERIOD_KINDS_BY_FREQUENCY",
    "QUARTERS",
    "Appeal",
    "ApprovalStatus",
    "Component",
    "Grade",
    "Period",
    "PointEntry",
    "PointItem",
    "Publication",
    "RaterAssignment",
    "Result",
    "ResultRun",
    "Scheme",
    "Score",
    "SpecialStatus",
    "TieDecision",
    "VetoEntry",
    "VetoItem",
]
