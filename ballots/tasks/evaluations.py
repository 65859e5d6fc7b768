"""The evaluations' jobs: sealing what is past its closing time, and tidying the pool's old row versions."""

import logging

from celery import shared_task
from django.db import connection

from ballots.models import Evaluation
from ballots.services.evaluations import due_for_closing, evaluation_close
from common.errors import ApplicationError

logger = logging.getLogger(__name__)


@shared_task(name="ballots.close_due", acks_late=True)
def close_due() -> dict:
    """Beat, every five minutes: close and seal every published evaluation whose closing time has passed. Each is
    its own transaction with a guarded state change, so a run killed half way leaves the rest to the next, and one
    closed meanwhile by HR (or by a second run) is skipped."""
    closed = 0
    for pk in due_for_closing():
        try:
            evaluation_close(evaluation=Evaluation.objects.get(pk=pk), actor=None)
        except ApplicationError:
            continue
        closed += 1
    return {"closed": closed}


@shared_task(name="ballots.vacuum_pool", acks_late=True)
def vacuum_pool() -> bool:
    """After a seal, on PostgreSQL: VACUUM the pool and the codes, so the row versions every vote left behind are
    pruned now rather than whenever autovacuum comes by (README: what an administrator can learn). Runs outside any
    transaction; inside one (eager tasks in tests) there is nothing it can do, and it says so by returning False."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ballots_pendingballot, ballots_ballotcode")
    logger.info("ballots: pool vacuumed")
    return True
