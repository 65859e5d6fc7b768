"""回炉再造 (洞头区“回炉再造”体系): recall policies, yellow and red cards, competition losses, recall batches and cases
with their training records. 洞头区“回炉再造”体系; 召回 as other places practise it.

Every number of the scheme lives in a RecallPolicy row (versioned, with an effective date: a policy applies only to
results, cards and competitions dated on or after it, 不溯及既往). The case's stages are django-fsm transitions; the
services (recall.services) check who acts and when, save with a guarded update and write the audit row.
"""

from recall.models.cards import Card, CompetitionLoss
from recall.models.cases import RecallBatch, RecallCase, TrainingRecord
from recall.models.policies import DEFAULT_SECTION_LEVEL_RANKS, EvidenceSource, RecallCategory, RecallPolicy

__all__ = [
    "DEFAULT_SECTION_LEVEL_RANKS",
    "Card",
    "CompetitionLoss",
    "EvidenceSource",
    "RecallBatch",
    "RecallCase",
    "RecallCategory",
    "RecallPolicy",
    "TrainingRecord",
]
