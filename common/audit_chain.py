"""The audit trail's hash chains (GB/T 22239-2019 8.1.4.3 c: 审计记录应进行保护,避免受到未预期的删除、修改或覆盖).

Services write audit rows inside their own transactions, many at once, and a row's place in a chain is only known
once its transaction commits. So rows are written unsealed, and `chain_seal` — run right after each commit, and
every minute by beat as a safety net — numbers the committed ones in one short transaction under a lock (a
PostgreSQL advisory lock), each row's hash covering the previous row's hash and its own canonical content. Writers
never wait for each other; only sealers do, for milliseconds.

`chain_verify` walks a chain and names every row that was changed, removed or put in between. A retention purge
(`purge_audit`) removes the oldest rows in one controlled step and leaves an anchor (common.models.AuditAnchor) that
the first remaining row still points to.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from common.models import AuditLog, ReadLog

logger = logging.getLogger(__name__)

CHAINS = ("common.auditlog", "common.readlog")
BATCH = 2000  # rows a verify reads at a time
SEAL_BATCH = 10000  # rows sealed in one transaction: each batch re-reads the unsealed rows, so few large ones


def chain_model(label: str) -> type[AuditLog | ReadLog]:
    return cast("type[AuditLog | ReadLog]", apps.get_model(label))


def _plain(value):
    if isinstance(value, datetime.datetime):
        # One spelling for one instant, whatever the database returned it in.
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _plain_column(value):
    """A column's value as the hash sees it. A JSON column read from the database holds JSON's own types only (str
    keys, lists, numbers, strings), which _plain would give back unchanged: not walking them halves the cost of
    sealing a large import."""
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return _plain(value)


def canonical_values(seq: int, content: dict) -> bytes:
    """The row's content as the hash sees it: its place in the chain and its own columns (read from the database), as
    sorted, compact JSON."""
    plain = {key: _plain_column(value) for key, value in content.items()}
    plain["seq"] = seq
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical(row) -> bytes:
    return canonical_values(row.seq, row.chain_content())


def _digest(prev_hash: str, seq: int, content: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical_values(seq, content)).hexdigest()


def row_digest(prev_hash: str, row) -> str:
    return _digest(prev_hash, row.seq, row.chain_content())


def _lock(label: str) -> None:
    """One sealer per chain at a time. SQLite lets one writer in anyway (and seq is unique in both)."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def chain_head(model) -> tuple[int, str]:
    """(seq, hash) of the chain's last sealed row; (0, "") for an empty chain, or the anchor of a purged one."""
    last = model._base_manager.filter(seq__isnull=False).order_by("-seq").values_list("seq", "row_hash").first()
    if last:
        return last
    anchor = apps.get_model("common", "AuditAnchor")._base_manager.filter(chain=model._meta.label_lower)
    return anchor.order_by("-seq").values_list("seq", "row_hash").first() or (0, "")


def _seals_write(model, seals: list[tuple[int, int, str, str]]) -> None:
    """Write (id, seq, prev_hash, row_hash) of each sealed row. Sealing is the one update the chain allows (and the
    trigger checks it is only that). On PostgreSQL one UPDATE per batch joined to its VALUES: the ORM's bulk_update
    builds a CASE per column and row, which took most of the time of a large import's seal."""
    if connection.vendor != "postgresql":
        rows = [model(pk=pk, seq=seq, prev_hash=prev, row_hash=digest) for pk, seq, prev, digest in seals]
        model._base_manager.bulk_update(rows, ["seq", "prev_hash", "row_hash"], batch_size=500)
        return
    from psycopg2.extras import execute_values

    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"UPDATE {table} AS t SET seq = v.seq, prev_hash = v.prev_hash, row_hash = v.row_hash "  # noqa: S608 — our quoted table name; values are parameters
        "FROM (VALUES %s) AS v (id, seq, prev_hash, row_hash) WHERE t.id = v.id"
    )
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, sql, seals, template="(%s::bigint, %s::bigint, %s, %s)", page_size=len(seals))


def chain_seal(label: str) -> int:
    """Number and hash every committed unsealed row of the chain, oldest first. Returns how many were sealed."""
    model = chain_model(label)
    columns = model.CHAIN_COLUMNS
    sealed = 0
    while True:
        with transaction.atomic():
            _lock(label)
            seq, prev = chain_head(model)
            # The columns the hash covers, as values (no model instances): a large import seals 100,000 rows.
            rows = list(
                model._base_manager.filter(seq__isnull=True).order_by("id").values_list("pk", *columns)[:SEAL_BATCH]
            )
            if not rows:
                return sealed
            seals = []
            for pk, *values in rows:
                seq += 1
                digest = _digest(prev, seq, model.chain_values(dict(zip(columns, values, strict=True))))
                seals.append((pk, seq, prev, digest))
                prev = digest
            _seals_write(model, seals)
            sealed += len(rows)
        if len(rows) < SEAL_BATCH:
            # All there was: a row committed since is sealed by its own writer's seal (which waits for the lock),
            # or by the periodic one. Not looking again saves a request's seal a second transaction.
            return sealed


def chain_seal_quietly(label: str) -> None:
    """After a commit: a sealer that loses a race (SQLite's single writer) leaves its rows to the next one."""
    try:
        chain_seal(label)
    except DatabaseError:
        logger.warning("audit chain %s not sealed now; the next seal takes its rows", label, exc_info=True)


# From this many rows written in one transaction (an import), the seal after its commit is a background task: the
# import's worker is free at once, and the sealer takes the rows seconds later (inline where tasks run eagerly).
SEAL_IN_BACKGROUND_FROM = 5000


def seal_after_commit(label: str, rows: int = 1) -> None:
    """Seal the chain once the current transaction commits (at once outside one); once per transaction, however many
    rows it writes (`rows`: how many this call wrote)."""
    conn = transaction.get_connection()
    if conn.in_atomic_block:
        for _s, func, _r in conn.run_on_commit:
            if getattr(func, "audit_chain", None) == label:
                func.rows += rows  # the mark set below
                return

    def seal():
        if seal.rows >= SEAL_IN_BACKGROUND_FROM:  # type: ignore[attr-defined]
            from common.tasks import audit_seal

            try:
                audit_seal.delay()
                return
            except Exception:  # the broker is down: seal here rather than wait for beat
                logger.warning("audit chain %s: seal task not queued; sealing now", label, exc_info=True)
        chain_seal_quietly(label)

    seal.audit_chain = label  # type: ignore[attr-defined]  # a mark on the callback, read back above
    seal.rows = rows  # type: ignore[attr-defined]
    transaction.on_commit(seal)


@dataclass
class ChainReport:
    label: str
    rows: int = 0
    first: int | None = None
    head: tuple[int, str] | None = None
    unsealed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def chain_verify(label: str) -> ChainReport:
    """Walk the chain in order and say what is wrong, row by row: a row whose content no longer matches its hash
    (changed), a gap in the numbers (removed), a row that does not point to the one before it (removed, inserted, or
    the one before changed and re-hashed)."""
    model = chain_model(label)
    report = ChainReport(label)
    anchors = dict(
        apps.get_model("common", "AuditAnchor")._base_manager.filter(chain=label).values_list("seq", "row_hash")
    )
    previous: tuple[int, str] | None = None
    for row in model._base_manager.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=BATCH):
        seq = row.seq
        assert seq is not None  # only sealed rows are walked
        report.rows += 1
        if previous is None:
            report.first = seq
            if seq != 1:
                expected = anchors.get(seq - 1)
                if expected is None:
                    report.problems.append(f"序号 1–{seq - 1} 的记录不存在,且没有对应的清理记录(被删除)")
                elif expected != row.prev_hash:
                    report.problems.append(f"序号 {seq}(id {row.pk})与清理记录不衔接")
        else:
            prev_seq, prev_hash = previous
            if seq != prev_seq + 1:
                report.problems.append(f"序号 {prev_seq + 1}–{seq - 1} 的记录缺失(被删除)")
            elif row.prev_hash != prev_hash:
                report.problems.append(
                    f"序号 {seq}(id {row.pk})未指向前一条记录:前一条被修改后重新计算了摘要,或其间记录被删除或插入"
                )
        if row_digest(row.prev_hash, row) != row.row_hash:
            report.problems.append(f"序号 {seq}(id {row.pk})的内容与摘要不符(被修改)")
        previous = (seq, row.row_hash)
    report.head = previous
    report.unsealed = model._base_manager.filter(
        seq__isnull=True, created_at__lt=timezone.now() - datetime.timedelta(minutes=10)
    ).count()
    return report
