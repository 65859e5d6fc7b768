"""Personas shared by every test (alice-and-bob style): one organization with two sibling subtrees.

测试局 (root)
├── 综合科 (unit_a) ── 综合科一组 (unit_a1)     cadre 张三 (unit_a1), HR 甲 scoped here
└── 城关所 (unit_b)                           cadre 李四 (unit_b), HR 乙 scoped here
"""

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from org.models import Post, RoleAssignment
from org.services import appointment_start, group_create, group_member_set, role_assign
from security.services.admins import admin_role_assign
from tests.factories import (
    CadreFactory,
    OrganizationFactory,
    PostFactory,
    UnitFactory,
    UserFactory,
    usernames_prefixed,
)

PASSWORD = "pw-Secret-123"
# The three administrators of 三员分立 (security.models.AdminRole), each a persona named after its role.
ADMINISTRATORS = ["sysadmin", "secadmin", "auditadmin"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids of rolled-back rows come again in the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    org: object
    root: object
    unit_a: object
    unit_a1: object
    unit_b: object
    post_a: object
    post_b: object
    cadre: object
    other_cadre: object
    group: object
    users: dict


@dataclass(frozen=True)
class Names:
    """What a world's organization, units and two cadres are called (the second organization's differ, so that a
    page showing one of its rows to the first organization's personas gives itself away)."""

    org_code: str = "test"
    org: str = "测试局"
    root: str = "测试局机关"
    unit_a: str = "综合科"
    unit_a1: str = "综合科一组"
    unit_b: str = "城关所"
    cadre_no: str = "A001"
    other_no: str = "B001"


# The second organization: a county bureau beside the first. Its cadres carry the same names (张三, 李四: the areas'
# setups name them), but every unit is 临河…, and the numbers are its own.
OTHER_ORG = Names(
    org_code="linhe",
    org="临河县局",
    root="临河县局机关",
    unit_a="临河综合股",
    unit_a1="临河综合股一组",
    unit_b="临河城南所",
    cadre_no="LA001",
    other_no="LB001",
)
# What none of the first organization's personas may ever be shown (the superuser excepted).
OTHER_ORG_MARKERS = ["临河", OTHER_ORG.cadre_no, OTHER_ORG.other_no]


def build_world(names: Names = Names(), *, administrators: bool = True) -> World:  # noqa: B008 — frozen
    org = OrganizationFactory(code=names.org_code, name=names.org)
    root = UnitFactory(organization=org, name=names.root, kind="bureau")
    unit_a = UnitFactory(organization=org, parent=root, name=names.unit_a)
    unit_a1 = UnitFactory(organization=org, parent=unit_a, name=names.unit_a1)
    unit_b = UnitFactory(organization=org, parent=root, name=names.unit_b, kind="station")
    post_a = PostFactory(unit=unit_a1, name="组长", kind=Post.Kind.MIDDLE)
    post_b = PostFactory(unit=unit_b, name="所长", kind=Post.Kind.PRINCIPAL)

    users = {
        name: UserFactory(username=name)
        for name in ["admin", "hr", "hr_other", "committee", "rater", "cadre", "other_cadre", "norole"]
    }
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()

    cadre = CadreFactory(unit=unit_a1, organization=org, name="张三", employee_no=names.cadre_no, user=users["cadre"])
    other = CadreFactory(
        unit=unit_b, organization=org, name="李四", employee_no=names.other_no, user=users["other_cadre"]
    )
    appointment_start(cadre=cadre, post=post_a, start_date=datetime.date(2023, 3, 1))
    appointment_start(cadre=other, post=post_b, start_date=datetime.date(2022, 1, 10))
    group = group_create(organization=org, year=2025, name="科长组")
    group_member_set(group=group, cadre=cadre)
    group_member_set(group=group, cadre=other)

    role_assign(user=users["hr"], role=RoleAssignment.Role.HR, organization=org, unit=unit_a)
    role_assign(user=users["hr_other"], role=RoleAssignment.Role.HR, organization=org, unit=unit_b)
    role_assign(user=users["committee"], role=RoleAssignment.Role.COMMITTEE, organization=org)
    role_assign(user=users["rater"], role=RoleAssignment.Role.RATER, organization=org)
    # 三员分立: the three administrators, who hold no business role (the installation's, not an organization's).
    for name in ADMINISTRATORS if administrators else []:
        users[name] = UserFactory(username=name)
        admin_role_assign(user=users[name], role=name, actor=None)
    return World(org, root, unit_a, unit_a1, unit_b, post_a, post_b, cadre, other, group, users)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_other_world() -> World:
    """The same world in a second organization (临河县局), its users named lh_hr, lh_cadre, …; only the matrices
    build it (tests/test_permission_matrix.py's `matrix_world`), to try every persona on its rows."""
    with usernames_prefixed("lh_"):
        return build_world(OTHER_ORG, administrators=False)


PERSONAS = ["anonymous", "admin", "hr", "hr_other", "committee", "rater", "cadre", "other_cadre", "norole"]
PERSONAS += ADMINISTRATORS


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


@pytest.fixture
def as_persona(world):
    return lambda persona: client_for(world, persona)
