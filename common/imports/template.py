"""The blank files HR downloads, fills in and imports again: a data sheet whose header carries each column's note,
and an instructions sheet (填写说明) listing the columns, how to fill them in and an example."""

import datetime
import io

from django.utils.translation import gettext as _

TEMPLATE_ROWS = 2000  # rows prepared with formats and drop-down lists
DATE_FORMAT = "yyyy-mm-dd"


def _emphasize(cells) -> None:
    from openpyxl.styles import Font, PatternFill

    font, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in cells:
        cell.font = font
        cell.fill = fill


def data_sheet(workbook, *, title: str, columns: tuple[str, ...], notes: dict, widths: dict) -> dict[str, str]:
    """The workbook's first sheet as the data sheet: the header row emphasized, each column's note as a comment,
    frozen below the header. Returns each column's letter."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    sheet = workbook.active
    sheet.title = title
    for index, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=index, value=name).comment = Comment(notes[name], "")
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, 13)
    _emphasize(sheet[1])
    sheet.freeze_panes = "A2"
    return {name: get_column_letter(i) for i, name in enumerate(columns, start=1)}


def guide_sheet(
    workbook, *, title: str, columns: tuple[str, ...], notes: dict, lines: list[str], example: list
) -> tuple[object, int]:
    """The instructions sheet: a row per column with its note, then `lines`, then the example under the header.
    Returns the sheet and the example's header row; `guide_finish` styles it once the import has added its own
    rows."""
    guide = workbook.create_sheet(title)
    guide.append([_("列"), _("填写要求")])
    for name in columns:
        guide.append([name, notes[name]])
    guide.append([])
    for line in lines:
        guide.append([line])
    guide.append([])
    guide.append([_("示例:")])
    example_header = guide.max_row + 1
    guide.append(list(columns))
    guide.append(example)
    return guide, example_header


def guide_finish(
    guide, *, columns: tuple[str, ...], example_header: int, widths: tuple[int, int], header_rows: tuple = ()
) -> None:
    """Emphasize the header rows (the sheet's own, the example's, and `header_rows` the import added), show the
    example's dates as dates, wrap the notes. `widths`: of the column names, and of the example's further columns."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for row in (1, example_header, *header_rows):
        _emphasize(guide[row])
    for cell in guide[example_header + 1]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = DATE_FORMAT
    for row in guide.iter_rows(min_row=2, max_row=len(columns) + 1):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = widths[0]
    guide.column_dimensions["B"].width = 60
    for index in range(3, len(columns) + 1):
        guide.column_dimensions[get_column_letter(index)].width = widths[1]


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
