"""Every write to assessment data. Keyword-only, atomic, validated, audited. Split by topic; import from here.

Other apps call only what is listed here for the writes they trigger in assessments: `entry_exempt` (an error-tolerance
exemption takes a deduction or veto out and re-versions the year's result) and `register_publication_listener` (be
told, after commit, when a year is published or moves to a newer version). They read through
`assessments.selectors.published`.
"""

from assessments.services.catalogs import catalogs_seed_defaults
from assessments.services.exemptions import entry_exempt
from assessments.services.periods import period_close, period_open
from assessments.services.publication import register_publication_listener, unregister_publication_listener
from assessments.services.raters import rater_assign_bulk, rater_unassign
from assessments.services.records import (
    point_entry_decide,
    point_entry_record,
    veto_entry_decide,
    veto_entry_record,
)
from assessments.services.schemes import scheme_create, scheme_update
from assessments.services.scores import ScoreConflict, score_save, scores_write_many

__all__ = [
    "ScoreConflict",
    "catalogs_seed_defaults",
    "entry_exempt",
    "period_close",
    "period_open",
    "point_entry_decide",
    "point_entry_record",
    "rater_assign_bulk",
    "rater_unassign",
    "register_publication_listener",
    "scheme_create",
    "scheme_update",
    "score_save",
    "scores_write_many",
    "unregister_publication_listener",
    "veto_entry_decide",
    "veto_entry_record",
]
