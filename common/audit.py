"""The audit log. Services call `audit_log_record` inside their own transaction, so a rolled-back change
leaves no audit row and a committed one always has its row."""

import datetime
import decimal
import itertools
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from common.audit_chain import seal_after_commit
from common.bulk import copy_rows, copy_supported
from common.models import AuditLog

# The address of the request being served (set by common.read_audit.AuditContextMiddleware): the rows a request
# writes say where it came from; a task's rows say nothing.
request_address: ContextVar[str | None] = ContextVar("request_address", default=None)


@dataclass(frozen=True)
class AuditSubject:
    """A row of another app named by its model label, id and text, for an audit row about it written by an app that
    does not import that app's models (e.g. the export of lists drawn from a published year)."""

    app_label: str
    model: str  # lower case, as content types name it
    pk: int
    text: str

    def __str__(self) -> str:
        return self.text


def _json_scalar(value):
    """A value the before/after columns hold as JSON spelled as they spell it; anything else as it is."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return _json_scalar(value)


def _json_default(value):
    """The same spelling as json.dumps's `default`, for the rows a COPY writes without walking them first."""
    if isinstance(value, set | frozenset):
        return list(value)
    spelled = _json_scalar(value)
    if spelled is value:
        raise TypeError(f"no JSON spelling for {type(value).__name__}")
    return spelled


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of a row, ready for the before/after columns."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.attname not in {"created_at", "updated_at"}
    ]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def _row(*, actor, action, subject, subject_type, before, after, reason) -> AuditLog:
    return AuditLog(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        address=request_address.get(),
    )


def _require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit rows must be written inside the service's transaction")


def audit_log_record(
    *,
    actor,
    action: str,
    subject: models.Model | AuditSubject,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditLog:
    _require_transaction()
    subject_type = _subject_type(subject)
    row = _row(
        actor=actor,
        action=action,
        subject=subject,
        subject_type=subject_type,
        before=before,
        after=after,
        reason=reason,
    )
    row.save()
    seal_after_commit("common.auditlog")
    return row


def _subject_type(subject):
    if isinstance(subject, AuditSubject):
        return ContentType.objects.get_by_natural_key(subject.app_label, subject.model)
    return ContentType.objects.get_for_model(subject, for_concrete_model=False)


# The columns a COPY of audit rows fills: the hashed ones, then the chain's, empty until the seal (common.audit_chain).
_COPY_COLUMNS = (*AuditLog.CHAIN_COLUMNS, "prev_hash", "row_hash")
COPY_FROM = 500  # rows from which a bulk write goes by COPY on PostgreSQL


def audit_log_record_many(
    *, actor, action: str, entries: Iterable[tuple], reason: str = "", count: int | None = None
) -> None:
    """One audit row per (subject, before, after) of the same model, written in one insert (bulk services); on
    PostgreSQL a large set goes by COPY. A subject may be an AuditSubject, which names the row without loading it.
    `entries` may be a generator when `count` says how many it yields: a large set is then never whole in memory."""
    if count is None:
        entries = list(entries)
        count = len(entries)
    if not count:
        return
    _require_transaction()
    iterator = iter(entries)
    first = next(iterator)
    entries = itertools.chain([first], iterator)
    subject_type = _subject_type(first[0])
    if count >= COPY_FROM and copy_supported():
        now = timezone.now()
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        address = request_address.get()
        copy_rows(
            AuditLog._meta.db_table,
            _COPY_COLUMNS,
            (
                (
                    now,
                    actor_id,
                    action,
                    subject_type.pk,
                    str(subject.pk),
                    str(subject)[:255],
                    before,
                    after,
                    str(reason),
                    address,
                    "",
                    "",
                )
                for subject, before, after in entries
            ),
            json_default=_json_default,
        )
    else:
        AuditLog.objects.bulk_create(
            [
                _row(
                    actor=actor,
                    action=action,
                    subject=subject,
                    subject_type=subject_type,
                    before=before,
                    after=after,
                    reason=reason,
                )
                for subject, before, after in entries
            ]
        )
    seal_after_commit("common.auditlog", rows=count)


def audit_log_for(subject: models.Model):
    """The subject's audit history, newest first."""
    return (
        AuditLog.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            subject_id=str(subject.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
