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
from tests.factories import CadreFactory, OrganizationFactory, PostFactory, UnitFactory, UserFactory

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


@pytest.fixture
def world(db) -> World:
    org = OrganizationFactory(code="test", name="测试局")
    root = UnitFactory(organization=org, name="测试局机关", kind="bureau")
    unit_a = UnitFactory(organization=org, parent=root, name="综合科")
    unit_a1 = UnitFactory(organization=org, parent=unit_a, name="综合科一组")
    unit_b = UnitFactory(organization=org, parent=root, name="城关所", kind="station")
    post_a = PostFactory(unit=unit_a1, name="组长", kind=Post.Kind.MIDDLE)
    post_b = PostFactory(unit=unit_b, name="所长", kind=Post.Kind.PRINCIPAL)

    users = {
        name: UserFactory(username=name)
        for name in ["admin", "hr", "hr_other", "committee", "rater", "cadre", "other_cadre", "norole"]
    }
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()

    cadre = CadreFactory(unit=unit_a1, organization=org, name="张三", employee_no="A001", user=users["cadre"])
    other = CadreFactory(unit=unit_b, organization=org, name="李四", employee_no="B001", user=users["other_cadre"])
    appointment_start(cadre=cadre, post=post_a, start_date=datetime.date(2023, 3, 1))
    appointment_start(cadre=other, post=post_b, start_date=datetime.date(2022, 1, 10))
    group = group_create(organization=org, year=2025, name="科长组")
    group_member_set(group=group, cadre=cadre)
    group_member_set(group=group, cadre=other)

    role_assign(user=users["hr"], role=RoleAssignment.Role.HR, organization=org, unit=unit_a)
    role_assign(user=users["hr_other"], role=RoleAssignment.Role.HR, organization=org, unit=unit_b)
    role_assign(user=users["committee"], role=RoleAssignment.Role.COMMITTEE, organization=org)
    role_assign(user=users["rater"], role=RoleAssignment.Role.RATER, organization=org)
    # 三员分立: the three administrators, who hold no business role.
    for name in ADMINISTRATORS:
        users[name] = UserFactory(username=name)
        admin_role_assign(user=users[name], role=name, actor=None)
    return World(org, root, unit_a, unit_a1, unit_b, post_a, post_b, cadre, other, group, users)


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
