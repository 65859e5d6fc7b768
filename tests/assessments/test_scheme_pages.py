"""Scheme pages: list, create, detail, opening and closing periods.

Given the shared world and its 2025 four-part scheme (tests.assessments.conftest), plus `hr_all`, an HR user whose
scope is the whole organization: the only HR user who may set schemes up.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Period, Scheme
from assessments.services import scheme_create, scheme_update, score_save
from common.models import AuditLog
from org.models import RoleAssignment
from org.services import role_assign
from tests.factories import OrganizationFactory, UnitFactory, UserFactory


@pytest.fixture
def hr_all(world):
    """HR for the whole 测试局, and HR for only a unit of another organization."""
    user = UserFactory(username="hr_all")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    other = OrganizationFactory(code="other", name="另一局")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=other, unit=UnitFactory(organization=other))
    client = Client()
    client.force_login(user)
    client.user = user
    client.other_org = other
    return client


def _text(response) -> str:
    return response.content.decode()


# --- list -----------------------------------------------------------------------------------------------------------


def test_list_shows_schemes_by_year_with_version_status_and_weights(scoring, as_persona):
    body = _text(as_persona("committee").get(reverse("assessments:scheme_list")))
    assert "2025年度" in body
    assert "中层负责人年度绩效考核方案" in body and "第 1 版" in body and "现行" in body
    assert "季度述职评议 30%" in body and "现场观摩点评 20%" in body
    assert "新建考核方案" not in body  # the committee reads


def test_list_marks_a_superseded_version(world, scoring, as_persona):
    _score(scoring, world)
    scheme_update(scheme=scoring.scheme, name="新名称", reason="调整")
    body = _text(as_persona("committee").get(reverse("assessments:scheme_list")))
    assert "第 2 版" in body and "已被新版本取代" in body and "新名称" in body


@pytest.mark.parametrize(("persona", "button"), [("admin", True), ("hr", False), ("hr_other", False)])
def test_only_organization_wide_hr_and_admin_get_the_create_button(scoring, as_persona, persona, button):
    body = _text(as_persona(persona).get(reverse("assessments:scheme_list")))
    assert "中层负责人年度绩效考核方案" in body
    assert ("新建考核方案" in body) is button


def test_organization_wide_hr_gets_the_create_button(scoring, hr_all):
    assert "新建考核方案" in _text(hr_all.get(reverse("assessments:scheme_list")))


def test_list_query_count_does_not_grow_with_schemes(world, scoring, as_persona, django_assert_num_queries):
    client = as_persona("committee")
    url = reverse("assessments:scheme_list")
    client.get(url)  # warm the session
    # session, user, roles (2), unread notices, schemes, components; the session is not saved again within a minute
    with django_assert_num_queries(7):
        client.get(url)
    for year in range(2015, 2025):
        scheme_create(organization=world.org, year=year, template=Scheme.Template.FIVE_IN_ONE)
    with django_assert_num_queries(7):
        body = _text(client.get(url))
    assert "2015年度" in body and "区级领导考评" in body


# --- create ---------------------------------------------------------------------------------------------------------


def _create(client, org, **data):
    payload = {"organization": org.pk, "year": 2026, "template": "four_part", "effective_date": "2026-01-01"}
    payload.update(data)
    return client.post(reverse("assessments:scheme_create"), payload)


@pytest.mark.parametrize(
    ("template", "names"),
    [
        ("four_part", ["季度述职评议", "半年工作点评", "年度主要目标任务", "现场观摩点评"]),
        ("five_in_one", ["单位考绩", "区级领导考评", "年终考核组考评", "组织日常考评", "单位主要领导考评"]),
        ("custom", ["综合评价"]),
    ],
)
def test_organization_wide_hr_creates_a_scheme_from_a_template(world, hr_all, template, names):
    response = _create(hr_all, world.org, template=template)
    scheme = Scheme.objects.get(organization=world.org, year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:scheme_detail", kwargs={"pk": scheme.pk})
    assert [c.name for c in scheme.components.order_by("sort_order")] == names
    assert sum(c.weight for c in scheme.components.all()) == 100
    assert scheme.template == template and scheme.created_by == hr_all.user
    assert scheme.effective_date == datetime.date(2026, 1, 1)
    assert AuditLog.objects.filter(action="assessments.scheme.create", subject_id=str(scheme.pk)).exists()
    page = _text(hr_all.get(response["Location"]))
    assert names[0] in page


def test_create_offers_only_organizations_where_the_hr_scope_is_whole(world, hr_all):
    form = hr_all.get(reverse("assessments:scheme_create")).context["form"]
    assert list(form.fields["organization"].queryset) == [world.org]
    response = _create(hr_all, hr_all.other_org)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Scheme.objects.filter(organization=hr_all.other_org).exists()


def test_create_refuses_a_second_scheme_for_the_year_next_to_the_year(world, scoring, hr_all):
    response = _create(hr_all, world.org, year=2025)
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["该年度已有方案。"]
    assert Scheme.objects.filter(organization=world.org, year=2025).count() == 1


def test_create_refuses_an_effective_date_after_the_year(world, hr_all):
    response = _create(hr_all, world.org, effective_date="2027-03-01")
    assert "施行日期不能晚于 2026 年。" in response.context["form"].errors["effective_date"]
    assert not Scheme.objects.filter(year=2026).exists()


@pytest.mark.parametrize("persona", ["hr", "hr_other", "committee"])
def test_subtree_hr_and_committee_cannot_create(world, as_persona, persona):
    client = as_persona(persona)
    assert client.get(reverse("assessments:scheme_create")).status_code == 403
    assert _create(client, world.org).status_code == 403
    assert not Scheme.objects.exists()


def test_admin_creates_for_any_organization(world, as_persona):
    other = OrganizationFactory(code="o2", name="第二局")
    response = _create(as_persona("admin"), other, template="five_in_one")
    assert response.status_code == 302
    assert Scheme.objects.get(organization=other).components.count() == 5


# --- detail ---------------------------------------------------------------------------------------------------------


def _score(scoring, world, value="88", ratee=None, component="quarterly_review"):
    return score_save(
        period=scoring.q1,
        component=scoring.components[component],
        rater=scoring.rater,
        ratee=ratee or world.cadre,
        value=value,
        expected_revision=0,
        actor=scoring.rater_user,
    )


def test_detail_shows_settings_components_counts_periods_and_history(world, scoring, hr_all):
    _score(scoring, world)
    _score(scoring, world, ratee=world.other_cadre)
    response = hr_all.get(reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk}))
    body = _text(response)
    for text in ["末位比例", "10%", "优秀比例", "20%", "年度加分上限", "最高基本称职", "申诉期限(工作日)", "预警比例"]:
        assert text in body
    quarterly = next(c for c in response.context["components"] if c.code == "quarterly_review")
    assert (quarterly.counts.assignments, quarterly.counts.scores) == (2, 2)
    assert "第一季度" in body and "评分中" in body and "未开始" in body
    assert [p.kind for p in response.context["periods"]] == ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y"]
    assert reverse("assessments:period_close", kwargs={"pk": scoring.q1.pk}) in body
    assert reverse("assessments:scheme_edit", kwargs={"pk": scoring.scheme.pk}) in body
    assert "创建方案" in body and "开始评分" in body  # the audit history: the scheme and its periods


def test_detail_counts_only_what_is_in_scope_and_is_read_only_for_subtree_hr(world, scoring, as_persona):
    _score(scoring, world)
    _score(scoring, world, ratee=world.other_cadre)
    response = as_persona("hr_other").get(reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk}))
    quarterly = next(c for c in response.context["components"] if c.code == "quarterly_review")
    assert (quarterly.counts.assignments, quarterly.counts.scores) == (1, 1)
    body = _text(response)
    assert reverse("assessments:period_close", kwargs={"pk": scoring.q1.pk}) not in body
    assert reverse("assessments:scheme_edit", kwargs={"pk": scoring.scheme.pk}) not in body
    assert reverse("assessments:assign_raters", kwargs={"pk": scoring.scheme.pk}) in body


def test_detail_is_read_only_for_the_committee(scoring, as_persona):
    body = _text(as_persona("committee").get(reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk})))
    assert "方案设置" in body
    assert "修改方案" not in body and "开始评分</button>" not in body and "评分关系</a>" not in body


def test_detail_links_versions_and_marks_the_old_one(world, scoring, as_persona):
    _score(scoring, world)
    new = scheme_update(scheme=scoring.scheme, bonus_cap="4", reason="提高加分上限")
    old_page = _text(as_persona("admin").get(reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk})))
    assert "已被新版本取代" in old_page and reverse("assessments:scheme_detail", kwargs={"pk": new.pk}) in old_page
    assert reverse("assessments:scheme_edit", kwargs={"pk": scoring.scheme.pk}) not in old_page
    new_page = _text(as_persona("admin").get(reverse("assessments:scheme_detail", kwargs={"pk": new.pk})))
    assert "生成新版本" in new_page and "提高加分上限" in new_page
    assert "年度加分上限</span>:<del>3</del> → 4" in new_page and "版本</span>:<del>1</del> → 2" in new_page


def test_detail_of_another_organization_is_missing(scoring, hr_all):
    other = scheme_create(organization=hr_all.other_org, year=2025, template="four_part")
    stranger = UserFactory(username="stranger")
    role_assign(
        user=stranger,
        role=RoleAssignment.Role.COMMITTEE,
        organization=OrganizationFactory(code="third", name="第三局"),
    )
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("assessments:scheme_detail", kwargs={"pk": other.pk})).status_code == 404


# --- periods --------------------------------------------------------------------------------------------------------


def test_organization_wide_hr_opens_and_closes_periods(scoring, hr_all):
    q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
    detail = reverse("assessments:scheme_detail", kwargs={"pk": scoring.scheme.pk})
    response = hr_all.post(reverse("assessments:period_open", kwargs={"pk": q2.pk}))
    assert response.status_code == 302 and response["Location"] == detail
    q2.refresh_from_db()
    assert q2.status == Period.Status.OPEN
    hr_all.post(reverse("assessments:period_close", kwargs={"pk": scoring.q1.pk}))
    scoring.q1.refresh_from_db()
    assert scoring.q1.status == Period.Status.CLOSED
    body = _text(hr_all.get(detail))
    assert "已结束" in body and "结束评分" in body
    assert AuditLog.objects.filter(action="assessments.period.close", actor=hr_all.user).count() == 1


def test_opening_an_open_period_is_refused_with_the_reason(scoring, hr_all):
    response = hr_all.post(reverse("assessments:period_open", kwargs={"pk": scoring.q1.pk}), follow=True)
    assert "2025年第一季度已在评分中。" in _text(response)
    assert not AuditLog.objects.filter(action="assessments.period.open", actor=hr_all.user).exists()


@pytest.mark.parametrize("persona", ["hr", "hr_other", "committee"])
def test_subtree_hr_and_committee_cannot_open_or_close_periods(scoring, as_persona, persona):
    q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
    client = as_persona(persona)
    assert client.post(reverse("assessments:period_open", kwargs={"pk": q2.pk})).status_code == 403
    assert client.post(reverse("assessments:period_close", kwargs={"pk": scoring.q1.pk})).status_code == 403
    q2.refresh_from_db()
    scoring.q1.refresh_from_db()
    assert (q2.status, scoring.q1.status) == (Period.Status.PENDING, Period.Status.OPEN)


def test_periods_are_post_only(scoring, hr_all):
    assert hr_all.get(reverse("assessments:period_open", kwargs={"pk": scoring.q1.pk})).status_code == 405


def test_a_period_of_an_invisible_scheme_is_missing(scoring, hr_all):
    other = scheme_create(organization=OrganizationFactory(code="x9", name="外局"), year=2025, template="four_part")
    period = other.periods.get(kind=Period.Kind.Q1)
    assert hr_all.post(reverse("assessments:period_open", kwargs={"pk": period.pk})).status_code == 404
    period.refresh_from_db()
    assert period.status == Period.Status.PENDING
