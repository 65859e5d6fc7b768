"""Hostile import files, generated here (no binaries): each is refused before it can hold a worker, with the limit
and where it was hit, in Chinese; the web request reading them stays short whatever the file claims to hold.

The corpus: an xlsx of millions of blank rows (a few kB packed), one huge shared string, too many parts, a part over
the size cap, rows wider than the column cap, an over-long cell, NUL and other control characters (CSV and xlsx), a
sheet formatted far below its data (read up to the data, not to the end), and a file of more data rows than the cap.
"""

import io
import zipfile

import openpyxl
import pytest

from common.imports.issues import ImportInvalid
from common.imports.reading import SheetFormat, sheet_read

FORMAT = SheetFormat(columns=("工号", "姓名", "分数"), sheet_name="数据", key_column="工号")
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def _workbook(rows=(("A001", "张三", 90),)) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(["工号", "姓名", "分数"])
    for r in rows:
        sheet.append(list(r))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_parts(content: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with some parts rewritten (and some added), packed as Excel packs it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _sheet_xml(rows_xml: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows_xml}</sheetData></worksheet>"
    ).encode()


def _inline(row: int, cells: list[str]) -> str:
    out = []
    for i, text in enumerate(cells):
        column = ""
        n = i + 1
        while n:
            n, rest = divmod(n - 1, 26)
            column = chr(65 + rest) + column
        out.append(f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{row}">{"".join(out)}</row>'


def _refused(content: bytes, name: str = "评分.xlsx") -> list[str]:
    with pytest.raises(ImportInvalid) as refused:
        sheet_read(content=content, file_name=name, file_format=FORMAT)
    return [str(issue) for issue in refused.value.issues]


def test_millions_of_blank_rows_packed_small_are_refused_unread():
    blank = "<row/>" * 2_000_000  # 12 MB unpacked, a few kB packed; 12 million such rows fit in 2 MB
    content = _with_parts(_workbook(), {SHEET: _sheet_xml(_inline(1, ["工号", "姓名", "分数"]) + blank)})
    assert len(content) < 200_000
    (message,) = _refused(content)
    assert "压缩比超过 100 倍" in message and SHEET in message


def test_one_huge_shared_string_is_refused_unread():
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' count="1" uniqueCount="1"><si><t>' + "啊" * 3_000_000 + "</t></si></sst>"
    ).encode()
    base = _workbook()
    if STRINGS in zipfile.ZipFile(io.BytesIO(base)).namelist():
        content = _with_parts(base, {STRINGS: strings})
    else:
        content = _with_parts(base, {}, extra={STRINGS: strings})
    (message,) = _refused(content)
    assert "压缩比" in message and "sharedStrings" in message


def test_the_unpacked_size_and_part_caps_are_settings(settings):
    content = _workbook()
    settings.IMPORT_MAX_UNPACKED_BYTES = 4_000
    (message,) = _refused(content)
    assert "解压后共" in message and "超过上限" in message
    settings.IMPORT_MAX_UNPACKED_BYTES = 10**9
    settings.IMPORT_MAX_PARTS = 3
    (message,) = _refused(content)
    assert "部件" in message and "上限 3 个" in message


def test_a_row_wider_than_the_column_cap_is_refused_with_its_row(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    content = _workbook(rows=[("A001", "张三", 90), ["A002", "李四", 80] + [None] * 20 + ["多余"]])
    assert _refused(content) == ["第 3 行:超过 10 列,请只保留模板中的列。"]
    # Blank cells beyond the cap (a formatted row) are no reason to refuse
    ok = _workbook(rows=[["A002", "李四", 80] + [""] * 20])
    assert [r.values["姓名"] for r in sheet_read(content=ok, file_name="评分.xlsx", file_format=FORMAT).rows] == [
        "李四"
    ]


def test_an_over_long_cell_is_refused_with_row_and_column(settings):
    settings.IMPORT_MAX_CELL_CHARS = 50
    content = _workbook(rows=[("A001", "张" * 51, 90)])
    assert _refused(content) == ["第 2 行 [姓名]:内容有 51 个字符,超过上限 50 个。"]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused_at_preview_with_row_and_column(character):
    csv_content = f"工号,姓名,分数\nA001,张三,90\nA002,李{character}四,80\n".encode()
    assert _refused(csv_content, "评分.csv") == ["第 3 行 [姓名]:含有不可见的控制字符(如空字符),请删除后再导入。"]


def test_a_nul_inside_an_xlsx_cell_is_refused_too():
    # XML 1.0 cannot hold a NUL: the sheet's parser refuses the part, and the file is refused as unreadable
    rows = _inline(1, ["工号", "姓名", "分数"]) + _inline(2, ["A001", "张&#0;三", "90"])
    content = _with_parts(_workbook(), {SHEET: _sheet_xml(rows)})
    assert _refused(content) == ["文件不是有效的 xlsx 文件,无法打开。"]


def test_a_sheet_formatted_far_below_its_data_is_read_to_its_data():
    rows = _inline(1, ["工号", "姓名", "分数"]) + _inline(2, ["A001", "张三", "90"])
    rows += "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 60_003))
    content = _with_parts(_workbook(), {SHEET: _sheet_xml(rows)})
    sheet = sheet_read(content=content, file_name="评分.xlsx", file_format=FORMAT)
    assert [(r.number, r.values["工号"]) for r in sheet.rows] == [(2, "A001")]


def test_more_data_rows_than_the_cap_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 100
    lines = "".join(f"A{n:04d},人{n},80\n" for n in range(101))
    assert _refused(f"工号,姓名,分数\n{lines}".encode(), "评分.csv") == ["数据行超过 100 行,请分批导入。"]


def test_the_roster_preview_refuses_a_nul_with_row_and_column_and_keeps_nothing(world, as_persona, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.common.import_previews import post_and_follow
    from tests.org.test_roster import csv_bytes, row

    settings.MEDIA_ROOT = tmp_path
    client = as_persona("hr")
    content = csv_bytes([row("A001", "张\x00三", "综合科一组", "组长", "中层负责人", "2023-03-01")])
    response = post_and_follow(
        client,
        "/org/roster/import/",
        {
            "action": "preview",
            "year": 2025,
            "organization": world.org.pk,
            "file": SimpleUploadedFile("花名册.csv", content),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "有 1 处错误,未导入任何数据" in body
    assert "<td>2</td>" in body.replace(" ", "") and "含有不可见的控制字符" in body
    assert "确认导入" not in body
    assert not any(tmp_path.rglob("*.csv"))
