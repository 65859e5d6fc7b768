"""HR's upkeep of the unit tree and its posts (org.services.units, org.services.posts), within the HR user's scope.

测试局机关 (root)
├── 综合科 ── 综合科一组 · 组长 (张三)     HR "hr" scoped to 综合科
└── 城关所 · 所长 (李四)                  HR "hr_other" scoped to 城关所
"""

import datetime

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from org.models import Cadre, Post, Unit
from org.services import (
    appointment_end,
    post_add,
    post_create,
    post_end,
    unit_add,
    unit_close,
    unit_create,
    unit_move,
    unit_rename,
)

TODAY = datetime.date(2025, 6, 30)


def paths() -> dict:
    return dict(Unit.objects.values_list("name", "path"))


def test_hr_adds_a_unit_in_its_scope_and_not_elsewhere(world):
    unit = unit_add(parent=world.unit_a, name=" 综合科二组 ", actor=world.users["hr"])
    assert unit.name == "综合科二组" and unit.path == f"{world.unit_a.path}{unit.pk}/"
    assert AuditLog.objects.filter(action="org.unit.create", actor=world.users["hr"], subject_id=str(unit.pk)).exists()
    count = Unit.objects.count()
    with pytest.raises(ApplicationError, match="不在您的管理范围内") as refused:
        unit_add(parent=world.unit_b, name="城关所二组", actor=world.users["hr"])
    assert refused.value.field_errors == {"parent": ["单位“城关所”不在您的管理范围内。"]}
    with pytest.raises(ApplicationError, match="已有名为“综合科二组”的单位"):
        unit_add(parent=world.unit_a, name="综合科二组", actor=world.users["hr"])
    assert Unit.objects.count() == count


def test_rename_keeps_names_unique_under_a_parent(world):
    unit_rename(unit=world.unit_a1, name="综合一组", actor=world.users["hr"], reason="机构调整")
    assert Unit.objects.get(pk=world.unit_a1.pk).name == "综合一组"
    row = AuditLog.objects.get(action="org.unit.rename")
    assert (row.before, row.after, row.reason) == ({"name": "综合科一组"}, {"name": "综合一组"}, "机构调整")
    sibling = unit_create(organization=world.org, parent=world.unit_a, name="综合二组")
    with pytest.raises(ApplicationError, match="已有名为"):
        unit_rename(unit=sibling, name="综合一组", actor=world.users["hr"])


def test_a_move_rewrites_the_paths_of_the_whole_subtree(world):
    # given a unit below 综合科一组, and another team under 综合科
    below = unit_create(organization=world.org, parent=world.unit_a1, name="综合科一组甲班")
    team = unit_create(organization=world.org, parent=world.unit_a, name="综合科二组")

    # when HR moves 综合科一组 under the other team
    unit_move(unit=world.unit_a1, parent=team, actor=world.users["hr"], reason="归口调整")

    # then the unit and everything below it have their new paths, and scope filters follow
    world.unit_a1.refresh_from_db()
    below.refresh_from_db()
    assert world.unit_a1.parent == team and world.unit_a1.path == f"{team.path}{world.unit_a1.pk}/"
    assert below.path == f"{world.unit_a1.path}{below.pk}/"
    assert Cadre.objects.filter(unit__path__startswith=team.path).get() == world.cadre
    row = AuditLog.objects.get(action="org.unit.move")
    assert row.before["parent_id"] == world.unit_a.pk and row.after["parent_id"] == team.pk


def test_a_move_cannot_make_a_cycle_nor_leave_the_scope(world):
    below = unit_create(organization=world.org, parent=world.unit_a1, name="综合科一组甲班")
    before = paths()
    with pytest.raises(ApplicationError, match="它自己或它的下级单位"):
        unit_move(unit=world.unit_a1, parent=below, actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        unit_move(unit=world.unit_a1, parent=world.unit_b, actor=world.users["hr"])
    # the top of one's own scope cannot be moved (its parent is outside it)
    with pytest.raises(ApplicationError, match="管理范围的最上级单位"):
        unit_move(unit=world.unit_a, parent=world.unit_a1, actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="根单位"):
        unit_move(unit=world.root, parent=world.unit_a, actor=world.users["admin"])
    assert paths() == before


def test_closing_refuses_while_anything_is_left_and_says_what(world):
    with pytest.raises(ApplicationError) as refused:
        unit_close(unit=world.unit_a1, closed_on=TODAY, actor=world.users["hr"])
    assert "在设职务 1 个(组长)" in refused.value.message and "在册干部 1 名(张三)" in refused.value.message
    with pytest.raises(ApplicationError, match=r"未撤销的下级单位 1 个\(综合科一组\)"):
        unit_close(unit=world.unit_a, closed_on=TODAY, actor=world.users["admin"])
    with pytest.raises(ApplicationError, match="机构的根单位不能撤销"):
        unit_close(unit=world.root, closed_on=TODAY, actor=world.users["admin"])
    assert not Unit.objects.filter(closed_on__isnull=False).exists()


def test_an_emptied_unit_closes_and_keeps_its_history(world):
    # given 综合科一组 emptied: 张三 moved out, his post's appointment ended, the post ended
    appointment = world.cadre.appointments.get()
    appointment_end(appointment=appointment, end_date=TODAY, end_reason="exchange")
    Cadre.objects.filter(pk=world.cadre.pk).update(unit=world.unit_a)
    post_end(post=world.post_a, ended_on=TODAY, actor=world.users["hr"], reason="机构调整")

    # when HR closes it
    unit = unit_close(unit=world.unit_a1, closed_on=TODAY, actor=world.users["hr"], reason="机构调整")

    # then it is closed, still in the tree with its post and the past appointment
    assert Unit.objects.get(pk=unit.pk).closed_on == TODAY
    assert world.post_a.appointments.get() == appointment
    with pytest.raises(ApplicationError, match="已撤销"):
        unit_add(parent=unit, name="新组", actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="已于 2025-06-30 撤销"):
        unit_close(unit=unit, closed_on=TODAY, actor=world.users["hr"])


def test_the_top_of_ones_scope_cannot_be_closed(world):
    with pytest.raises(ApplicationError, match="管理范围的最上级单位"):
        unit_close(unit=world.unit_a, closed_on=TODAY, actor=world.users["hr"])


def test_posts_are_added_to_open_units_and_ended_when_nobody_holds_them(world):
    post = post_add(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY, actor=world.users["hr"])
    assert (post.unit, post.kind, post.headcount) == (world.unit_a1, Post.Kind.DEPUTY, 1)
    with pytest.raises(ApplicationError, match="职数应在 1 到 99 之间"):
        post_add(unit=world.unit_a1, name="组员", kind=Post.Kind.STAFF, headcount=0, actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="职务“副组长”已存在") as refused:
        post_add(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY, actor=world.users["hr"])
    assert refused.value.field_errors == {"name": ["同一单位职务名称重复。"]}
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        post_add(unit=world.unit_b, name="副所长", kind=Post.Kind.DEPUTY, actor=world.users["hr"])

    # a post with a holder is not ended; one without is
    with pytest.raises(ApplicationError, match=r"尚有现任\(张三\)"):
        post_end(post=world.post_a, ended_on=TODAY, actor=world.users["hr"])
    post_end(post=post, ended_on=TODAY, actor=world.users["hr"], reason="职数调整")
    assert Post.objects.get(pk=post.pk).ended_on == TODAY
    assert AuditLog.objects.filter(action="org.post.end", reason="职数调整").exists()
    assert Post.objects.get(pk=world.post_a.pk).ended_on is None


def test_hr_of_another_subtree_cannot_end_a_post_here(world):
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    with pytest.raises(ApplicationError, match="不在您的管理范围内") as refused:
        post_end(post=post, ended_on=TODAY, actor=world.users["hr_other"])
    assert refused.value.code == "permission_denied" and Post.objects.get(pk=post.pk).ended_on is None
