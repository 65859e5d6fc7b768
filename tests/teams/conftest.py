"""Teams of the shared world: 综合科一组's team (张三, 组长, since 2023-03-01; one post) and 城关所's (李四, 所长).
HR 甲 keeps the first, HR 乙 the second; the committee grades both."""

import datetime

import pytest

from teams.services.teams import team_create


@pytest.fixture
def team_a(world):
    return team_create(actor=world.users["hr"], unit=world.unit_a1, formed_on=datetime.date(2023, 3, 1))


@pytest.fixture
def team_b(world):
    return team_create(actor=world.users["hr_other"], unit=world.unit_b, formed_on=datetime.date(2022, 1, 10))
