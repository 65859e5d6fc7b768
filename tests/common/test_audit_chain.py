"""The audit trail's hash chain: sealed in order, append-only in the application and in PostgreSQL, and a changed,
deleted or inserted row is named by the verify command."""

import datetime
import io
import threading
from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from common.audit import audit_log_record
from common.audit_chain import chain_seal, chain_verify, row_digest
from common.models import AuditAnchor, AuditLog, ReadLog
from common.read_audit import read_record
from tests.factories import OrganizationFactory, UserFactory
from tests.worker_utils import unavailable


def require_postgresql(why: str = "the append-only trigger and the advisory lock are PostgreSQL's") -> None:
    if connection.vendor != "postgresql":
        unavailable(f"needs PostgreSQL: {why} (set DATABASE_URL, or run through .ci/run)")


def _rows(n: int, *, reason: str = "测试") -> list[AuditLog]:
    org = OrganizationFactory()
    with transaction.atomic():
        return [
            audit_log_record(actor=None, action="test.touch", subject=org, after={"n": i}, reason=reason)
            for i in range(n)
        ]


@contextmanager
def tampering():
    """What an intruder with the database's owner account could do: the append-only trigger switched off (inside the
    test's transaction, so it is back afterwards)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending, so the table can be altered
            cursor.execute("ALTER TABLE common_auditlog DISABLE TRIGGER common_auditlog_append_only")
    with connection.cursor() as cursor:
        yield cursor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE common_auditlog ENABLE TRIGGER common_auditlog_append_only")


def verify_output() -> tuple[str, bool]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def test_rows_are_sealed_in_order_into_one_chain(db):
    rows = _rows(3)
    assert all(r.seq is None for r in rows)
    # when the chain is sealed
    sealed = chain_seal("common.auditlog")
    # then every row is numbered without gaps, each pointing to the one before
    chain = list(AuditLog.objects.filter(seq__isnull=False).order_by("seq"))
    assert sealed == len(chain) >= 3
    assert [r.seq for r in chain] == list(range(1, len(chain) + 1))
    assert chain[0].prev_hash == ""
    for before, row in zip(chain, chain[1:], strict=False):
        assert row.prev_hash == before.row_hash
        assert row.row_hash == row_digest(row.prev_hash, row)
    assert chain_verify("common.auditlog").ok
    # and sealing again changes nothing
    assert chain_seal("common.auditlog") == 0


def test_a_changed_row_is_named(db):
    rows = _rows(4)
    chain_seal("common.auditlog")
    target = AuditLog.objects.get(pk=rows[2].pk)
    # when someone changes a sealed row's reason behind the application's back
    with tampering() as cursor:
        cursor.execute("UPDATE common_auditlog SET reason = %s WHERE id = %s", ["另有原因", target.pk])
    # then the verify command fails and names that row
    output, ok = verify_output()
    assert not ok
    assert f"序号 {target.seq}(id {target.pk})的内容与摘要不符(被修改)" in output


def test_a_deleted_row_is_named(db):
    rows = _rows(4)
    chain_seal("common.auditlog")
    target = AuditLog.objects.get(pk=rows[1].pk)
    with tampering() as cursor:
        cursor.execute("DELETE FROM common_auditlog WHERE id = %s", [target.pk])
    output, ok = verify_output()
    assert not ok
    assert f"序号 {target.seq}–{target.seq} 的记录缺失(被删除)" in output


def test_a_changed_row_whose_hash_was_recomputed_breaks_the_next_link(db):
    rows = _rows(4)
    chain_seal("common.auditlog")
    target = AuditLog.objects.get(pk=rows[1].pk)
    target.reason = "另有原因"
    forged = row_digest(target.prev_hash, target)
    with tampering() as cursor:
        cursor.execute(
            "UPDATE common_auditlog SET reason = %s, row_hash = %s WHERE id = %s", [target.reason, forged, target.pk]
        )
    report = chain_verify("common.auditlog")
    assert [p for p in report.problems if f"序号 {target.seq + 1}" in p and "未指向前一条记录" in p]


def test_the_application_has_no_update_or_delete_path(db):
    row = _rows(1)[0]
    with pytest.raises(TypeError, match="append-only"):
        AuditLog.objects.filter(pk=row.pk).update(reason="x")
    with pytest.raises(TypeError, match="append-only"):
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(TypeError, match="append-only"):
        row.save()
    with pytest.raises(TypeError, match="append-only"):
        row.delete()
    with pytest.raises(TypeError, match="append-only"):
        ReadLog.objects.all().delete()


def test_postgresql_refuses_to_update_or_delete_an_audit_row(db):
    require_postgresql()
    row = _rows(1)[0]
    chain_seal("common.auditlog")
    row = AuditLog.objects.get(pk=row.pk)
    read_record(actor=UserFactory(), view="org:cadre_list", path="/org/cadres/", query="", person=None, address=None)
    for statement in [
        ("UPDATE common_auditlog SET reason = 'x' WHERE id = %s", [row.pk]),
        ("UPDATE common_auditlog SET row_hash = repeat('0', 64) WHERE id = %s", [row.pk]),
        ("DELETE FROM common_auditlog WHERE id = %s", [row.pk]),
        ("DELETE FROM common_readlog", []),
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(*statement)
    assert AuditLog.objects.get(pk=row.pk).reason == "测试"


def test_postgresql_lets_sealing_fill_the_chain_columns_once_and_nothing_else(db):
    require_postgresql()
    row = _rows(1)[0]
    # an unsealed row: changing its content along with sealing is refused
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE common_auditlog SET seq = 99, row_hash = repeat('a', 64), reason = 'x' WHERE id = %s", [row.pk]
        )
    assert chain_seal("common.auditlog") >= 1


def test_the_head_recorded_by_the_auditor_shows_a_truncated_chain(db):
    _rows(3)
    chain_seal("common.auditlog")
    head = AuditLog.objects.order_by("-seq").first()
    with tampering() as cursor:
        cursor.execute("DELETE FROM common_auditlog WHERE id = %s", [head.pk])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", expect=[f"common.auditlog={head.seq}:{head.row_hash}"], stdout=out)
    assert f"序号 {head.seq} 的记录不在或已改变" in out.getvalue()


def test_the_retention_purge_keeps_the_chain_verifiable(db, settings):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    with time_machine.travel(long_ago, tick=False):
        old = _rows(3, reason="旧")
    recent = _rows(2, reason="新")
    chain_seal("common.auditlog")
    # when the purge runs with the 180-day retention
    out = io.StringIO()
    call_command("purge_audit", stdout=out)
    # then the old rows are gone, the recent ones stay, and the chain still verifies from its anchor
    assert not AuditLog.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert AuditLog.objects.filter(pk__in=[r.pk for r in recent]).count() == 2
    anchor = AuditAnchor.objects.get(chain="common.auditlog")
    assert anchor.purged >= 3
    assert AuditLog.objects.filter(action="audit.purge").exists()
    chain_seal("common.auditlog")
    assert chain_verify("common.auditlog").ok, chain_verify("common.auditlog").problems
    # a shorter retention than the setting is refused
    with pytest.raises(CommandError, match="不得少于 180 天"):
        call_command("purge_audit", days=30)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_sealers_keep_one_unbroken_chain():
    require_postgresql()
    org = OrganizationFactory()
    errors = []

    def writer(n):
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_log_record(actor=None, action="test.concurrent", subject=org, after={"w": n, "i": i})
                # the seal runs on commit, racing the other writers' seals
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    chain_seal("common.auditlog")
    report = chain_verify("common.auditlog")
    assert report.ok, report.problems
    assert AuditLog.objects.filter(action="test.concurrent", seq__isnull=False).count() == 60
    assert report.rows == AuditLog.objects.count()
