"""Writing many rows in one go on PostgreSQL: COPY instead of INSERTs built by the ORM.

An import of 100,000 rows spent most of its time building model instances and the INSERT statements for them. Here
rows are plain tuples, streamed to the server in PostgreSQL's text COPY format. Callers keep an ORM path for other
databases (the embedded SQLite default), where `copy_supported()` is False.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection

# COPY's text format: a tab between columns, a newline between rows, \N for NULL, and these four escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CHUNK = 1 << 20  # characters buffered before they are sent


def copy_supported() -> bool:
    return connection.vendor == "postgresql"


def _field(value, json_default: Callable[[Any], Any] | None) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=json_default).translate(_ESCAPES)
    raise TypeError(f"no COPY spelling for {type(value).__name__}")


class _Lines(io.TextIOBase):
    """The rows as a file that COPY reads from, produced as it reads (a large file is never whole in memory)."""

    def __init__(self, rows: Iterable[Sequence], json_default: Callable[[Any], Any] | None):
        self._rows = iter(rows)
        self._json_default = json_default
        self._pending = ""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        want = _CHUNK if size is None or size < 0 else size
        parts = [self._pending]
        length = len(self._pending)
        for row in self._rows:
            line = "\t".join([_field(v, self._json_default) for v in row]) + "\n"
            parts.append(line)
            length += len(line)
            if length >= want:
                break
        text = "".join(parts)
        self._pending = text[want:]
        return text[:want]


def copy_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    json_default: Callable[[Any], Any] | None = None,
) -> None:
    """COPY `rows` (tuples in the order of `columns`) into `table`, in the caller's transaction. A dict or list value
    is written as JSON, `json_default` spelling what json cannot write itself (as json.dumps's `default`)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, _Lines(rows, json_default), size=_CHUNK)
