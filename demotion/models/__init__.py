"""主动让贤 (commitment letters and step-down cases), 能上能下 measures' waiting periods, dismissal protections, and
error tolerance (容错免责) with its correction (纠错), one module per topic."""

from .measures import DismissalProtection, WaitingPeriodRule
from .stepdown import CommitmentLetter, StepDownCase, StepDownPolicy
from .tolerance import Correction, CorrectionStep, ToleranceCase

__all__ = [
    "StepDownPolicy",
    "CommitmentLetter",
    "StepDownCase",
    "WaitingPeriodRule",
    "DismissalProtection",
    "ToleranceCase",
    "Correction",
    "CorrectionStep",
]
