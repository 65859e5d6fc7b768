"""Working-day calendar: how deadlines are counted.

Rules (民法典 总则编 第十章 期间计算):

- Art. 201: a period counted in days, months or years starts on the day after the triggering day; the start day
  does not count.
- Art. 202: a period counted in months ends on the same day of the due month; where that day does not exist, on
  the last day of that month.
- Art. 203: if the last day of a period is a public rest day (法定休假日), the period ends on the first working day
  after it.

"N 个工作日" counts Chinese official working days: weekends and public holidays are off, adjusted working weekends
(调休) are on. The official calendar comes from the ``chinesecalendar`` package; an admin can add or override days
through ``CalendarDay`` (日历调整), e.g. when the State Council publishes next year's arrangement. For a year the
package does not cover, days without an override fall back to Monday–Friday, and ``calendar_warning`` produces a
sentence telling users so. Nothing here raises for an uncovered year.

Each counting function loads the overrides it needs in one query per window of days rather than one per day.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from functools import cache

import chinese_calendar
from chinese_calendar.constants import holidays as _official_holidays
from django.utils import dateformat
from django.utils.translation import get_language, gettext

from common.models import CalendarDay

__all__ = [
    "add_calendar_days",
    "add_months",
    "add_working_days",
    "subtract_working_days",
    "calendar_warning",
    "format_date_zh",
    "is_workday",
    "weekday_zh",
    "year_has_official_data",
]

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# Days fetched per override query beyond the minimum a count needs; large enough that a Spring Festival or National
# Day holiday inside the window never forces a second query.
_WINDOW_MARGIN_DAYS = 31

Overrides = dict[datetime.date, bool]


def _as_date(day: datetime.date) -> datetime.date:
    """A ``datetime`` is a ``date`` subclass; count by its calendar date only."""
    if isinstance(day, datetime.datetime):
        return day.date()
    return day


@cache
def _official_years() -> tuple[int, int]:
    """First and last year the installed ``chinesecalendar`` package has an official arrangement for."""
    years = [day.year for day in _official_holidays]
    return min(years), max(years)


def year_has_official_data(year: int) -> bool:
    """Whether the ``chinesecalendar`` package ships the official holiday arrangement for ``year``.

    Admin overrides (``CalendarDay``) are not considered here; see ``calendar_warning``.
    """
    first, last = _official_years()
    return first <= year <= last


def _package_is_workday(day: datetime.date) -> bool:
    """The official calendar's answer, or Monday–Friday for a year it does not cover."""
    if year_has_official_data(day.year):
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # defensive: the package disagrees with its own year range
            pass
    return day.weekday() < 5


def _load_overrides(first: datetime.date, last: datetime.date) -> Overrides:
    """All ``CalendarDay`` rows between ``first`` and ``last`` inclusive, in one query."""
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_workday"))


def _day_is_workday(day: datetime.date, overrides: Overrides) -> bool:
    override = overrides.get(day)
    if override is not None:
        return override
    return _package_is_workday(day)


def _days_after(start: datetime.date, *, window: int) -> Iterator[tuple[datetime.date, bool]]:
    """Yield ``(day, is_workday)`` for every day after ``start``, loading overrides ``window`` days at a time."""
    day = start
    while True:
        first = day + datetime.timedelta(days=1)
        last = day + datetime.timedelta(days=window)
        overrides = _load_overrides(first, last)
        while day < last:
            day += datetime.timedelta(days=1)
            yield day, _day_is_workday(day, overrides)


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day (工作日).

    An admin's ``CalendarDay`` row wins; otherwise the official calendar decides, where an adjusted working weekend
    (调休) is a working day and a public holiday is not. For a year without official data the answer is
    Monday–Friday. Never raises for an uncovered year.
    """
    day = _as_date(day)
    return _day_is_workday(day, _load_overrides(day, day))


def _next_workday_on_or_after(day: datetime.date) -> datetime.date:
    """``day`` itself if it is a working day, else the first working day after it (Art. 203)."""
    for candidate, working in _days_after(day - datetime.timedelta(days=1), window=_WINDOW_MARGIN_DAYS):
        if working:
            return candidate
    raise AssertionError("unreachable: _days_after is infinite")  # pragma: no cover


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The day on which a period of ``n`` working days (N 个工作日) that begins on ``start`` ends.

    The start day does not count (民法典 Art. 201): the first working day after ``start`` is day 1, and the result is
    the n-th working day after ``start``. Adjusted working weekends count; weekends and public holidays do not.
    ``n == 0`` returns ``start`` unchanged.

    Example: results published on Friday 2025-01-24, plus 3 working days, is Wednesday 2025-02-05 (Sunday 26 January
    was an adjusted working day; 28 January – 4 February was the Spring Festival holiday).
    """
    start = _as_date(start)
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    # Roughly seven calendar days per five working days, doubled for safety, plus room for a long holiday.
    window = 2 * n + _WINDOW_MARGIN_DAYS
    remaining = n
    for day, working in _days_after(start, window=window):
        if working:
            remaining -= 1
            if remaining == 0:
                return day
    raise AssertionError("unreachable: _days_after is infinite")  # pragma: no cover


def subtract_working_days(end: datetime.date, n: int) -> datetime.date:
    """The day ``n`` working days before ``end``: the inverse of :func:`add_working_days` for reminders
    ("three working days before the deadline"). ``n == 0`` returns ``end``."""
    end = _as_date(end)
    if n < 0:
        raise ValueError("n must not be negative")
    day, remaining = end, n
    while remaining:
        window = 2 * remaining + _WINDOW_MARGIN_DAYS
        first = day - datetime.timedelta(days=window)
        overrides = _load_overrides(first, day)
        while remaining and day > first:
            day -= datetime.timedelta(days=1)
            if _day_is_workday(day, overrides):
                remaining -= 1
    return day


def add_calendar_days(start: datetime.date, n: int) -> datetime.date:
    """The day on which a period of ``n`` calendar days (N 日) that begins on ``start`` ends.

    The start day does not count (民法典 Art. 201), so the nominal last day is ``start + n``. If that day is a rest
    day (a public holiday or a weekend), the period ends on the first working day after it (Art. 203). An adjusted
    working weekend (调休) is a working day, so a period ending on one does not roll over. ``n == 0`` returns
    ``start`` unchanged.
    """
    start = _as_date(start)
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    return _next_workday_on_or_after(start + datetime.timedelta(days=n))


def add_months(start: datetime.date, months: int, *, roll_over: bool = False) -> datetime.date:
    """The day on which a period of ``months`` months that begins on ``start`` ends (民法典 Art. 202).

    The period ends on the same day of the due month, or on that month's last day where the day does not exist:
    31 January + 1 month is 28 February (29 in a leap year); 31 May + 3 months is 31 August.

    With ``roll_over=True`` a last day that is a rest day moves to the first working day after it (Art. 203);
    by default the date is returned as Art. 202 gives it, without touching the database.
    """
    start = _as_date(start)
    month_index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    result = datetime.date(year, month, day)
    return _next_workday_on_or_after(result) if roll_over else result


def _year_of(value: datetime.date | int) -> int:
    if isinstance(value, bool):
        raise TypeError("expected a date or a year, not a bool")
    if isinstance(value, int):
        return value
    return _as_date(value).year


def calendar_warning(*days_or_years: datetime.date | int) -> str | None:
    """A sentence for pages when working days for any of the given days or years are only estimated.

    A year counts as covered if the ``chinesecalendar`` package ships its official arrangement, or if an admin has
    entered at least one ``CalendarDay`` row (日历调整) in it. For an uncovered year working days fall back to
    Monday–Friday; the sentence says so and asks the system administrator to enter the calendar. Returns ``None``
    when every given year is covered (or nothing is given).
    """
    years = sorted({_year_of(value) for value in days_or_years})
    uncovered = [year for year in years if not year_has_official_data(year)]
    if not uncovered:
        return None
    # Asked on every page of HR and the admin while the next 90 days reach a year the package does not cover: one
    # probe of the date's unique index per such year, lighter for the ORM and the database than the rows' distinct years.
    missing = [
        year
        for year in uncovered
        if not CalendarDay.objects.filter(date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))).exists()
    ]
    if not missing:
        return None
    years_text = "、".join(str(year) for year in missing)
    return gettext(
        "%(years)s年的法定节假日安排尚未录入，工作日暂按周一至周五计算，请系统管理员在“日历调整”中补录。"
    ) % {"years": years_text}


def weekday_zh(day: datetime.date) -> str:
    """The Chinese weekday name of ``day``: 星期一 … 星期日."""
    return WEEKDAYS_ZH[day.weekday()]


def format_date_zh(day: datetime.date) -> str:
    """``day`` as written in notices, e.g. ``2025年2月5日(星期三)``."""
    day = _as_date(day)
    return f"{day.year}年{day.month}月{day.day}日({weekday_zh(day)})"


def format_date(day: datetime.date) -> str:
    """``day`` on a page, in the reader's language: ``2025年2月5日(星期三)``, or ``Wednesday, 5 February 2025``.
    (Notices and exports keep the Chinese way: `format_date_zh`.)"""
    day = _as_date(day)
    if (get_language() or "").startswith("en"):
        return dateformat.format(day, "l, j F Y")
    return format_date_zh(day)
