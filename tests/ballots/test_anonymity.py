"""Unlinkable ballots: nothing stored, logged or served joins a ballot to its code, and nothing tells in which order
ballots were cast (README, "What an administrator with database access can learn").

The order tests commit each vote in its own transaction (transactional_db), as production does, so that
PostgreSQL's transaction ids (`xmin`) are what they would be there.
"""

import json
import logging
import uuid

import pytest
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ballots import codes as code_rules
from ballots.models import Ballot, BallotCode, PendingBallot
from ballots.services import tally as tally_service
from ballots.services.evaluations import evaluation_close
from common.models import AuditLog
from tests.ballots.conftest import cast, closed_evaluation, issue, make_evaluation

A = {"张三": "excellent", "王五": "basic"}
B = {"张三": "basic", "王五": "excellent"}


# --- what is stored -------------------------------------------------------------------------------------------------


def _columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}


def test_a_ballot_row_holds_the_evaluation_the_category_and_the_answers_only(db):
    # the tables as they are in the database, not only as the models say
    assert _columns(PendingBallot) == {"id", "evaluation_id", "category_id", "answers"}
    assert _columns(Ballot) == {"id", "evaluation_id", "category_id", "answers", "digest"}
    for model in (PendingBallot, Ballot):
        pk = model._meta.pk
        assert isinstance(pk, models.UUIDField) and pk.default is uuid.uuid4  # random, not sequential
        assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in model._meta.fields)


def test_a_code_records_that_it_was_used_never_when_nor_for_which_ballot(db):
    # no foreign key between codes and ballots, either way
    assert not [f for f in BallotCode._meta.get_fields() if f.related_model in (Ballot, PendingBallot)]
    assert not [f for m in (Ballot, PendingBallot) for f in m._meta.get_fields() if f.related_model is BallotCode]
    # and the only time a code carries is when it was voided (a vote sets none)
    times = {f.name for f in BallotCode._meta.fields if isinstance(f, models.DateField | models.DateTimeField)}
    assert times == {"voided_at"}
    assert "updated_at" not in _columns(BallotCode)


def test_a_vote_writes_no_audit_row(made, world):
    code = issue(made, world, size=1)[0]
    before = AuditLog.objects.count()
    cast(made, code, A)
    assert AuditLog.objects.count() == before


# --- what is logged -------------------------------------------------------------------------------------------------


def test_no_log_line_url_or_statement_joins_the_code_to_the_ballot(made, world, caplog):
    code = issue(made, world, size=2)[0]
    secret_forms = {code, code_rules.display(code), code_rules.code_hash(code)}
    item = made.items[0]
    client = Client()
    url = reverse("ballots:vote_submit", kwargs={"key": made.evaluation.public_key})
    data = {"code": code_rules.display(code)}
    for name, grade in A.items():
        data[f"a-{made.subjects[name].pk}-{item.pk}"] = grade
    # when a rater votes through the page, with every logger listening at DEBUG
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 200 and PendingBallot.objects.count() == 1
    # then no log line carries the code or its hash, nor does the address the request went to
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert not any(secret in logged for secret in secret_forms)
    assert not any(secret in url for secret in secret_forms)
    # and no single SQL statement (what a database statement log would print) holds both the code's hash and a
    # ballot's answers
    answers_marker = '"excellent"'
    for query in queries.captured_queries:
        sql = query["sql"]
        assert not (code_rules.code_hash(code) in sql and answers_marker in sql), sql


# --- the order of casting -------------------------------------------------------------------------------------------


def _physical_order(model) -> list[str]:
    """The rows' answers in the order they lie in the table: PostgreSQL's ctid, SQLite's rowid."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT answers FROM {table} ORDER BY {position}")  # noqa: S608 — names from the model
        return [json.dumps(json.loads(a) if isinstance(a, str) else a, sort_keys=True) for (a,) in cursor.fetchall()]


def _transaction_ids(model, **where) -> set[str]:
    table = connection.ops.quote_name(model._meta.db_table)
    condition = " AND ".join(f"{k} = %s" for k in where) or "TRUE"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE {condition}", list(where.values()))  # noqa: S608
        return {x for (x,) in cursor.fetchall()}


def _by_name(made, answers: str) -> str:
    """A stored ballot with its subjects and items named, so two evaluations of the same form compare."""
    names = {str(s.pk): name for name, s in made.subjects.items()}
    items = {str(i.pk): i.text for i in made.items}
    rows = json.loads(answers)
    return json.dumps({names[s]: {items[i]: v for i, v in row.items()} for s, row in rows.items()}, sort_keys=True)


def _stored(made) -> dict:
    """Everything the database shows of the votes that is not random by construction (the UUIDs are)."""
    state = {
        "pending": [_by_name(made, a) for a in _physical_order(PendingBallot)],
        "codes": sorted(BallotCode.objects.values_list("serial", "state")),
    }
    if connection.vendor == "postgresql":
        # Every live row the votes wrote carries the last vote's transaction id: no vote is told from another.
        ids = _transaction_ids(PendingBallot) | _transaction_ids(BallotCode, state="used")
        state["transaction_ids"] = len(ids)
    return state


class ByContent:
    """A stand-in for the seal's shuffle that orders the ballots by content."""

    def shuffle(self, rows):
        rows.sort(
            key=lambda row: [json.dumps(row[1][k], sort_keys=True) for k in sorted(row[1], key=int)], reverse=True
        )


class NoShuffle:
    """A stand-in for the shuffle that leaves the pool as it is listed (in content order): what is stored then shows
    whether the order of casting leaks through anything but the shuffle."""

    def shuffle(self, rows):
        pass


@pytest.fixture
def committed(transactional_db, world):
    return world


def test_what_is_stored_is_the_same_whichever_ballot_was_cast_first(committed, monkeypatch):
    world = committed
    monkeypatch.setattr(tally_service, "shuffler", NoShuffle())
    made = make_evaluation(world)
    first, second = issue(made, world, size=2)
    # given A cast with the first code, then B with the second
    cast(made, first, A)
    cast(made, second, B)
    ab = _stored(made)
    # and, the same codes made usable again, B cast with the first code, then A with the second
    PendingBallot.objects.all().delete()
    BallotCode.objects.update(state="issued")
    cast(made, first, B)
    cast(made, second, A)
    ba = _stored(made)
    # then the database shows the same thing either way: which code cast which ballot, and in which order, is not there
    assert ab == ba
    if connection.vendor == "postgresql":
        assert ab["transaction_ids"] == 1


def test_the_pool_lies_in_a_random_order_after_every_vote(committed):
    world = committed
    made = make_evaluation(world)
    codes = issue(made, world, size=40)
    first_seen = []
    # when twenty pairs are cast, A before B each time
    for i in range(0, 40, 2):
        PendingBallot.objects.all().delete()
        cast(made, codes[i], A)
        cast(made, codes[i + 1], B)
        order = _physical_order(PendingBallot)
        first_seen.append(order[0])
    # then the table shows A first sometimes and B first other times (all twenty alike: 1 in 500,000)
    assert len(set(first_seen)) == 2


def test_the_sealed_ballots_are_written_at_once_in_the_shuffles_order_and_read_by_digest(committed, monkeypatch):
    world = committed
    made = make_evaluation(world, min_ballots=1)
    codes = issue(made, world, size=3)
    for code, grades in zip(codes, (A, B, {"张三": "competent", "王五": "competent"}), strict=True):
        cast(made, code, grades)
    monkeypatch.setattr(tally_service, "shuffler", ByContent())
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    # the physical order is the shuffle's, whatever the casting order was
    grades = [[row[k] for k in sorted(row, key=int)] for row in map(json.loads, _physical_order(Ballot))]
    assert grades == sorted(grades, key=lambda g: [json.dumps(v) for v in g], reverse=True)
    # the rows are read in the order of their digests
    digests = list(Ballot.objects.values_list("digest", flat=True))
    assert digests == sorted(digests)
    if connection.vendor == "postgresql":
        assert len(_transaction_ids(Ballot)) == 1
    assert not PendingBallot.objects.exists()


# --- what is served ---------------------------------------------------------------------------------------------------


def test_no_endpoint_or_file_serves_a_ballot(world, as_persona):
    made = closed_evaluation(world)
    client = as_persona("hr")
    pk = made.evaluation.pk
    payloads = [
        client.get(reverse("ballots_api:evaluation-results", kwargs={"pk": pk})).content,
        client.get(reverse("ballots_api:evaluation-detail", kwargs={"pk": pk})).content,
        client.get(reverse("ballots:results_export", kwargs={"pk": pk}) + "?format=csv").getvalue(),
        client.get(reverse("ballots:score_export", kwargs={"pk": pk}) + "?format=csv").getvalue(),
    ]
    ids = [str(b.id) for b in Ballot.objects.all()] + list(Ballot.objects.values_list("digest", flat=True))
    assert ids
    for body in payloads:
        text = body.decode("utf-8-sig")
        assert not any(i in text for i in ids)
