"""Casting a ballot: the one write an anonymous rater makes. Atomic and validated; deliberately not audited.

What is written, in one transaction with the evaluation's row locked (votes of one evaluation take turns):

1. the code is marked used — a guarded update, so a code votes once even when sent twice at once; nothing else of
   the code changes (no time, no reference to the ballot);
2. the new ballot is added to the evaluation's pool of pending ballots, and the whole pool is deleted and written
   again in a random order with new random ids;
3. every used code of the evaluation is written again (the same values).

So after each vote the live rows of the pool and of the used codes all carry the same PostgreSQL transaction id
(`xmin`), the pool's physical order (`ctid`, SQLite's `rowid`) is the shuffle's, and no id, time or order ties a
ballot to a code or to the moment it was cast. What remains is said in the README ("What an administrator can
learn"). There is no audit row and no log line: either would be the link this design avoids.
"""

import json

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ballots import scales
from ballots.models import BallotCode, Evaluation, PendingBallot
from ballots.selectors.voting import ballot_form, code_for_vote
from ballots.services import tally
from common.errors import ApplicationError


def _field(subject_id: int, item_id: int) -> str:
    return f"a-{subject_id}-{item_id}"


def answers_problems(evaluation: Evaluation, answers: dict) -> tuple[dict, dict[str, list[str]]]:
    """The answers as stored ({"subject id": {"item id": answer}}) and the problems found, by field (`a-<subject>-
    <item>` for one answer, `__all__` for the cap). Every subject on every item must be answered."""
    form = ballot_form(evaluation)
    stored: dict = {}
    errors: dict[str, list[str]] = {}
    tops: dict[int, int] = {}
    for subject in form.subjects:
        given = answers.get(subject.pk) or {}
        row = {}
        for item in form.items:
            value = given.get(item.pk)
            if value is None or value == "":
                errors[_field(subject.pk, item.pk)] = [_("请评价。")]
                continue
            if not scales.is_graded(item.scale) and isinstance(value, str):
                value = int(value) if value.strip().isdigit() else value
            if not scales.valid_answer(item.scale, value):
                message = _("请选择一个等次。") if scales.is_graded(item.scale) else _("请填写0到100的整数。")
                errors[_field(subject.pk, item.pk)] = [message]
                continue
            row[str(item.pk)] = value
            if value == scales.top_option(item.scale):
                tops[item.pk] = tops.get(item.pk, 0) + 1
        stored[str(subject.pk)] = row
    if form.cap is not None:
        labels = form.top_labels()
        for item in form.items:
            given = tops.get(item.pk, 0)
            if item.pk in labels and given > form.cap:
                errors.setdefault("__all__", []).append(
                    _(
                        "“%(item)s”一项最多可评%(cap)s个“%(top)s”(不超过%(percent)s%%),您评了%(given)s个,请调整后再提交。"
                    )
                    % {
                        "item": item.text,
                        "cap": form.cap,
                        "top": labels[item.pk],
                        "percent": evaluation.top_cap_percent,
                        "given": given,
                    }
                )
    return stored, errors


@transaction.atomic
def ballot_cast(*, evaluation: Evaluation, code: str, answers: dict) -> None:
    """Cast one ballot with a one-time code. `answers`: {subject id: {item id: grade code or 0–100 integer}}.
    Refused as a whole (nothing written) when the code may not vote or an answer is missing or wrong."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    ballot_code = code_for_vote(evaluation=evaluation, typed=code)
    stored, errors = answers_problems(evaluation, answers)
    if errors:
        first = errors.get("__all__", [None])[0] or _("还有未评价的项目,请逐项评价后再提交。")
        raise ApplicationError(first, field_errors=errors)
    used = BallotCode.objects.filter(pk=ballot_code.pk, state=BallotCode.State.ISSUED).update(
        state=BallotCode.State.USED
    )
    if not used:
        message = _("该测评码已经使用过,每个测评码只能投票一次。")
        raise ApplicationError(message, field_errors={"code": [message]})
    PendingBallot.objects.create(evaluation=evaluation, category_id=ballot_code.category_id, answers=stored)
    _pool_rewrite(evaluation.pk)
    BallotCode.objects.filter(evaluation=evaluation, state=BallotCode.State.USED).update(state=BallotCode.State.USED)


# The pool, listed in an order that depends on its contents only, is shuffled and written again with new ids. On
# PostgreSQL the rows move inside the database (DELETE … RETURNING into INSERT … SELECT, in the shuffle's order; new ids
# from gen_random_uuid(), a strong random source): a vote then costs about the same whatever the pool's size, where
# reading and rewriting the answers in Python cost a millisecond a ballot (bench/ballots_cast.py).
_REWRITE_SQL = """
WITH moved AS (DELETE FROM ballots_pendingballot WHERE evaluation_id = %s RETURNING id, category_id, answers)
INSERT INTO ballots_pendingballot (id, evaluation_id, category_id, answers)
SELECT gen_random_uuid(), %s, moved.category_id, moved.answers
FROM moved JOIN unnest(%s::uuid[]) WITH ORDINALITY AS shuffled(id, position) ON shuffled.id = moved.id
ORDER BY shuffled.position
"""


def _pool_rewrite(evaluation_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM ballots_pendingballot WHERE evaluation_id = %s ORDER BY category_id, answers::text",
                [evaluation_id],
            )
            ids = [row[0] for row in cursor.fetchall()]
            tally.shuffler.shuffle(ids)
            cursor.execute(_REWRITE_SQL, [evaluation_id, evaluation_id, ids])
        return
    pool = sorted(
        PendingBallot.objects.filter(evaluation_id=evaluation_id).values_list("category_id", "answers"),
        key=lambda row: (row[0], json.dumps(row[1], sort_keys=True)),
    )
    tally.shuffler.shuffle(pool)
    PendingBallot.objects.filter(evaluation_id=evaluation_id).delete()
    PendingBallot.objects.bulk_create(
        PendingBallot(evaluation_id=evaluation_id, category_id=category_id, answers=answers)
        for category_id, answers in pool
    )
