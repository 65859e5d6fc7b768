"""Every XLSX export prints as a document: the print settings are read back with openpyxl — title and date made in
the page header, fit to one page wide, landscape when the columns need it, the header row repeated on every page,
columns wide enough for their Chinese text, page numbers and the signature line in the footer — while the cells stay
as they were (header on row 1, formula-looking text kept as text) and the same data gives the same bytes."""

import datetime
import io

import openpyxl
import pytest

from common.exports import XlsxInMemory
from common.printing import PrintTitle, fit_widths, latest_date, text_width

FOOTER_PAGES = "第 &P 页 共 &N 页"


def assert_prints_as_document(sheet, *, heading: str, made: str | None, landscape: bool | None = None):
    """The print settings a committee's paper needs, as a spreadsheet program reads them."""
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default and not written
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as the rows need
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.print_title_rows == "$1:$1"  # the header row on every page
    assert sheet.print_options.gridLines
    if landscape is not None:
        assert sheet.page_setup.orientation == ("landscape" if landscape else "portrait")
    header = sheet.oddHeader
    assert heading in header.center.text
    if made is not None:
        assert f"制表日期:{made}" in header.right.text
    footer = sheet.oddFooter
    assert footer.right.text == FOOTER_PAGES
    assert "经办人" in footer.left.text and "审核人" in footer.left.text and "日期" in footer.left.text


def test_widths_count_chinese_characters_twice():
    assert text_width("市场监管所") == 10
    assert text_width("A001") == pytest.approx(4.4)
    widths = fit_widths(["考核组", "No"], [("市场监管所负责人组(所·站·队)", "1")], at_least=[4, 9])
    assert widths[0] >= text_width("市场监管所负责人组(所·站·队)")
    assert widths[1] == 9


def test_latest_date_reads_dates_and_iso_text():
    rows = [("2025", "2026-01-23", "x"), (datetime.date(2026, 2, 1), "2026-13-01", None)]
    assert latest_date(rows) == datetime.date(2026, 2, 1)
    assert latest_date([("no", 1)]) is None


def _book(title: PrintTitle, rows) -> bytes:
    with XlsxInMemory() as book:
        sheet = book.sheet("名单", header=["工号", "姓名", "考核组"], widths=[8, 8, 8])
        for r, row in enumerate(rows, start=1):
            book.write_row(sheet, r, row)
        book.print_ready(sheet, title)
    return book.getvalue()


def test_a_workbook_prints_as_a_document_and_its_cells_stay_as_they_were():
    title = PrintTitle(
        what="考核结果排名", organization="某某局 & 分局", year=2025, version=3, made_on=datetime.date(2026, 1, 20)
    )
    rows = [("=1+2", "张三", "市场监管所负责人组(所·站·队)"), ("A002", "李四", "科长组")]
    content = _book(title, rows)
    assert content == _book(title, rows), "the same data gives the same bytes"
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert_prints_as_document(sheet, heading="某某局 && 分局 2025年度 考核结果排名 第3版", made="2026-01-20")
    assert book.properties.title == "某某局 & 分局 2025年度 考核结果排名 第3版"
    assert book.properties.created == datetime.datetime(2026, 1, 20)
    assert sheet.page_setup.orientation == "portrait"  # three narrow columns fit upright
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "考核组"]
    assert sheet["A2"].value == "=1+2" and sheet["A2"].data_type == "s"
    assert sheet.column_dimensions["C"].width >= text_width("市场监管所负责人组(所·站·队)")


def test_a_wide_list_prints_landscape():
    with XlsxInMemory() as book:
        sheet = book.sheet("宽", header=[f"第{i}列说明文字" for i in range(12)], widths=[12] * 12)
        book.print_ready(sheet, PrintTitle(what="宽表"))
    sheet = openpyxl.load_workbook(io.BytesIO(book.getvalue())).active
    assert_prints_as_document(sheet, heading="宽表", made=None, landscape=True)
