"""Export writers shared by every app. A spreadsheet opens a CSV cell that starts with = + - @ (or a tab or carriage
return that some importers strip before one of them) as a formula, so such a cell is written as text by prefixing a
single quote (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def sanitize_cell(value) -> str | int | float | Decimal:
    """One cell as safe to open in a spreadsheet. Numbers stay numbers; anything else becomes text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def sanitize_row(row: Iterable) -> list:
    return [sanitize_cell(value) for value in row]


class _Echo:
    """A file-like object whose write returns what it was given, so csv.writer yields one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence, rows: Iterable[Iterable]) -> Iterable[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark makes Excel read the file as UTF-8 instead of the system code page.
    yield BOM + writer.writerow(sanitize_row(header))
    for row in rows:
        yield writer.writerow(sanitize_row(row))


def csv_response(filename: str, header: Sequence, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download written while it is sent: `rows` may be a generator over a large queryset."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
