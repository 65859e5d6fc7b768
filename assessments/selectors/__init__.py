"""Every read of assessment data, already scoped to the user, one module per topic.

Other apps read assessments only through `assessments.selectors.published` (the published door); the other modules
are for assessments' own pages, endpoints and services.
"""

from assessments.selectors.records import point_entry_list, point_item_list, veto_entry_list, veto_item_list
from assessments.selectors.schemes import scheme_list
from assessments.selectors.scores import (
    TWO_PLACES,
    ComponentSummary,
    Grid,
    GridCell,
    GridRow,
    aggregate_scores,
    assignment_list,
    cadre_score_summary,
    rater_grid,
    rater_periods,
    score_list,
)
from org.selectors import STAFF_ROLES

__all__ = [
    "STAFF_ROLES",
    "TWO_PLACES",
    "ComponentSummary",
    "Grid",
    "GridCell",
    "GridRow",
    "aggregate_scores",
    "assignment_list",
    "cadre_score_summary",
    "point_entry_list",
    "point_item_list",
    "rater_grid",
    "rater_periods",
    "scheme_list",
    "score_list",
    "veto_entry_list",
    "veto_item_list",
]
