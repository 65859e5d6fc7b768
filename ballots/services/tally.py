"""The seal: at the close, the pool of cast ballots becomes the sealed ballots, hashed into a chain and counted.

One transaction: the pending ballots are read, shuffled, written as sealed ballots with new random ids (all in one
insert, so on PostgreSQL they share one transaction id, and their physical order is the shuffle's), the pool is
emptied, and the chain's head, the counts per category and every subject's result are stored. Called by
ballots.services.evaluations.evaluation_close, which audits the close.
"""

import datetime
import secrets
import uuid

from ballots import chain
from ballots.models import Ballot, Evaluation, PendingBallot, SubjectResult, Tally
from ballots.selectors.evaluations import form_spec
from ballots.tallying import tally

# The shuffles' randomness (tests replace it to see that the stored order follows the shuffle, not the casting).
shuffler = secrets.SystemRandom()


def tally_seal(*, evaluation: Evaluation, actor, now: datetime.datetime) -> Tally:
    pool = list(PendingBallot.objects.filter(evaluation=evaluation).values_list("category_id", "answers"))
    shuffler.shuffle(pool)
    key = evaluation.public_key
    sealed = [
        Ballot(
            id=uuid.uuid4(),
            evaluation=evaluation,
            category_id=category_id,
            answers=answers,
            digest=chain.digest(evaluation_key=key, category_id=category_id, answers=answers),
        )
        for category_id, answers in pool
    ]
    Ballot.objects.bulk_create(sealed)
    PendingBallot.objects.filter(evaluation=evaluation).delete()
    outcome = tally(form_spec(evaluation), pool)
    results = outcome.as_dict()
    record = Tally.objects.create(
        evaluation=evaluation,
        head=chain.head((b.digest for b in sealed), evaluation_key=key),
        ballot_count=len(sealed),
        counts=results["counts"],
        results=results,
        results_digest=chain.results_digest(results),
        chain_version=chain.VERSION,
        sealed_at=now,
        sealed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    SubjectResult.objects.bulk_create(
        SubjectResult(
            evaluation=evaluation,
            subject_id=s.subject_id,
            score=s.score,
            rank=s.rank,
            complete=s.complete,
            category_means={str(c): (f"{m:.2f}" if m is not None else None) for c, m in s.category_means.items()},
            distribution={str(item): counts for item, counts in s.distribution.items()},
        )
        for s in outcome.subjects
    )
    return record
