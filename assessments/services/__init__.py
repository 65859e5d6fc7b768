"""Every write to assessment data. Keyword-only, atomic, validated, audited. Split by topic; import from here."""

from assessments.services.catalogs import catalogs_seed_defaults
from assessments.services.raters import rater_assign_bulk, rater_unassign
from assessments.services.records import (
    point_entry_decide,
    point_entry_record,
    veto_entry_decide,
    veto_entry_record,
)
from assessments.services.schemes import period_close, period_open, scheme_create, scheme_update
from assessments.services.scores import ScoreConflict, score_save, scores_write_many

__all__ = [
    "ScoreConflict",
    "catalogs_seed_defaults",
    "period_close",
    "period_open",
    "point_entry_decide",
    "point_entry_record",
    "rater_assign_bulk",
    "rater_unassign",
    "scheme_create",
    "scheme_update",
    "score_save",
    "scores_write_many",
    "veto_entry_decide",
    "veto_entry_record",
]
