"""Writing many rows at once: COPY on PostgreSQL (common.bulk), the audit rows of a bulk service written by COPY
reading exactly as the ORM's, and a large transaction's audit rows sealed by a background task. The seal follows a
real commit, so those tests commit (transactional_db)."""

import datetime
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

import common.audit
import common.audit_chain
from common.audit import AuditSubject, audit_log_record_many, request_address
from common.audit_chain import chain_seal, chain_verify
from common.bulk import copy_rows
from common.models import AuditLog, ReadLog
from common.read_audit import read_record
from tests.factories import OrganizationFactory, UserFactory
from tests.worker_utils import unavailable


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        unavailable("needs PostgreSQL: COPY and the append-only trigger are PostgreSQL's (set DATABASE_URL)")


AWKWARD = [
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "back\\slash",
    "\\N",  # the text that spells NULL in COPY's format, as a value
    "引号\"与'单引号",
    "",
]


def test_copy_rows_round_trips_awkward_text_nulls_numbers_json_and_times(db):
    require_postgresql()
    when = timezone.now().replace(microsecond=123456)
    rows = [
        (i, text, None if i % 2 else i * 10, {"说明": text, "n": [1, 2.5, None, True]}, when)
        for i, text in enumerate(AWKWARD)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_check (n int, t text, m bigint, j jsonb, at timestamptz)")
        copy_rows("copy_check", ["n", "t", "m", "j", "at"], iter(rows))
        cursor.execute("SELECT n, t, m, j::text, at FROM copy_check ORDER BY n")
        back = [(n, t, m, json.loads(j), at) for n, t, m, j, at in cursor.fetchall()]
        cursor.execute("DROP TABLE copy_check")
    assert back == rows


def test_copy_rows_streams_more_rows_than_one_chunk(db):
    require_postgresql()
    rows = ((i, "行" * 200) for i in range(12_000))  # about 7 MB of text: several chunks of the reader
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_many (n int, t text)")
        copy_rows("copy_many", ["n", "t"], rows)
        cursor.execute("SELECT count(*), sum(n), min(length(t)), max(length(t)) FROM copy_many")
        assert cursor.fetchone() == (12_000, sum(range(12_000)), 200, 200)
        cursor.execute("DROP TABLE copy_many")


def _entries(org, n, *, start=0):
    return [
        (
            AuditSubject("org", "organization", org.pk, f"{org.name}\t第{i}条"),
            {"value": f"{i}.00", "when": datetime.date(2025, 1, 1)} if i % 3 else None,
            {"value": f"{i + 1}.00", "note": "换行\n与\\反斜杠"},
        )
        for i in range(start, start + n)
    ]


def test_a_large_audit_write_goes_by_copy_and_reads_as_the_orm_path_writes(transactional_db, monkeypatch):
    require_postgresql()
    org = OrganizationFactory()
    actor = UserFactory()
    copied = []
    monkeypatch.setattr(common.audit, "copy_rows", lambda *a, **kw: copied.append(1) or copy_rows(*a, **kw))
    token = request_address.set("10.1.2.3")
    try:
        with transaction.atomic():
            audit_log_record_many(actor=actor, action="test.bulk", entries=_entries(org, 3), reason="小批")
        with transaction.atomic():
            audit_log_record_many(
                actor=actor, action="test.bulk", entries=_entries(org, common.audit.COPY_FROM, start=3), reason="大批"
            )
    finally:
        request_address.reset(token)
    assert copied == [1]  # only the large set went by COPY

    rows = list(AuditLog.objects.filter(action="test.bulk").order_by("id"))
    assert len(rows) == 3 + common.audit.COPY_FROM
    for i, row in enumerate(rows):
        expected_before = {"value": f"{i}.00", "when": "2025-01-01"} if i % 3 else None
        assert (row.actor_id, row.subject_type.model, row.subject_id, row.subject_repr, row.address) == (
            actor.pk,
            "organization",
            str(org.pk),
            f"{org.name}\t第{i}条",
            "10.1.2.3",
        )
        assert (row.before, row.after) == (expected_before, {"value": f"{i + 1}.00", "note": "换行\n与\\反斜杠"})
        assert row.reason == ("小批" if i < 3 else "大批")
    # sealed after each commit, and the chain verifies
    assert all(row.seq for row in AuditLog.objects.filter(action="test.bulk"))
    assert chain_verify("common.auditlog").ok


def test_a_large_transactions_audit_rows_are_sealed_by_a_background_task(transactional_db, monkeypatch):
    org = OrganizationFactory()
    queued = []
    monkeypatch.setattr(common.audit_chain, "SEAL_IN_BACKGROUND_FROM", 10)
    monkeypatch.setattr("common.tasks.audit_seal.delay", lambda: queued.append(1))

    # nine rows over two calls: sealed inline after the commit
    with transaction.atomic():
        audit_log_record_many(actor=None, action="test.small", entries=_entries(org, 5))
        audit_log_record_many(actor=None, action="test.small", entries=_entries(org, 4))
    assert queued == []
    assert not AuditLog.objects.filter(action="test.small", seq__isnull=True).exists()

    # ten rows over two calls: one task is queued for the seal, which then seals them
    with transaction.atomic():
        audit_log_record_many(actor=None, action="test.large", entries=_entries(org, 6))
        audit_log_record_many(actor=None, action="test.large", entries=_entries(org, 4))
    assert queued == [1]
    assert AuditLog.objects.filter(action="test.large", seq__isnull=True).count() == 10
    from common.tasks import audit_seal

    assert audit_seal() == 10
    assert chain_verify("common.auditlog").ok


def test_a_seal_task_that_cannot_be_queued_seals_inline(transactional_db, monkeypatch):
    org = OrganizationFactory()
    monkeypatch.setattr(common.audit_chain, "SEAL_IN_BACKGROUND_FROM", 2)

    def broker_down():
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("common.tasks.audit_seal.delay", broker_down)
    with transaction.atomic():
        audit_log_record_many(actor=None, action="test.fallback", entries=_entries(org, 3))
    assert not AuditLog.objects.filter(action="test.fallback", seq__isnull=True).exists()


def _content_columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in ("seq", "prev_hash", "row_hash")]


@pytest.mark.parametrize("model", [AuditLog, ReadLog])
def test_sealing_may_not_change_any_other_column(db, model):
    require_postgresql()
    org = OrganizationFactory()
    other = UserFactory()
    with transaction.atomic():
        audit_log_record_many(actor=None, action="test.guard", entries=_entries(org, 1))
    read_record(actor=UserFactory(), view="org:cadre_list", path="/org/", query="", person=None, address=None)
    row = model.objects.filter(seq__isnull=True).order_by("-id").first()  # unsealed: no commit ran in this test
    table = model._meta.db_table
    # a changed value for every content column, of the column's type
    changed = {
        "id": "id + 1000000",
        "created_at": "created_at - interval '1 day'",
        "actor_id": str(other.pk),
        "subject_type_id": "subject_type_id + 1",
        "cadre_id": "coalesce(cadre_id, 0) + 1",
        "before": """'{"forged": 1}'::jsonb""",
        "after": """'{"forged": 1}'::jsonb""",
        "address": "'192.0.2.9'",
    }
    for column in _content_columns(model):
        value = changed.get(column, "'forged'")
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                f"UPDATE {table} SET seq = 10000001, prev_hash = '', row_hash = repeat('a', 64), "  # noqa: S608
                f"{column} = {value} WHERE id = %s",
                [row.pk],
            )
    # sealing alone still goes through
    chain_seal(model._meta.label_lower)
    assert model.objects.get(pk=row.pk).seq is not None


def test_the_anchor_table_refuses_every_update(db):
    require_postgresql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO common_auditanchor (chain, seq, row_hash, purged, cutoff, created_at) "
            "VALUES ('x', 1, 'h', 1, now(), now())"
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditanchor SET row_hash = 'forged' WHERE chain = 'x'")
