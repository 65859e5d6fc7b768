"""Workbooks that print as documents. A list taken to a meeting is printed: each export calls print_ready() on its
sheet once its rows are written, and the sheet then prints with a title at the top of every page (organization, year,
version, what the list is, the date it was made), landscape when its columns need it, fit to one page wide, the header
row repeated on every page, gridlines, columns wide enough for their Chinese text, "第 N 页 共 M 页" and the
signature line (经办人 / 审核人 / 日期) at the foot.

The title and the signature line live in the page header and footer, not in cells: the sheet's rows stay exactly as
they were (the header on row 1, the data below it), so a file that is read back or imported again reads the same, and
every cell keeps its formula-safe form. The date made comes from the data (a run's finish, a tally's seal), never the
clock, and it is also the workbook's creation date: the same data gives the same bytes."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

PRINT_LANGUAGE = "zh-hans"
FIXED_CREATED = datetime.datetime(2000, 1, 1)
A4 = 9
# An A4 page at the margins below holds about this many character widths of Excel's default font, upright.
PORTRAIT_WIDTH = 95
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_LIMIT = 250  # Excel refuses a header or footer longer than 255 characters


@dataclass(frozen=True)
class PrintTitle:
    """What a printed list says at its top."""

    what: str
    organization: str = ""
    year: int | None = None
    version: int | None = None
    made_on: datetime.date | datetime.datetime | None = None

    def heading(self) -> str:
        with translation.override(PRINT_LANGUAGE):
            parts = [self.organization] if self.organization else []
            if self.year is not None:
                parts.append(_("%(year)d年度") % {"year": self.year})
            parts.append(self.what)
            if self.version is not None:
                parts.append(_("第%(version)d版") % {"version": self.version})
        return " ".join(p for p in parts if p)

    def made_text(self) -> str:
        if self.made_on is None:
            return ""
        with translation.override(PRINT_LANGUAGE):
            return _("制表日期:%(date)s") % {"date": _day(self.made_on).isoformat()}

    def created(self) -> datetime.datetime:
        if self.made_on is None:
            return FIXED_CREATED
        if isinstance(self.made_on, datetime.datetime):
            # The core properties hold UTC: an aware moment is converted, not relabelled.
            moment = self.made_on
            if moment.tzinfo is not None:
                moment = moment.astimezone(datetime.UTC)
            return moment.replace(tzinfo=None)
        day = self.made_on
        return datetime.datetime(day.year, day.month, day.day)


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def signature_line() -> str:
    with translation.override(PRINT_LANGUAGE):
        return _("经办人:__________  审核人:__________  日期:__________")


def page_numbers() -> str:
    with translation.override(PRINT_LANGUAGE):
        return _("第 &P 页 共 &N 页")


def text_width(value) -> float:
    """A cell's width in Excel's character units: a Chinese character takes two."""
    if value is None:
        return 0
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def fit_widths(header: Sequence, rows: Iterable[Sequence] = (), *, at_least: Sequence[float] = ()) -> list[float]:
    """Column widths that fit the header and the given rows, between MIN_WIDTH and MAX_WIDTH (a long remark wraps
    rather than widening the page beyond reason)."""
    widths = [text_width(h) + 2 for h in header]
    for index, width in enumerate(at_least[: len(widths)]):
        widths[index] = max(widths[index], width)
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], text_width(value) + 2)
    return [round(min(max(w, MIN_WIDTH), MAX_WIDTH), 1) for w in widths]


def _escape(text: str) -> str:
    """A literal ampersand in a header or footer is written twice (a single one starts a control code)."""
    return text.replace("&", "&&")


def print_ready(workbook, sheet, *, title: PrintTitle, widths: Sequence[float], header_rows: int = 1) -> None:
    """Make `sheet` print as a document (see the module's note). Call it once the columns are known; it writes no
    cell."""
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    if sum(widths) > PORTRAIT_WIDTH:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.5, right=0.5, top=0.9, bottom=0.9)
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.hide_gridlines(0)  # printed: a table on paper needs its lines
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    heading = _escape(title.heading())[: HEADER_LIMIT - 60]
    made = _escape(title.made_text())
    sheet.set_header(f'&C&"-,Bold"&14{heading}&R&9{made}', {"margin": 0.3})
    sheet.set_footer(f"&L&10{_escape(signature_line())}&R&10{page_numbers()}", {"margin": 0.3})
    workbook.set_properties({"title": title.heading(), "created": title.created()})


def latest_date(rows: Iterable[Sequence]) -> datetime.date | None:
    """The latest date written in the rows (a date, or text shaped YYYY-MM-DD): the day a list drawn from dated
    records was as good as made, whenever it is downloaded."""
    latest = None
    for row in rows:
        for value in row:
            if isinstance(value, datetime.datetime):
                day = value.date()
            elif isinstance(value, datetime.date):
                day = value
            elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
                try:
                    day = datetime.date.fromisoformat(value)
                except ValueError:
                    continue
            else:
                continue
            if latest is None or day > latest:
                latest = day
    return latest
