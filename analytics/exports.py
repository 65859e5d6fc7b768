"""The analytics tables as files: CSV (UTF-8 with a byte-order mark) holds one table, XLSX every table of the page on
a sheet of its own. Numbers are written as text with two decimals, exactly as on the page; the workbook's creation
time is fixed (31 December of the year analysed), so the same data give the same bytes. Cells a spreadsheet could take
for a formula are written as text (common.exports)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_response

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    key: str  # the `part` a CSV download names
    title: str  # the sheet's name
    header: Sequence[str]
    rows: Sequence[Sequence]


def number(value, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"


def percent(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def xlsx_bytes(tables: Sequence[Table], *, year: int) -> bytes:
    with XlsxInMemory() as book:
        book.workbook.set_properties({"created": datetime.datetime(year, 12, 31)})
        for table in tables:
            sheet = book.sheet(table.title[:31], header=list(table.header), widths=[14] * len(table.header))
            for r, cells in enumerate(table.rows, start=1):
                book.write_row(sheet, r, cells)
    return book.getvalue()


def table_response(*, stem: str, tables: Sequence[Table], part: str, file_format: str, year: int):
    """The download: `part` picks the CSV's table (the first when empty); XLSX holds them all."""
    if file_format == "csv":
        table = next((t for t in tables if t.key == part), tables[0])
        return csv_response(f"{stem}-{table.title}.csv", list(table.header), table.rows)
    response = HttpResponse(xlsx_bytes(tables, year=year), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.xlsx")
    return response
