"""Reading an import file (xlsx or csv) into rows of raw cell values, numbered as Excel shows them.

Every import reads its file by the same rules: the data sheet by its name or else the first sheet, a title line or
two above the header, header cells with stray spaces or a required-marker star, CSV in UTF-8 (with or without BOM)
or GBK, separated by commas or tabs. What differs is the file's format: its columns, its sheet's name, and the
words its header messages use.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from common.imports.issues import ImportInvalid, ImportIssue, file_issue

# What a file may hold (the IMPORT_MAX_* settings, described in cadre_eval/settings/domain.py), so that no upload can
# hold a web worker for long or swell its memory: data rows, columns, characters in a cell; for an xlsx (a zip
# archive) the unpacked size, the largest part and how far a part may be compressed (a few kB of blank rows or one
# repeated string unpack to hundreds of MB).
# Blank rows read past the last data row before the rest is taken as empty (a sheet formatted to row 1,048,576).
TRAILING_BLANK_ROWS = 10_000
# NUL and the other C0 control characters but tab, line feed and carriage return, and DEL: never in a name or a
# number, and fatal to the database or the job further on.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_LISTED_ISSUES = 50


def limit(name: str) -> int:
    return int(getattr(settings, name))


# A title line or two above the header (e.g. "某某局干部花名册") is common; the header is looked for this far down.
HEADER_SEARCH_ROWS = 10
XLSX_EXTENSIONS = ("xlsx", "xlsm")
CSV_EXTENSIONS = ("csv", "txt")
SUPPORTED_EXTENSIONS = XLSX_EXTENSIONS + CSV_EXTENSIONS
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


@dataclass(frozen=True, kw_only=True)
class SheetFormat:
    columns: tuple[str, ...]
    sheet_name: str
    # A header row is recognised by this column, or by any two of the columns.
    key_column: str
    # Columns a file may leave out altogether (their cells are then blank).
    optional_columns: frozenset = frozenset()
    # The messages for a file whose header is not found; a format whose data has a name (花名册) says it.
    # %(columns)s: the expected columns. The sheet hint also takes %(sheet)s, %(what)s, %(expected)s, %(sheets)s.
    no_header: StrOrPromise = gettext_lazy("文件中没有找到表头。第一行应为:%(columns)s。")
    no_header_in_sheet: StrOrPromise = gettext_lazy("中没有找到表头(%(columns)s)")
    sheet_hint: StrOrPromise = gettext_lazy(
        "工作表“%(sheet)s”%(what)s。请把数据放在第一个工作表,或将其工作表命名为“%(expected)s”。"
        "本工作簿中的工作表:%(sheets)s。"
    )


class RowValues(Mapping[str, object]):
    """One row's cells by column name, held as a tuple beside the file format's one column index: a 100,000-row file
    read into dicts took some 80 MB, into these a third of that."""

    __slots__ = ("_cells", "_index")

    def __init__(self, index: dict[str, int], cells: tuple):
        self._index = index
        self._cells = cells

    def __getitem__(self, column: str) -> object:
        return self._cells[self._index[column]]

    def get(self, column: str, default: object = None) -> object:
        i = self._index.get(column)
        return default if i is None else self._cells[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int
    values: Mapping[str, object]


@dataclass(frozen=True)
class Sheet:
    file_name: str
    sheet_name: str | None  # None for a CSV file
    rows: list[RawRow]


def file_extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def sheet_read(*, content: bytes, file_name: str, file_format: SheetFormat) -> Sheet:
    """Raises ImportInvalid with file-level issues when the file cannot be read in this format."""
    if not content:
        raise ImportInvalid([file_issue(_("文件为空。"))])
    extension = file_extension(file_name)
    if content.startswith(OLE_MAGIC) or extension == "xls":
        raise ImportInvalid([file_issue(_("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"))])
    if extension not in SUPPORTED_EXTENSIONS:
        raise ImportInvalid([file_issue(_("仅支持 .xlsx 和 .csv 文件。"))])
    if content.startswith(ZIP_MAGIC):
        _archive_check(content)
        return _read_xlsx(content, file_name, file_format)
    if extension in XLSX_EXTENSIONS:
        raise ImportInvalid([file_issue(_("文件不是有效的 xlsx 文件,无法打开。"))])
    return _read_csv(content, file_name, file_format)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _archive_check(content: bytes) -> None:
    """An xlsx is a zip archive: its parts are measured from the archive's directory before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportInvalid([file_issue(_("文件不是有效的 xlsx 文件,无法打开。"))]) from exc
    if len(parts) > limit("IMPORT_MAX_PARTS"):
        raise ImportInvalid(
            [
                file_issue(
                    _("文件包含 %(n)d 个部件,超过上限 %(max)d 个,不像是正常的 xlsx 文件。")
                    % {"n": len(parts), "max": limit("IMPORT_MAX_PARTS")}
                )
            ]
        )
    total = sum(part.file_size for part in parts)
    if total > limit("IMPORT_MAX_UNPACKED_BYTES"):
        raise ImportInvalid(
            [
                file_issue(
                    _(
                        "文件解压后共 %(size)s MB,超过上限 %(max)s MB。请删除多余的工作表、空行和格式后再导入,或分批导入。"
                    )
                    % {"size": _megabytes(total), "max": _megabytes(limit("IMPORT_MAX_UNPACKED_BYTES"))}
                )
            ]
        )
    ratio_cap = limit("IMPORT_MAX_COMPRESSION_RATIO")
    for part in parts:
        if part.file_size > limit("IMPORT_MAX_PART_BYTES"):
            raise ImportInvalid(
                [
                    file_issue(
                        _("文件中的“%(part)s”解压后 %(size)s MB,超过上限 %(max)s MB。请分批导入。")
                        % {
                            "part": part.filename,
                            "size": _megabytes(part.file_size),
                            "max": _megabytes(limit("IMPORT_MAX_PART_BYTES")),
                        }
                    )
                ]
            )
        # Small parts compress well and harmlessly; a ratio matters once a part is large.
        if part.file_size > 1024 * 1024 and part.file_size > ratio_cap * max(part.compress_size, 1):
            raise ImportInvalid(
                [
                    file_issue(
                        _(
                            "文件中的“%(part)s”压缩比超过 %(max)d 倍(多为大量空行或重复内容),已拒绝。请把数据复制到新的工作簿后再导入。"
                        )
                        % {"part": part.filename, "max": ratio_cap}
                    )
                ]
            )


def _read_xlsx(content: bytes, file_name: str, file_format: SheetFormat) -> Sheet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file can fail in many ways inside openpyxl
        raise ImportInvalid([file_issue(_("文件不是有效的 xlsx 文件,无法打开。"))]) from exc
    try:
        if not workbook.sheetnames:
            raise ImportInvalid([file_issue(_("工作簿中没有工作表。"))])
        name = file_format.sheet_name
        sheet = workbook[name] if name in workbook.sheetnames else workbook.worksheets[0]
        # Some writers leave a wrong size in the file; without it every stored row is read.
        sheet.reset_dimensions()
        rows = _rows(
            sheet.iter_rows(values_only=True),
            file_format=file_format,
            sheet_name=sheet.title,
            sheet_names=workbook.sheetnames,
        )
    finally:
        workbook.close()
    return Sheet(file_name=file_name, sheet_name=sheet.title, rows=rows)


def _decode(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes for "CSV UTF-8"), else GB18030, the superset of the GBK that
    Chinese Excel uses for plain "CSV"."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportInvalid([file_issue(_("无法识别文件编码,请保存为 UTF-8 或 GBK 编码的 CSV 文件。"))])


def _read_csv(content: bytes, file_name: str, file_format: SheetFormat) -> Sheet:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), file_format=file_format)
    except csv.Error as exc:
        raise ImportInvalid([file_issue(_("CSV 文件格式有误:%(error)s") % {"error": exc})]) from exc
    return Sheet(file_name=file_name, sheet_name=None, rows=rows)


def header_name(value) -> str:
    """Header cells as people type them: stray spaces or line breaks, a required-marker star."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", str(value)).strip("*＊")


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(
    matrix: Iterable[Iterable],
    *,
    file_format: SheetFormat,
    sheet_name: str | None = None,
    sheet_names: list[str] | None = None,
) -> list[RawRow]:
    numbered: Iterator[tuple[int, tuple]] = ((n, tuple(cells)) for n, cells in enumerate(matrix, start=1))
    header_number, header = _find_header(
        numbered, file_format=file_format, sheet_name=sheet_name, sheet_names=sheet_names
    )
    positions = _column_positions(header, file_format=file_format, sheet_name=sheet_name)
    items = list(positions.items())
    # Every row's cells are kept in this order (the format's columns, an optional one the file left out too).
    index = {column: i for i, column in enumerate(dict.fromkeys([*file_format.columns, *positions]))}
    max_rows, max_columns, max_chars = (
        limit("IMPORT_MAX_ROWS"),
        limit("IMPORT_MAX_COLUMNS"),
        limit("IMPORT_MAX_CELL_CHARS"),
    )
    rows: list[RawRow] = []
    issues: list[ImportIssue] = []
    blank_run = 0
    for number, cells in numbered:
        width = len(cells)
        if width > max_columns and any(not _is_blank(c) for c in cells[max_columns:]):
            raise ImportInvalid(
                [
                    ImportIssue(
                        row=number,
                        column="",
                        message=_("超过 %(max)d 列,请只保留模板中的列。") % {"max": max_columns},
                    )
                ]
            )
        # Every column has a key, an optional column the file left out too.
        values = dict.fromkeys(file_format.columns)
        values.update({column: (cells[i] if i < width else None) for column, i in items})
        if all(_is_blank(v) for v in values.values()):
            blank_run += 1
            if blank_run > TRAILING_BLANK_ROWS:
                break  # the rest of a sheet formatted far below its data
            continue
        blank_run = 0
        for column, value in values.items():
            if isinstance(value, str):
                if len(value) > max_chars:
                    issues.append(
                        ImportIssue(
                            row=number,
                            column=column,
                            message=_("内容有 %(n)d 个字符,超过上限 %(max)d 个。")
                            % {"n": len(value), "max": max_chars},
                        )
                    )
                elif CONTROL_CHARACTERS.search(value):
                    issues.append(
                        ImportIssue(
                            row=number, column=column, message=_("含有不可见的控制字符(如空字符),请删除后再导入。")
                        )
                    )
        if len(issues) >= MAX_LISTED_ISSUES:
            break
        rows.append(RawRow(number=number, values=RowValues(index, tuple(values.get(c) for c in index))))
        if len(rows) > max_rows:
            raise ImportInvalid([file_issue(_("数据行超过 %(max)d 行,请分批导入。") % {"max": max_rows})])
    if issues:
        raise ImportInvalid(issues)
    if not rows:
        raise ImportInvalid([file_issue(_("表头(第 %(row)d 行)下没有数据行。") % {"row": header_number})])
    return rows


def _find_header(numbered, *, file_format: SheetFormat, sheet_name, sheet_names) -> tuple[int, tuple]:
    columns = set(file_format.columns)
    first_filled = None
    for number, cells in numbered:
        names = {header_name(c) for c in cells}
        if file_format.key_column in names or len(names & columns) >= 2:
            return number, cells
        if first_filled is None and not all(_is_blank(c) for c in cells):
            first_filled = number
        if number >= HEADER_SEARCH_ROWS:
            break
    expected = "、".join(file_format.columns)
    if sheet_name is None:
        if first_filled is None:
            raise ImportInvalid([file_issue(_("文件为空。"))])
        raise ImportInvalid([file_issue(str(file_format.no_header) % {"columns": expected})])
    what = _("是空的") if first_filled is None else str(file_format.no_header_in_sheet) % {"columns": expected}
    raise ImportInvalid(
        [
            file_issue(
                str(file_format.sheet_hint)
                % {
                    "sheet": sheet_name,
                    "what": what,
                    "expected": file_format.sheet_name,
                    "sheets": "、".join(sheet_names or []),
                }
            )
        ]
    )


def _column_positions(header: tuple, *, file_format: SheetFormat, sheet_name: str | None) -> dict[str, int]:
    positions: dict[str, int] = {}
    duplicates = []
    for i, cell in enumerate(header):
        name = header_name(cell)
        if name in file_format.columns:
            if name in positions:
                duplicates.append(name)
            else:
                positions[name] = i
    issues = []
    where = _("工作表“%(sheet)s”") % {"sheet": sheet_name} if sheet_name else _("文件")
    missing = [c for c in file_format.columns if c not in positions and c not in file_format.optional_columns]
    if missing:
        issues.append(file_issue(_("%(where)s缺少列:%(columns)s。") % {"where": where, "columns": "、".join(missing)}))
    if duplicates:
        issues.append(
            file_issue(
                _("%(where)s的列重复:%(columns)s。") % {"where": where, "columns": "、".join(dict.fromkeys(duplicates))}
            )
        )
    if issues:
        raise ImportInvalid(issues)
    return positions
