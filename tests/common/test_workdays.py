"""Working-day calendar: 民法典 Art. 201–203 and the official calendar with admin overrides."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.models import CalendarDay
from common.workdays import (
    add_calendar_days,
    add_months,
    add_working_days,
    calendar_warning,
    format_date_zh,
    is_workday,
    weekday_zh,
    year_has_official_data,
)

D = datetime.date
UNCOVERED_YEAR = 2031  # beyond the installed chinesecalendar data


def warning_for(*years: int) -> str:
    text = "、".join(str(year) for year in years)
    return f"{text}年的法定节假日安排尚未录入，工作日暂按周一至周五计算，请系统管理员在“日历调整”中补录。"


# --- is_workday -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 1, 24), True),  # ordinary Friday
        (D(2025, 1, 25), False),  # ordinary Saturday
        (D(2025, 1, 26), True),  # Sunday, adjusted working day (调休) for the Spring Festival
        (D(2025, 1, 28), False),  # Tuesday, Spring Festival holiday
        (D(2025, 2, 8), True),  # Saturday, adjusted working day
        (D(2025, 10, 1), False),  # Wednesday, National Day
        (D(2025, 10, 11), True),  # Saturday, adjusted working day
    ],
)
def test_is_workday_follows_official_calendar(day, expected):
    # given no admin overrides, when asking about a day, then the official calendar decides
    assert is_workday(day) is expected


@pytest.mark.django_db
def test_is_workday_accepts_datetime():
    # given a datetime on an adjusted working Sunday, then its calendar date is what counts
    assert is_workday(datetime.datetime(2025, 1, 26, 23, 59)) is True


# --- add_working_days ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_worked_example_published_friday_before_spring_festival():
    """Given results published on Friday 2025-01-24,
    when counting 3 working days,
    then the deadline is Wednesday 2025-02-05 (Sun 26 Jan counts; 28 Jan – 4 Feb is the Spring Festival)."""
    assert add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)


@pytest.mark.django_db
def test_adjusted_working_weekend_counts():
    # given Friday 2025-01-24, when adding 1 working day, then Sunday 26 January (调休) is day 1 and Saturday is skipped
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    # and Saturday 2025-10-11 (调休 after National Day) is a working day too
    assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)


@pytest.mark.django_db
def test_public_holiday_is_skipped():
    # given Tuesday 2025-09-30, when adding 1 working day, then the National Day holiday 1–8 October is skipped
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)


@pytest.mark.django_db
def test_start_day_does_not_count():
    # given a working Monday as the start, when adding 1 working day, then the result is Tuesday, not Monday
    assert add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 4)
    # and starting on a rest day, the first working day after it is day 1
    assert add_working_days(D(2025, 3, 1), 1) == D(2025, 3, 3)


@pytest.mark.django_db
def test_zero_working_days_returns_start():
    assert add_working_days(D(2025, 1, 25), 0) == D(2025, 1, 25)


def test_negative_working_days_rejected():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 24), -1)


@pytest.mark.django_db
def test_working_days_across_year_end_into_uncovered_year():
    # given the last working day before an uncovered year, when counting across its new year, then Mon–Fri is used
    # (2030-12-31 is a Tuesday; without data 2031-01-01 Wednesday counts as a working day)
    assert add_working_days(D(2030, 12, 31), 1) == D(2031, 1, 1)
    assert add_working_days(D(2031, 1, 3), 1) == D(2031, 1, 6)  # Friday → Monday


# --- add_calendar_days --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_days_roll_over_public_holiday():
    """Given 2025-09-30, when adding 1 calendar day, then 1 October is National Day and the period rolls over the
    whole holiday to Thursday 2025-10-09 (Art. 203)."""
    assert add_calendar_days(D(2025, 9, 30), 1) == D(2025, 10, 9)


@pytest.mark.django_db
def test_calendar_days_roll_over_ordinary_weekend():
    # given Wednesday 2025-03-05, when adding 10 days, then Saturday 15 March rolls to Monday 17 March
    assert add_calendar_days(D(2025, 3, 5), 10) == D(2025, 3, 17)


@pytest.mark.django_db
def test_calendar_days_do_not_roll_over_adjusted_working_weekend():
    # given a period ending on an adjusted working Saturday / Sunday, then it ends on that day
    assert add_calendar_days(D(2025, 10, 1), 10) == D(2025, 10, 11)  # Saturday, 调休
    assert add_calendar_days(D(2025, 1, 16), 10) == D(2025, 1, 26)  # Sunday, 调休


@pytest.mark.django_db
def test_calendar_days_plain_working_day():
    assert add_calendar_days(D(2025, 3, 3), 15) == D(2025, 3, 18)
    assert add_calendar_days(D(2025, 3, 3), 0) == D(2025, 3, 3)


def test_negative_calendar_days_rejected():
    with pytest.raises(ValueError):
        add_calendar_days(D(2025, 3, 3), -1)


# --- add_months ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # leap day, one year on
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 5, 31), 3, D(2025, 8, 31)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 1, 15), 1, D(2025, 2, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across the year end
        (D(2025, 12, 31), 1, D(2026, 1, 31)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 3, 10), 0, D(2025, 3, 10)),
    ],
)
def test_add_months_same_day_or_month_end(start, months, expected):
    # given a start day, when adding months, then the same day of the due month or its last day (Art. 202)
    assert add_months(start, months) == expected


@pytest.mark.django_db
def test_add_months_roll_over_is_opt_in():
    # given 31 May + 3 months = Sunday 31 August 2025, then Art. 202 alone gives Sunday,
    # and with roll_over the period ends on Monday 1 September (Art. 203)
    assert add_months(D(2025, 5, 31), 3) == D(2025, 8, 31)
    assert add_months(D(2025, 5, 31), 3, roll_over=True) == D(2025, 9, 1)
    # a due day on a public holiday rolls over the whole holiday
    assert add_months(D(2025, 9, 1), 1, roll_over=True) == D(2025, 10, 9)


# --- uncovered years and calendar_warning --------------------------------------------------------------------------


def test_year_has_official_data():
    assert year_has_official_data(2025) is True
    assert year_has_official_data(2004) is True
    assert year_has_official_data(UNCOVERED_YEAR) is False
    assert year_has_official_data(2003) is False


@pytest.mark.django_db
def test_uncovered_year_falls_back_to_monday_to_friday():
    """Given 2031 with no official data and no overrides,
    when asking about its days, then Monday–Friday are working days, never raising,
    and calendar_warning says so."""
    # 2031-01-01 is a Wednesday; New Year's Day is unknown to the system so it counts as working
    assert is_workday(D(2031, 1, 1)) is True
    assert is_workday(D(2031, 1, 4)) is False  # Saturday
    assert is_workday(D(2031, 1, 5)) is False  # Sunday
    assert add_working_days(D(2031, 1, 3), 3) == D(2031, 1, 8)
    assert add_calendar_days(D(2031, 1, 3), 1) == D(2031, 1, 6)  # Saturday rolls to Monday
    assert calendar_warning(D(2031, 1, 3)) == warning_for(2031)
    assert calendar_warning(2031) == warning_for(2031)


@pytest.mark.django_db
def test_calendar_warning_none_for_covered_years():
    assert calendar_warning(D(2025, 1, 24), D(2026, 3, 1), 2004) is None
    assert calendar_warning() is None


@pytest.mark.django_db
def test_calendar_warning_lists_each_uncovered_year_once():
    # given days in two uncovered years and a covered one, then the sentence names each uncovered year once, in order
    days = [D(2032, 5, 1), D(2031, 12, 31), D(2031, 1, 1), D(2025, 1, 1)]
    assert calendar_warning(*days) == warning_for(2031, 2032)


@pytest.mark.django_db
def test_calendar_warning_accepts_datetime():
    assert calendar_warning(datetime.datetime(2031, 1, 1, 8, 0)) == warning_for(2031)


def test_calendar_warning_rejects_bool():
    with pytest.raises(TypeError):
        calendar_warning(True)


@pytest.mark.django_db
def test_calendar_warning_with_no_uncovered_year_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert calendar_warning(D(2025, 1, 1), 2026) is None


@pytest.mark.django_db
def test_overrides_in_uncovered_year_remove_warning():
    """Given an admin entered the 2031 New Year's Day holiday,
    then 2031 counts as covered (no warning) while 2032 still warns,
    and the entered day is a rest day while other days fall back to Monday–Friday."""
    CalendarDay.objects.create(date=D(2031, 1, 1), is_workday=False, note="元旦")
    assert calendar_warning(D(2031, 6, 1)) is None
    assert calendar_warning(D(2031, 6, 1), D(2032, 1, 1)) == warning_for(2032)
    assert is_workday(D(2031, 1, 1)) is False
    assert is_workday(D(2031, 1, 2)) is True
    assert add_working_days(D(2030, 12, 31), 1) == D(2031, 1, 2)
    assert add_calendar_days(D(2030, 12, 31), 1) == D(2031, 1, 2)


@pytest.mark.django_db
def test_an_override_on_a_years_first_or_last_day_covers_that_year_only():
    """Given days entered on 31 December 2031 and 1 January 2033, then 2031 and 2033 count as covered and 2032, between
    them, still warns; when the 2031 day is removed, 2031 warns again."""
    CalendarDay.objects.create(date=D(2031, 12, 31), is_workday=False)
    CalendarDay.objects.create(date=D(2033, 1, 1), is_workday=False)
    assert calendar_warning(D(2031, 6, 1), D(2032, 6, 1), D(2033, 6, 1)) == warning_for(2032)
    CalendarDay.objects.filter(date=D(2031, 12, 31)).delete()
    assert calendar_warning(2031, 2032, 2033) == warning_for(2031, 2032)


# --- CalendarDay overrides ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_override_declares_official_workday_a_rest_day():
    """Given Monday 2025-03-03 is declared a rest day by an admin,
    then it is not a working day, working days skip it and calendar days roll over it."""
    CalendarDay.objects.create(date=D(2025, 3, 3), is_workday=False, note="特别休假")
    assert is_workday(D(2025, 3, 3)) is False
    assert add_working_days(D(2025, 2, 28), 1) == D(2025, 3, 4)
    assert add_calendar_days(D(2025, 2, 28), 3) == D(2025, 3, 4)


@pytest.mark.django_db
def test_override_declares_official_rest_day_a_workday():
    """Given Saturday 2025-03-01 and holiday 2025-10-01 are declared working days by an admin,
    then both count as working days and a period ending on them does not roll over."""
    CalendarDay.objects.create(date=D(2025, 3, 1), is_workday=True, note="加班")
    CalendarDay.objects.create(date=D(2025, 10, 1), is_workday=True)
    assert is_workday(D(2025, 3, 1)) is True
    assert add_working_days(D(2025, 2, 28), 1) == D(2025, 3, 1)
    assert add_calendar_days(D(2025, 9, 30), 1) == D(2025, 10, 1)
    assert add_working_days(D(2025, 9, 30), 2) == D(2025, 10, 9)


@pytest.mark.django_db
def test_override_turns_adjusted_working_sunday_into_rest_day():
    # given the 调休 Sunday 2025-01-26 is overridden as rest, then the worked example's first day moves to Monday
    CalendarDay.objects.create(date=D(2025, 1, 26), is_workday=False)
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 27)
    assert add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 6)


# --- efficiency ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_working_days_uses_one_query_for_sixty_working_days(django_assert_num_queries):
    # given a span crossing the Spring Festival and some overrides, when adding 60 working days,
    # then the overrides are loaded in a single query rather than one per day
    CalendarDay.objects.create(date=D(2025, 2, 10), is_workday=False)
    CalendarDay.objects.create(date=D(2025, 3, 1), is_workday=True)
    with django_assert_num_queries(1):
        add_working_days(D(2025, 1, 2), 60)
    with django_assert_num_queries(1):
        add_working_days(D(2025, 9, 1), 60)  # National Day
    with django_assert_num_queries(1):
        add_calendar_days(D(2025, 9, 30), 1)


@pytest.mark.django_db
def test_add_working_days_stays_correct_when_overrides_exceed_window():
    # given an admin declared six weeks of rest days, when counting, then the count extends past the first window
    start = D(2025, 3, 2)
    CalendarDay.objects.bulk_create(
        CalendarDay(date=start + datetime.timedelta(days=i), is_workday=False) for i in range(1, 43)
    )
    assert add_working_days(start, 1) == D(2025, 4, 14)


# --- property -----------------------------------------------------------------------------------------------------


def _count_working_days(after: datetime.date, until: datetime.date) -> int:
    day, count = after, 0
    while day < until:
        day += datetime.timedelta(days=1)
        count += is_workday(day)
    return count


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(min_value=D(2003, 10, 1), max_value=D(2032, 12, 31)),
    n=st.integers(min_value=1, max_value=25),
)
def test_add_working_days_property(start, n):
    """For any start (covered or not, with some overrides) and n >= 1, the result is a working day strictly after
    start, and exactly n working days lie in (start, result]."""
    for day, working in [(D(2031, 1, 1), False), (D(2025, 5, 10), False), (D(2026, 1, 3), True)]:
        CalendarDay.objects.get_or_create(date=day, defaults={"is_workday": working})
    result = add_working_days(start, n)
    assert result > start
    assert is_workday(result)
    assert _count_working_days(start, result) == n


# --- formatting ---------------------------------------------------------------------------------------------------


def test_weekday_zh():
    assert [weekday_zh(D(2025, 2, 3) + datetime.timedelta(days=i)) for i in range(7)] == [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ]


def test_format_date_zh():
    assert format_date_zh(D(2025, 2, 5)) == "2025年2月5日(星期三)"
    assert format_date_zh(D(2025, 12, 28)) == "2025年12月28日(星期日)"


@pytest.mark.django_db
def test_subtract_working_days_steps_back_over_the_spring_festival():
    # given a deadline on Wednesday 2025-02-05: two working days before it is Sunday 2025-01-26 (调休), three is 01-24
    from common.workdays import subtract_working_days

    assert subtract_working_days(D(2025, 2, 5), 2) == D(2025, 1, 26)
    assert subtract_working_days(D(2025, 2, 5), 3) == D(2025, 1, 24)
    assert subtract_working_days(D(2025, 2, 5), 0) == D(2025, 2, 5)
    assert add_working_days(subtract_working_days(D(2025, 10, 9), 2), 2) == D(2025, 10, 9)


def test_a_page_writes_a_date_in_the_readers_language():
    from django.utils import translation

    from common.workdays import format_date

    day = datetime.date(2025, 2, 5)
    with translation.override("zh-hans"):
        assert format_date(day) == "2025年2月5日(星期三)" == format_date_zh(day)
    with translation.override("en"):
        assert format_date(day) == "Wednesday, 5 February 2025"
        assert format_date_zh(day) == "2025年2月5日(星期三)"  # notices and exports keep the Chinese way
