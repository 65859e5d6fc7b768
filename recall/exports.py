"""The recall files for the committee and the finance office, each as CSV (UTF-8 with BOM) and XLSX:

- the recall list of a batch (召回名单): one row per case of the batch, with its category, basis and state;
- the case register (召回事项登记簿): every case in one's scope with its dates;
- the pay linkage report (待遇挂钩): per month and cadre, the bonus withheld and the red cards' deductions.

Labels in Chinese whatever the reader's language; dates as YYYY-MM-DD; every text cell a spreadsheet could take for a
formula written as text (common.exports). The same data gives the same bytes: the XLSX carries a fixed creation date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log_record
from common.exports import XLSX_CONTENT_TYPE, XlsxInMemory, csv_lines, csv_response
from common.printing import PrintTitle, latest_date
from recall.models import EvidenceSource, RecallCase
from recall.selectors.pay import PayRow

EXPORT_LANGUAGE = "zh-hans"
# A fixed creation date in the workbook's properties, so that the same rows give the same file.
XLSX_CREATED = datetime.datetime(2000, 1, 1)
BATCH = "batch"
REGISTER = "register"
PAY = "pay"

HEADERS = {
    BATCH: (
        gettext_lazy("序号"), gettext_lazy("工号"), gettext_lazy("姓名"), gettext_lazy("原单位"),
        gettext_lazy("原任职务"), gettext_lazy("召回对象类别"), gettext_lazy("召回依据"), gettext_lazy("依据日期"),
        gettext_lazy("信息来源"), gettext_lazy("适用办法"), gettext_lazy("党组意见"), gettext_lazy("召回令编号"),
        gettext_lazy("状态"),
    ),
    REGISTER: (
        gettext_lazy("批次"), gettext_lazy("召回令编号"), gettext_lazy("工号"), gettext_lazy("姓名"),
        gettext_lazy("原单位"), gettext_lazy("召回对象类别"), gettext_lazy("召回日期"), gettext_lazy("人事关系暂挂单位"),
        gettext_lazy("回炉锻炼单位及岗位"), gettext_lazy("回炉开始日期"), gettext_lazy("回炉期满日期"),
        gettext_lazy("适岗考核期满日期"), gettext_lazy("评价日期"), gettext_lazy("评价结论"), gettext_lazy("返岗日期"),
        gettext_lazy("二次调配日期"), gettext_lazy("跟踪考察期满日期"), gettext_lazy("结案日期"), gettext_lazy("状态"),
    ),
    PAY: (
        gettext_lazy("月份"), gettext_lazy("工号"), gettext_lazy("姓名"), gettext_lazy("单位"),
        gettext_lazy("召回令编号"), gettext_lazy("回炉锻炼天数"), gettext_lazy("适岗考核天数"),
        gettext_lazy("二次调配天数"), gettext_lazy("当月天数"), gettext_lazy("扣发绩效考核奖比例(%)"),
        gettext_lazy("红牌扣减考绩奖(元)"), gettext_lazy("说明"),
    ),
}  # fmt: skip
WIDTHS = {
    BATCH: (6, 12, 10, 18, 18, 22, 40, 12, 20, 26, 26, 16, 16),
    REGISTER: (18, 16, 12, 10, 18, 22, 12, 20, 26, 12, 12, 14, 12, 10, 12, 12, 14, 12, 16),
    PAY: (9, 12, 10, 18, 16, 12, 12, 12, 9, 16, 16, 24),
}
SHEETS = {BATCH: gettext_lazy("召回名单"), REGISTER: gettext_lazy("召回事项登记簿"), PAY: gettext_lazy("待遇挂钩")}


def _date(value) -> str:
    return value.isoformat() if value else ""


def _verdict(case: RecallCase) -> str:
    if case.passed is None:
        return ""
    return str(_("合格") if case.passed else _("不合格"))


def batch_rows(cases: Iterable[RecallCase]) -> list[tuple]:
    labels = dict(EvidenceSource.choices)
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                n,
                case.cadre.employee_no,
                case.cadre.name,
                case.home_unit.name,
                str(case.appointment.post) if case.appointment_id else "",
                case.category.name,
                case.basis,
                _date(case.basis_date),
                "、".join(str(labels[s]) for s in case.evidence_sources if s in labels),
                str(case.policy),
                case.decision_reason,
                case.order_no,
                str(case.get_state_display()),
            )
            for n, case in enumerate(cases, start=1)
        ]


def register_rows(cases: Iterable[RecallCase]) -> list[tuple]:
    with translation.override(EXPORT_LANGUAGE):
        return [
            (
                case.batch.name,
                case.order_no,
                case.cadre.employee_no,
                case.cadre.name,
                case.home_unit.name,
                case.category.name,
                _date(case.ordered_on),
                case.holding_office,
                "".join(filter(None, [case.placement_unit.name if case.placement_unit_id else "", case.placement])),
                _date(case.retraining_start),
                _date(case.retraining_end),
                _date(case.probation_end),
                _date(case.evaluated_on),
                _verdict(case),
                _date(case.returned_on),
                _date(case.reassigned_on),
                _date(case.follow_up_end),
                _date(case.closed_on),
                str(case.get_state_display()),
            )
            for case in cases
        ]


def pay_export_rows(rows: Iterable[PayRow]) -> list[tuple]:
    return [
        (
            r.month, r.employee_no, r.name, r.unit, r.order_nos, r.retraining_days, r.probation_days,
            r.reassignment_days, r.month_days, f"{r.withheld_percent:.2f}",
            f"{r.deduction:.2f}" if r.deduction is not None else "", r.note,
        )
        for r in rows
    ]  # fmt: skip


def header(kind: str) -> list[str]:
    with translation.override(EXPORT_LANGUAGE):
        return [str(h) for h in HEADERS[kind]]


def csv_bytes(kind: str, rows: Sequence[tuple]) -> bytes:
    return "".join(csv_lines(header(kind), rows)).encode("utf-8")


def xlsx_bytes(kind: str, rows: Sequence[tuple], *, what: str = "", organization: str = "") -> bytes:
    """The workbook; it prints as a document titled `what` (the file's name), dated by the latest date in its rows."""
    with translation.override(EXPORT_LANGUAGE):
        sheet_name = str(SHEETS[kind])
    title = PrintTitle(what=what or sheet_name, organization=organization, made_on=latest_date(rows))
    with XlsxInMemory() as book:
        book.workbook.set_properties({"created": XLSX_CREATED})
        sheet = book.sheet(sheet_name, header=header(kind), widths=WIDTHS[kind])
        for r, row in enumerate(rows, start=1):
            book.write_row(sheet, r, row)
        sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS[kind]) - 1)
        book.print_ready(sheet, title)
    return book.getvalue()


def file_bytes(kind: str, rows: Sequence[tuple], file_format: str, *, what: str = "", organization: str = "") -> bytes:
    if file_format == "csv":
        return csv_bytes(kind, rows)
    return xlsx_bytes(kind, rows, what=what, organization=organization)


def download(kind: str, rows: Sequence[tuple], file_format: str, name: str):
    """The file as a download response."""
    file_name = f"{name}.{file_format}"
    if file_format == "csv":
        return csv_response(file_name, header(kind), rows)
    response = HttpResponse(xlsx_bytes(kind, rows, what=name), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def file_name(kind: str, *, batch=None, first=None, last=None) -> str:
    with translation.override(EXPORT_LANGUAGE):
        if kind == BATCH:
            return _("%(batch)s召回名单") % {"batch": batch.name}
        if kind == PAY:
            return _("召回待遇挂钩%(first)s至%(last)s") % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"}
        return str(_("召回事项登记簿"))


@transaction.atomic
def recall_export_record(*, actor, subjects: Iterable, kind: str, file_format: str, rows: int, **extra) -> None:
    """A download of a recall file discloses personnel data: who took which file, and when (one audit row for each
    batch or organization whose rows it could hold)."""
    for subject in subjects:
        audit_log_record(
            actor=actor,
            action=f"recall.export.{kind}",
            subject=subject,
            after={"format": file_format, "rows": rows, **{k: str(v) for k, v in extra.items()}},
        )
