"""From a computed run to published results (DOMAIN.md §2.3 steps 4–6, REGULATIONS.md "公示").

1. The party committee settles what the computation will not decide: cadres tied across the bottom cut (who of them
   falls in the bottom set) and cadres tied at the 优秀 quota (who of them is graded 优秀). Decisions belong to the
   run they were taken on, and may be changed until that run is confirmed. (When an appeal or a tolerance case
   moves a published year to a new version, that version's ties are decided once, on the same page.)
2. The committee confirms a whole-year run once every tie of it is decided: the year's Publication points to it.
3. HR posts the 优秀 candidates (公示) for five working days,
4. then publishes: the year is locked (score, point and scheme services refuse changes once
   `selectors.is_published` is true) and every cadre of the run is told once.

Every refusal raises ApplicationError and leaves everything as it was.

    rules.py        the scheme's counting rules (Python twins of the engine's) and the per-group counts
    ties.py         tie_decide, tie_group_decide
    publication.py  run_confirm, posting_start, publication_publish, publication_notify
    reads.py        final_results, with_final, step_down_candidates, excellent_candidates, tie_groups
"""

from assessments.results.workflow.publication import (
    posting_end,
    posting_start,
    publication_notify,
    publication_publish,
    run_confirm,
)
from assessments.results.workflow.reads import (
    TieGroup,
    excellent_candidates,
    final_results,
    step_down_candidates,
    tie_groups,
    with_final,
)
from assessments.results.workflow.rules import (
    BOTTOM,
    EXCELLENT,
    POSTING_WORKING_DAYS,
    PUBLISHED_NOTICE_KIND,
    bottom_count,
    excellent_quota,
)
from assessments.results.workflow.ties import tie_decide, tie_group_decide

__all__ = [
    "BOTTOM",
    "EXCELLENT",
    "POSTING_WORKING_DAYS",
    "PUBLISHED_NOTICE_KIND",
    "TieGroup",
    "bottom_count",
    "excellent_candidates",
    "excellent_quota",
    "final_results",
    "posting_end",
    "posting_start",
    "publication_notify",
    "publication_publish",
    "run_confirm",
    "step_down_candidates",
    "tie_decide",
    "tie_group_decide",
    "tie_groups",
    "with_final",
]
