"""Export writers shared by every app. A spreadsheet opens a CSV cell that starts with = + - @ (or a tab or carriage
return that some importers strip before one of them) as a formula, so such a cell is written as text by prefixing a
single quote (OWASP "CSV injection"). In XLSX such a cell is a string cell (never through xlsxwriter's write(), which
would take "=..." for a formula) carrying Excel's quote-prefix style, so it stays text even when someone edits it."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from common.printing import MAX_WIDTH, PrintTitle, fit_widths, print_ready, text_width

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def xlsx_sheet(workbook, name: str, *, header: Sequence[str], widths: Sequence[int]):
    """A new worksheet with its columns' widths and the header as its first row, bold and frozen."""
    sheet = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True})
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    for column, title in enumerate(header):
        sheet.write_string(0, column, title, bold)
    return sheet


def xlsx_text_format(workbook):
    """Excel's quote prefix: the cell is text and stays text when someone edits it."""
    return workbook.add_format({"quote_prefix": True})


class XlsxInMemory:
    """A small XLSX file built in memory whose cells are never formulas. Use as a context manager (the workbook is
    closed on leaving it, even on an error), then take the file's bytes with getvalue()."""

    def __init__(self):
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self._buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.as_text = xlsx_text_format(self.workbook)
        self._widths: dict[str, list[float]] = {}

    def __enter__(self) -> XlsxInMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.workbook.close()

    def sheet(self, name: str, *, header: Sequence[str], widths: Sequence[int]):
        sheet = xlsx_sheet(self.workbook, name, header=header, widths=widths)
        self._widths[sheet.name] = fit_widths(header, at_least=widths)
        return sheet

    def write_row(self, sheet, row: int, values: Iterable) -> None:
        """Integers as numbers, None as an empty string, anything else as text (a risky one quote-prefixed)."""
        widths = self._widths.get(sheet.name)
        for column, value in enumerate(values):
            if widths is not None and column < len(widths):
                widths[column] = max(widths[column], min(text_width(value) + 2, MAX_WIDTH))
            if isinstance(value, int):
                sheet.write_number(row, column, value)
                continue
            text = "" if value is None else str(value)
            if text.startswith(FORMULA_PREFIXES):
                sheet.write_string(row, column, text, self.as_text)
            else:
                sheet.write_string(row, column, text)

    def print_ready(self, sheet, title: PrintTitle) -> None:
        """The sheet prints as a document (common.printing), its columns as wide as the text written into them."""
        print_ready(self.workbook, sheet, title=title, widths=self._widths.get(sheet.name, []))

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()
