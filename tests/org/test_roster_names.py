"""The roster and the names already on record: a new unit, post or group whose name is close to an existing one is
asked about ("您是否指的是 …") with a choice per name; the names the pages show for posts are accepted; every cadre
of the roster gets a login; a year whose groups are fixed keeps them. The world: tests/conftest.py."""

import pytest

from common.models import BackgroundJob
from org.models import AssessmentGroup, Cadre, Post, Unit
from org.roster import WHOLE_ORGANIZATION, roster_import
from org.roster.plan import NEW, group_choice_key, post_choice_key, unit_choice_key
from org.roster.similar import name_normalize, name_similarity, similar_names
from org.year_locks import register_year_lock, unregister_year_lock
from tests.org.test_roster import YEAR, apply, csv_bytes, issues_of, preview, row, upload

WHOLE = "测试局机关"


@pytest.mark.parametrize(
    ("typed", "existing"),
    [
        ("综合科（一组）", "综合科(一组)"),  # full-width brackets
        ("综合科 一组", "综合科一组"),  # a space
        ("ＡＢ科", "AB科"),  # full-width letters
        ("【综合】科", "[综合]科"),  # another kind of bracket
        ("食品经营监管课", "食品经营监管科"),  # a one-character typo in a longer name
        ("市场监管所负责人组", "市场监管所负责人组(所长组)"),  # a shortened group name
    ],
)
def test_names_written_differently_or_with_a_small_typo_are_close(typed, existing):
    assert name_similarity(typed, existing) >= 0.75
    assert similar_names(typed, [(1, existing)]) == [(1, existing)]


@pytest.mark.parametrize(
    ("typed", "existing"),
    [
        ("综合科二组", "综合科一组"),  # numbered siblings
        ("科室012", "科室001"),
        ("副组长", "组长"),  # a deputy post
        ("城关所", "城南所"),  # short names differ in one character on purpose
        ("法规科", "财务审计科"),
    ],
)
def test_names_that_differ_on_purpose_are_not_offered(typed, existing):
    assert similar_names(typed, [(1, existing)]) == []


def test_normalising_drops_spaces_and_dots_and_unifies_brackets():
    assert name_normalize(" 综合 科（一·组） ") == "综合科(一组)"


def test_a_new_unit_close_to_an_existing_one_is_asked_about(world):
    # when the roster names "综合科（一组）" under 综合科 — almost 综合科一组
    Unit.objects.filter(pk=world.unit_a1.pk).update(name="综合科(一组)")
    plan = preview(world, csv_bytes([row("C001", "王五", "综合科/综合科（一组）")]))

    # then the plan would create it, and asks first, with the existing unit as the candidate
    assert [u.label for u in plan.new_units] == [f"{WHOLE}/综合科/综合科（一组）"]
    near = plan.near_duplicates[0]
    assert (near.kind, near.name, near.where) == ("unit", "综合科（一组）", f"{WHOLE}/综合科")
    assert near.candidates == [(world.unit_a1.pk, f"{WHOLE}/综合科/综合科(一组)")]
    assert near.key == unit_choice_key(f"{WHOLE}/综合科/综合科（一组）")


def test_choosing_the_existing_unit_puts_the_cadre_there(world):
    Unit.objects.filter(pk=world.unit_a1.pk).update(name="综合科(一组)")
    content = csv_bytes([row("C001", "王五", "综合科/综合科（一组）")])
    key = unit_choice_key(f"{WHOLE}/综合科/综合科（一组）")
    units = Unit.objects.count()

    plan = roster_import(
        organization=world.org,
        year=YEAR,
        content=content,
        file_name="花名册.csv",
        scope=WHOLE_ORGANIZATION,
        name_choices={key: str(world.unit_a1.pk)},
    )
    assert plan.new_units == [] and plan.near_duplicates == []
    assert Unit.objects.count() == units and Cadre.objects.get(employee_no="C001").unit_id == world.unit_a1.pk


def test_choosing_new_creates_it_and_asks_no_more(world):
    Unit.objects.filter(pk=world.unit_a1.pk).update(name="综合科(一组)")
    content = csv_bytes([row("C001", "王五", "综合科/综合科（一组）")])
    near = preview(world, content).near_duplicates[0]
    plan = roster_import(
        organization=world.org,
        year=YEAR,
        content=content,
        file_name="花名册.csv",
        scope=WHOLE_ORGANIZATION,
        name_choices={near.key: NEW},
    )
    assert plan.near_duplicates == [] and Unit.objects.filter(name="综合科（一组）").exists()


def test_a_close_post_and_group_are_asked_about_and_can_be_taken_for_the_existing(world):
    content = csv_bytes(
        [row("C001", "王五", "综合科/综合科一组", "组 长", "中层负责人", "2025-01-01", group="科长 组")]
    )
    Post.objects.filter(pk=world.post_a.pk).update(headcount=2)
    plan = preview(world, content)
    kinds = {n.kind: n for n in plan.near_duplicates}
    assert kinds["post"].candidates == [(world.post_a.pk, "组长")]
    assert kinds["group"].candidates == [(world.group.pk, "科长组")]

    plan = roster_import(
        organization=world.org,
        year=YEAR,
        content=content,
        file_name="花名册.csv",
        scope=WHOLE_ORGANIZATION,
        name_choices={
            post_choice_key(f"{WHOLE}/综合科/综合科一组", "组 长"): str(world.post_a.pk),
            group_choice_key("科长 组"): str(world.group.pk),
        },
    )
    wang = Cadre.objects.get(employee_no="C001")
    assert wang.appointments.get().post == world.post_a
    assert wang.memberships.get(year=YEAR).group == world.group
    assert not AssessmentGroup.objects.filter(name="科长 组").exists()


def test_the_post_names_the_pages_show_are_accepted(world):
    # the pages show 城关所所长 (and the preview 城关所 · 所长): both name the existing post
    for shown in ("城关所所长", "城关所 · 所长"):
        plan = preview(world, csv_bytes([row("B002", "周九", "城关所", shown, "正职", "2025-01-01")]))
        assert plan.is_valid and plan.new_posts == [] and plan.started[0].post.post == world.post_b


def test_a_closed_unit_and_an_ended_post_are_refused(world):
    Post.objects.filter(pk=world.post_b.pk).update(ended_on="2025-01-01")
    plan = preview(world, csv_bytes([row("B002", "周九", "城关所", "所长", "正职", "2025-02-01")]))
    assert issues_of(plan) == {(2, "职务")}
    Unit.objects.filter(pk=world.unit_b.pk).update(closed_on="2025-01-01")
    plan = preview(world, csv_bytes([row("B002", "周九", "城关所")]))
    assert issues_of(plan) == {(2, "单位")} and "已撤销" in str(plan.issues[0])


def test_every_cadre_of_the_roster_gets_a_login(world):
    # given 李四 on record without a login, and a login name already held by 张三
    Cadre.objects.filter(pk=world.other_cadre.pk).update(user=None)
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=world.cadre.user_id).update(username="C002")

    # when a roster names 李四 (unchanged), and two new cadres
    plan = apply(
        world,
        csv_bytes([row("B001", "李四", "城关所"), row("C001", "王五", "综合科"), row("C002", "赵六", "综合科")]),
    )

    # then 李四 and 王五 get logins; 赵六's name is taken, which the plan warned about, and he is imported all the same
    assert plan.new_logins == ["B001", "C001"]
    assert Cadre.objects.get(employee_no="B001").user.username == "B001"
    assert Cadre.objects.get(employee_no="C001").user.username == "C001"
    assert Cadre.objects.get(employee_no="C002").user is None
    assert any("未建立登录账号" in str(w) for w in plan.warnings)


def locked(organization, year):
    return "已计算结果" if year == YEAR else None


def test_a_year_whose_groups_are_fixed_refuses_membership_changes(world):
    register_year_lock(locked)
    try:
        plan = preview(world, csv_bytes([row("C001", "王五", "综合科", group="科长组")]))
    finally:
        unregister_year_lock(locked)
    assert issues_of(plan) == {(2, "考核组")} and "已计算结果" in str(plan.issues[0])


def test_the_preview_asks_and_the_confirmation_needs_every_answer(
    world, as_persona, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path  # the upload waits here for its job
    Unit.objects.filter(pk=world.unit_a1.pk).update(name="综合科(一组)")
    client = as_persona("hr")
    response = upload(client, csv_bytes([row("C001", "王五", "综合科/综合科（一组）")]), "花名册.csv", org=world.org)
    body = response.content.decode()
    assert 'id="roster-near-duplicates"' in body and "您是否指的是" in body and "使用已有的" in body
    token = response.context["preview_job"]
    key = response.context["near_duplicates"][0]["key"]

    # confirming without an answer asks again, and writes nothing
    response = client.post("/org/roster/import/", {"action": "confirm", "preview": token})
    assert response.status_code == 200 and "请为每个与已有名称相近的新名称作出选择" in response.content.decode()
    assert not Cadre.objects.filter(employee_no="C001").exists()

    # with the answer "use the existing", the job runs with it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/org/roster/import/", {"action": "confirm", "preview": token, f"choice:{key}": str(world.unit_a1.pk)}
        )
    assert response.status_code == 302
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert job.status == "succeeded" and job.arguments["name_choices"] == {key: str(world.unit_a1.pk)}
    assert Cadre.objects.get(employee_no="C001").unit_id == world.unit_a1.pk
