"""The counting rules (assessments.results.rules): the bottom set, the 优秀 quota and the early-warning zone give the
same count in Python (the committee's settlement) and in the SQL of the computation's statement, on the database the
tests run on, for every group size from 0 to 500, each rounding rule and any ratio the scheme may hold."""

from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Scheme
from assessments.results import rules

SIZES = 500
RATIO = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 1000)
SMALL = st.integers(min_value=0, max_value=40)


def _sql_counts(expression: str, params: dict) -> list[int]:
    """The expression over every size 0…SIZES, in one statement (a recursive series: both databases have it)."""
    # The rules' own SQL, every value a parameter.
    series = "WITH RECURSIVE sizes(gsize) AS (SELECT 0 UNION ALL SELECT gsize + 1 FROM sizes WHERE gsize < %(last)s)"
    sql = f"{series} SELECT gsize, {expression} FROM sizes ORDER BY gsize"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "last": SIZES})
        rows = cursor.fetchall()
    assert [size for size, _ in rows] == list(range(SIZES + 1))
    return [int(n) for _, n in rows]


def _scheme(**fields) -> Scheme:
    return Scheme(name="方案", year=2025, **fields)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rounding=st.sampled_from(Scheme.Rounding.values),
    ratio=RATIO,
    min_group=SMALL,
    minimum=st.integers(min_value=0, max_value=5),
    minimum_group=SMALL,
)
def test_the_bottom_count_is_the_same_in_sql_and_python(rounding, ratio, min_group, minimum, minimum_group):
    scheme = _scheme(
        bottom_ratio=ratio,
        bottom_rounding=rounding,
        min_group_size=min_group,
        bottom_minimum=minimum,
        bottom_minimum_group_size=minimum_group,
    )
    sql = _sql_counts(rules.bottom_count_sql(rounding=rounding), rules.bottom_count_params(scheme))
    python = [rules.bottom_count(scheme=scheme, group_size=n) for n in range(SIZES + 1)]
    assert sql == python


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quota=st.integers(min_value=0, max_value=250).map(lambda n: Decimal(n) / 1000))
def test_the_excellent_quota_is_the_same_in_sql_and_python(quota):
    scheme = _scheme(excellent_quota=quota)
    sql = _sql_counts(rules.excellent_quota_sql(graded="gsize"), {"quota": rules.thousandths(quota)})
    assert sql == [rules.excellent_quota(scheme=scheme, graded=n) for n in range(SIZES + 1)]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ratio=RATIO)
def test_the_warning_zone_is_the_same_in_sql_and_python(ratio):
    scheme = _scheme(warning_ratio=ratio)
    params = {"ratio": rules.thousandths(ratio), "min_size": rules.WARNING_MIN_GROUP_FOR_ONE}
    sql = _sql_counts(rules.warning_count_sql(), params)
    assert sql == [rules.warning_count(scheme=scheme, members=n) for n in range(SIZES + 1)]


def test_the_rules_say_what_the_regulation_and_the_scheme_say():
    # 公务员考核规定: 优秀 at most 20% of those graded, floored: 21 people → at most 4
    assert rules.excellent_quota(scheme=_scheme(excellent_quota=Decimal("0.200")), graded=21) == 4
    ten = {"bottom_ratio": Decimal("0.100"), "min_group_size": 1, "bottom_minimum": 1, "bottom_minimum_group_size": 10}
    # 10% of 25, floored, is 2; rounded half up, 3 (2.5); of 12 ceiled, 2
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="floor", **ten), group_size=25) == 2
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="round", **ten), group_size=25) == 3
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="ceil", **ten), group_size=12) == 2
    # a group of 9 falls short of the minimum's group size: 0; of 10 it gets the minimum of one
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="floor", **ten), group_size=9) == 0
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="floor", **ten), group_size=10) == 1
    # a group under the scheme's minimum group size is not force-ranked
    small = {**ten, "min_group_size": 5}
    assert rules.bottom_count(scheme=_scheme(bottom_rounding="ceil", **small), group_size=4) == 0
    # the warning: 20% of 4 is 0 (a group under 5 members may warn nobody), of 5 at least one
    warning = _scheme(warning_ratio=Decimal("0.200"))
    assert [rules.warning_count(scheme=warning, members=n) for n in (4, 5, 10)] == [0, 1, 2]
