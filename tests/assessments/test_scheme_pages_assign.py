"""Bulk rater assignment: pick components, raters (one by one, by employee number, a group, a unit) and ratees (in
the HR user's scope only), preview the count, save; the table of assignments per rater with removal.

Given the scoring world plus a leadership team (局领导班子: 赵局长 L001, 钱副局长 L002, both with logins).
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import RaterAssignment, Scheme
from assessments.services import scheme_update, score_save
from common.models import AuditLog
from org.models import RoleAssignment, Unit
from tests.factories import CadreFactory, UnitFactory, UserFactory


@pytest.fixture
def team(world, scoring):
    unit = UnitFactory(organization=world.org, parent=world.root, name="局领导班子", kind=Unit.Kind.TEAM)
    return [
        CadreFactory(unit=unit, organization=world.org, name=name, employee_no=no, user=UserFactory(username=no))
        for name, no in [("赵局长", "L001"), ("钱副局长", "L002")]
    ]


def _url(scheme, page=None):
    url = reverse("assessments:assign_raters", kwargs={"pk": scheme.pk})
    return f"{url}?page={page}" if page else url


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _post(client, scoring, action="preview", components=("annual_objectives",), **data):
    payload = {"action": action, "components": [scoring.components[c].pk for c in components]}
    payload.update(data)
    return client.post(_url(scoring.scheme), payload)


def _count(scoring) -> int:
    return RaterAssignment.objects.filter(scheme=scoring.scheme).count()


def test_the_page_offers_only_what_the_hr_user_may_pick(world, scoring, team, as_persona):
    response = as_persona("hr").get(_url(scoring.scheme))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["ratees"].queryset) == [world.cadre]
    assert {u.name for u in form.fields["ratee_unit"].queryset} == {"综合科", "综合科一组"}
    # raters: the user's units, the units above them and the leadership team; others by employee number
    assert {c.name for c in form.fields["raters"].queryset} == {"王五", "张三", "赵局长", "钱副局长"}
    assert {u.name for u in form.fields["rater_unit"].queryset} == {"测试局机关", "综合科", "综合科一组", "局领导班子"}
    assert [g.name for g in form.fields["ratee_group"].queryset] == ["科长组"]
    body = response.content.decode()
    assert "李四" not in body and "城关所" not in body


def test_every_team_member_rates_every_member_of_a_group(world, scoring, team, as_persona):
    client = as_persona("admin")
    team_unit = team[0].unit
    data = {"rater_unit": team_unit.pk, "ratee_group": world.group.pk}
    preview = _post(client, scoring, **data)
    assert preview.status_code == 200
    assert "将新增 4 条评分关系" in preview.content.decode()
    assert preview.context["preview"]["counts"].new == 4
    assert _count(scoring) == 8  # the preview wrote nothing (王五's 2 ratees × 4 components)
    response = _post(client, scoring, action="save", **data)
    assert response.status_code == 302 and response["Location"] == _url(scoring.scheme)
    assert "已新增 4 条评分关系。" in _messages(response)
    pairs = set(
        RaterAssignment.objects.filter(component=scoring.components["annual_objectives"], rater__in=team).values_list(
            "rater__employee_no", "ratee__employee_no"
        )
    )
    assert pairs == {("L001", "A001"), ("L001", "B001"), ("L002", "A001"), ("L002", "B001")}
    # the team can now sign in to their grid
    assert RoleAssignment.objects.filter(user__in=[c.user for c in team], role=RoleAssignment.Role.RATER).count() == 2
    assert AuditLog.objects.filter(action="assessments.assignment.create").count() >= 4
    # saving the same again adds nothing
    assert "将新增 0 条评分关系" in _post(client, scoring, **data).content.decode()


def test_subtree_hr_gets_only_the_group_members_in_scope(world, scoring, team, as_persona):
    client = as_persona("hr")
    data = {"raters": [c.pk for c in team], "ratee_group": world.group.pk}
    preview = _post(client, scoring, **data)
    body = preview.content.decode()
    assert "将新增 2 条评分关系" in body and "1 人不在您的管理范围内" in body
    assert "李四" not in body
    _post(client, scoring, action="save", **data)
    assert set(
        RaterAssignment.objects.filter(rater__in=team).values_list("ratee__employee_no", flat=True).distinct()
    ) == {"A001"}


def test_a_ratee_out_of_scope_is_refused_and_nothing_is_written(world, scoring, team, as_persona):
    before = _count(scoring)
    response = _post(as_persona("hr"), scoring, action="save", raters=[team[0].pk], ratees=[world.other_cadre.pk])
    assert response.status_code == 200
    assert response.context["form"].errors["ratees"] == ["所选被评人不在您的管理范围内。"]
    response = _post(as_persona("hr"), scoring, action="save", raters=[team[0].pk], ratee_unit=world.unit_b.pk)
    assert response.context["form"].errors["ratee_unit"] == ["所选单位不在您的管理范围内。"]
    assert _count(scoring) == before


def test_any_cadre_of_the_organization_may_rate_when_named_by_employee_number(world, scoring, as_persona):
    client = as_persona("hr")
    response = _post(client, scoring, action="save", rater_numbers="B001", ratees=[world.cadre.pk])
    assert response.status_code == 302
    assert RaterAssignment.objects.filter(rater=world.other_cadre, ratee=world.cadre).count() == 1
    response = _post(client, scoring, rater_numbers="B001, Z999", ratees=[world.cadre.pk])
    assert response.context["form"].errors["rater_numbers"] == ["本机构没有工号为 Z999 的干部。"]


def test_a_rater_without_login_is_refused_with_the_reason(world, scoring, as_persona):
    nobody = CadreFactory(unit=world.unit_a1, organization=world.org, name="孙无号", employee_no="A009")
    before = _count(scoring)
    preview = _post(as_persona("hr"), scoring, raters=[nobody.pk], ratees=[world.cadre.pk])
    assert "没有登录账号" in preview.content.decode()
    response = _post(as_persona("hr"), scoring, action="save", raters=[nobody.pk], ratees=[world.cadre.pk])
    assert response.status_code == 200
    assert "孙无号(A009)没有登录账号,无法评分" in " ".join(response.context["form"].non_field_errors())
    assert _count(scoring) == before


def test_nothing_picked_is_explained(scoring, as_persona):
    response = _post(as_persona("hr"), scoring, components=())
    errors = response.context["form"].errors
    assert errors["components"] == ["请选择考核项目。"]
    assert "raters" in errors and "ratees" in errors


def test_the_table_groups_assignments_by_rater(world, scoring, team, as_persona, full_rater_view):
    _post(as_persona("admin"), scoring, action="save", raters=[team[0].pk], ratees=[world.cadre.pk])
    response = as_persona("hr").get(_url(scoring.scheme))
    rows = {row["rater__employee_no"]: row for row in response.context["rater_rows"]}
    assert set(rows) == {"L001", "R001"}
    assert (rows["R001"]["total"], rows["R001"]["ratee_count"], rows["R001"]["component_count"]) == (4, 1, 4)
    assert rows["L001"]["total"] == 1
    assert response.context["assignment_total"] == 5
    # another subtree's HR sees only their ratees' assignments
    other = as_persona("hr_other").get(_url(scoring.scheme)).context
    assert [(r["rater__employee_no"], r["total"]) for r in other["rater_rows"]] == [("R001", 4)]


def test_an_assignment_without_scores_is_removed(world, scoring, as_persona):
    assignment = RaterAssignment.objects.get(
        component=scoring.components["onsite_review"], rater=scoring.rater, ratee=world.cadre
    )
    response = as_persona("hr").post(_url(scoring.scheme), {"action": "remove", "assignment": assignment.pk})
    assert response.status_code == 302
    assert not RaterAssignment.objects.filter(pk=assignment.pk).exists()
    # 王五 works outside this HR user's subtree: the message does not name him (tests/assessments/test_rater_privacy.py)
    assert "已取消该评议人对张三的“现场观摩点评”评分关系。" in _messages(response)
    assert AuditLog.objects.filter(action="assessments.assignment.delete", subject_id=str(assignment.pk)).exists()


def test_an_assignment_with_scores_stays_with_the_reason(world, scoring, as_persona):
    component = scoring.components["quarterly_review"]
    score_save(
        period=scoring.q1,
        component=component,
        rater=scoring.rater,
        ratee=world.cadre,
        value="90",
        expected_revision=0,
        actor=scoring.rater_user,
    )
    assignment = RaterAssignment.objects.get(component=component, rater=scoring.rater, ratee=world.cadre)
    page = as_persona("hr").get(_url(scoring.scheme)).content.decode()
    assert "已评分" in page
    response = as_persona("hr").post(_url(scoring.scheme), {"action": "remove", "assignment": assignment.pk})
    assert "该评分人已对张三评分,不能取消该评分关系。" in _messages(response)
    assert RaterAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_assignment_out_of_scope_cannot_be_removed(world, scoring, as_persona):
    assignment = RaterAssignment.objects.filter(rater=scoring.rater, ratee=world.other_cadre).first()
    response = as_persona("hr").post(_url(scoring.scheme), {"action": "remove", "assignment": assignment.pk})
    assert response.status_code == 404
    assert RaterAssignment.objects.filter(pk=assignment.pk).exists()
    assert as_persona("hr").post(_url(scoring.scheme), {"action": "remove", "assignment": "x"}).status_code == 404


def test_a_superseded_version_is_read_only(world, scoring, team, as_persona):
    score_save(
        period=scoring.q1,
        component=scoring.components["quarterly_review"],
        rater=scoring.rater,
        ratee=world.cadre,
        value="90",
        expected_revision=0,
        actor=scoring.rater_user,
    )
    scheme_update(scheme=scoring.scheme, bonus_cap="4", reason="r")
    old = Scheme.objects.get(pk=scoring.scheme.pk)
    body = as_persona("hr").get(_url(old)).content.decode()
    assert "旧版本方案,评分关系只能查看" in body and 'id="assign-form"' not in body
    before = _count(scoring)
    response = _post(as_persona("hr"), scoring, action="save", raters=[team[0].pk], ratees=[world.cadre.pk])
    assert response.status_code == 302
    assert "这是已被取代的旧版本方案,不能再修改评分关系。" in _messages(response)
    assignment = RaterAssignment.objects.filter(scheme=old).first()
    as_persona("hr").post(_url(old), {"action": "remove", "assignment": assignment.pk})
    assert _count(scoring) == before


def test_the_committee_cannot_assign(world, scoring, team, as_persona):
    before = _count(scoring)
    response = _post(as_persona("committee"), scoring, action="save", raters=[team[0].pk], ratees=[world.cadre.pk])
    assert response.status_code == 403
    assert _count(scoring) == before


def test_the_table_query_count_does_not_grow_with_raters(
    world, scoring, as_persona, django_assert_num_queries, django_assert_max_num_queries
):
    client = as_persona("hr")
    url = _url(scoring.scheme)
    client.get(url)  # warm the session
    # session, user, roles (2), scheme, the table (raters count, page, scored cells, assignments), total, the form's
    # choices (components, raters, ratees, units ×2, groups ×2), unread notices, session save (3); and, for HR, the
    # calendar check when the next 90 days reach a year without an official calendar; which raters of the page the
    # user may see (rater_privacy)
    with django_assert_max_num_queries(23) as few:
        client.get(url)
    queries = len(few.captured_queries)
    raters = [
        CadreFactory(unit=world.unit_a, organization=world.org, employee_no=f"A2{i:02d}", user=UserFactory())
        for i in range(45)
    ]
    extra = [
        CadreFactory(unit=world.unit_a1, organization=world.org, employee_no=f"A3{i:02d}", user=UserFactory())
        for i in range(5)
    ]
    _post(client, scoring, action="save", components=list(scoring.components), raters=[r.pk for r in raters],
          ratees=[world.cadre.pk, *[c.pk for c in extra]])  # fmt: skip
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.context["rater_rows"]) == 20 and response.context["page"].paginator.num_pages == 3
    assert sum(len(row["assignments"]) for row in response.context["rater_rows"]) == 20 * 6 * 4
    with django_assert_num_queries(queries):
        client.get(_url(scoring.scheme, page=3))
