"""Shared fixtures of the tenure tests: the world's organization with a tenure policy (defaults: 5-year terms, the
30 June rule, principals on terms and deputies on contracts, two consecutive terms in a post, 15 years at a level),
and helpers that appoint people the way HR does, through org.services.

    policy                 the world's policy (version 1, in effect since 2000)
    principal_post(world)  a 正职 post with one seat in a new unit under the root
    appoint(cadre, post, start, decided=None)   an appointment with its decision document
"""

import datetime
import itertools

import pytest

from org.models import Post
from org.services import appointment_end, appointment_start, post_create, unit_create
from tenure.models import TenurePolicy
from tenure.services.policy import policy_defaults, tenure_policy_create
from tests.factories import CadreFactory, UserFactory

_numbers = itertools.count(1)


def make_policy(world, *, effective_from=datetime.date(2000, 1, 1), **overrides) -> TenurePolicy:
    values = policy_defaults() | overrides
    return tenure_policy_create(organization=world.org, actor=None, effective_from=effective_from, values=values)


@pytest.fixture
def policy(world) -> TenurePolicy:
    return make_policy(world)


def principal_post(world, name: str | None = None, *, parent=None, kind=Post.Kind.PRINCIPAL, headcount: int = 1):
    n = next(_numbers)
    unit = unit_create(organization=world.org, parent=parent or world.root, name=name or f"下属单位{n}")
    return post_create(
        unit=unit, name="主任" if kind == Post.Kind.PRINCIPAL else "副主任", kind=kind, headcount=headcount
    )


def person(world, name: str, *, unit=None, user: bool = False, work_start=datetime.date(1990, 7, 1)):
    n = next(_numbers)
    return CadreFactory(
        organization=world.org,
        unit=unit or world.root,
        name=name,
        employee_no=f"T{n:04d}",
        user=UserFactory(username=f"tenure{n}") if user else None,
        work_start_date=work_start,
    )


def appoint(cadre, post, start: datetime.date, decided: datetime.date | None = None, actor=None):
    return appointment_start(
        cadre=cadre,
        post=post,
        start_date=start,
        document_no=f"测任〔{start.year}〕{next(_numbers)}号",
        document_date=decided or start,
        actor=actor,
        reason="测试",
    )


def dismiss(appointment, end: datetime.date, reason: str = "exchange", actor=None):
    return appointment_end(appointment=appointment, end_date=end, end_reason=reason, actor=actor, reason="测试")
