"""The audit trail as files for the auditor: CSV (UTF-8 with a byte-order mark) written while it is sent, and XLSX
(built in memory, so capped). Cells a spreadsheet could take for formulas stay text (common.exports). The same
rows give the same bytes."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.audit_display import action_label, audit_entries, person_name
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_response
from common.printing import PrintTitle
from common.read_audit import what_label

XLSX_MAX_ROWS = 100_000
FIXED_CREATED = datetime.datetime(2000, 1, 1)
CHUNK = 2000


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _actor(row) -> str:
    return person_name(row.actor) if row.actor_id else _("系统")


def change_header() -> list[str]:
    return [_("序号"), _("时间"), _("操作人"), _("动作"), _("对象"), _("变更"), _("原因"), _("来源地址"), _("摘要")]


def read_header() -> list[str]:
    return [
        _("序号"),
        _("时间"),
        _("查阅人"),
        _("页面"),
        _("被查阅人"),
        _("地址"),
        _("查询条件"),
        _("来源地址"),
        _("摘要"),
    ]


def _chunks(rows):
    """The rows in pages, so a long trail is never held in memory at once."""
    start = 0
    while True:
        page = list(rows[start : start + CHUNK])
        if not page:
            return
        yield page
        start += CHUNK


def change_cells(rows):
    for page in _chunks(rows):
        for entry in audit_entries(page):
            log = entry.log
            changes = "; ".join(
                f"{c.label}: {c.old if c.old is not None else '—'} → {c.new if c.new is not None else '—'}"
                for c in entry.changes
            )
            yield [
                log.seq or "",
                _moment(log.created_at),
                _actor(log),
                action_label(log.action),
                log.subject_repr,
                changes,
                log.reason,
                log.address or "",
                log.row_hash,
            ]


def read_cells(rows):
    for page in _chunks(rows):
        for row in page:
            yield [
                row.seq or "",
                _moment(row.created_at),
                _actor(row),
                what_label(row.view),
                row.person,
                row.path,
                row.query,
                row.address or "",
                row.row_hash,
            ]


def audit_export_response(*, kind: str, rows, file_format: str):
    header, cells = (change_header(), change_cells(rows)) if kind == "changes" else (read_header(), read_cells(rows))
    name = _("审计记录-变更") if kind == "changes" else _("审计记录-查阅")
    if file_format == "csv":
        return csv_response(f"{name}.csv", header, cells)
    with XlsxInMemory() as book:
        # A fixed creation date in the file's properties: otherwise the same rows give other bytes a second later.
        book.workbook.set_properties({"created": FIXED_CREATED})
        sheet = book.sheet(name, header=header, widths=[8, 20, 14, 24, 24, 60, 30, 16, 66])
        for index, row in enumerate(cells, start=1):
            if index > XLSX_MAX_ROWS:
                break
            book.write_row(sheet, index, row)
        book.print_ready(sheet, PrintTitle(what=name))
    response = HttpResponse(book.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    return response
