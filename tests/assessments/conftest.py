"""The shared world plus a 2025 scheme of the four-part template, its first quarter open, and one rater.

王五 (R001, user "pingyi") rates 张三 and 李四 on every component. The world's own "rater" persona has the rater
role but no cadre and no assignments: it must see nothing.
"""

import datetime
from dataclasses import dataclass

import pytest

from assessments.models import Period, Scheme
from assessments.services import period_open, rater_assign_bulk, scheme_create
from tests.factories import CadreFactory, UserFactory


@dataclass
class Scoring:
    scheme: object
    q1: object
    components: dict  # code -> Component
    rater: object  # the rating cadre
    rater_user: object


def make_scoring(world) -> Scoring:
    rater_user = UserFactory(username="pingyi")
    rater = CadreFactory(unit=world.root, organization=world.org, name="王五", employee_no="R001", user=rater_user)
    scheme = scheme_create(
        organization=world.org,
        year=2025,
        template=Scheme.Template.FOUR_PART,
        effective_date=datetime.date(2025, 1, 1),
        actor=world.users["admin"],
    )
    components = {c.code: c for c in scheme.components.all()}
    rater_assign_bulk(
        scheme=scheme,
        components=list(components.values()),
        raters=[rater],
        ratees=[world.cadre, world.other_cadre],
        actor=world.users["hr"],
    )
    q1 = period_open(period=scheme.periods.get(kind=Period.Kind.Q1), actor=world.users["admin"])
    return Scoring(scheme=scheme, q1=q1, components=components, rater=rater, rater_user=rater_user)


@pytest.fixture
def scoring(world) -> Scoring:
    return make_scoring(world)


@pytest.fixture
def full_rater_view(settings):
    """Subtree HR sees every rater (RATER_IDENTITY_OUTSIDE_SCOPE=full): for tests of what HR does with a score
    whose rater, 王五 of the bureau's root unit, is otherwise hidden from both subtree HR users."""
    settings.RATER_IDENTITY_OUTSIDE_SCOPE = "full"
