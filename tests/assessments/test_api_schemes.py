"""The schemes and periods API: staff read, only the admin and organization-wide HR set up."""

import datetime

import pytest

from assessments.models import Period, Scheme, Score
from assessments.services import scheme_create, score_save
from common.audit import audit_log_for
from org.models import RoleAssignment
from org.services import role_assign
from tests.assessments.test_api_support import BASE, client_of, make_hr_all, persona_clients, queries_of, refused
from tests.factories import OrganizationFactory, UnitFactory, UserFactory

SCHEMES = f"{BASE}/schemes/"
PERIODS = f"{BASE}/periods/"


@pytest.fixture
def api(world):
    return persona_clients(world)


@pytest.fixture
def hr_all(world):
    return make_hr_all(world)


def _five_components():
    return [
        {"code": "a", "name": "单位考绩", "weight": "40", "frequency": "yearly"},
        {"code": "b", "name": "区级领导考评", "weight": "60", "frequency": "quarterly", "aggregation": "trimmed"},
    ]


class TestRead:
    def test_staff_see_the_scheme_with_components_and_periods(self, scoring, api):
        for persona in ["admin", "hr", "hr_other", "committee"]:
            data = api(persona).get(SCHEMES).json()
            assert data["count"] == 1, persona
        scheme = api("hr").get(f"{SCHEMES}{scoring.scheme.pk}/").json()
        assert scheme["year"] == 2025 and scheme["version"] == 1 and scheme["status"] == "current"
        assert [c["name"] for c in scheme["components"]] == [
            "季度述职评议",
            "半年工作点评",
            "年度主要目标任务",
            "现场观摩点评",
        ]
        assert [p["kind"] for p in scheme["periods"]] == ["Q1", "H1", "Y", "Q2", "Q3", "H2", "Q4"]
        assert scheme["bottom_ratio"] == "0.100" and scheme["organization_name"] == "测试局"

    def test_a_scheme_of_another_organization_is_not_found(self, scoring, world):
        other_org = OrganizationFactory(code="other", name="别的局")
        UnitFactory(organization=other_org, name="别的局机关")
        theirs = UserFactory(username="hr_elsewhere")
        role_assign(user=theirs, role=RoleAssignment.Role.HR, organization=other_org)
        client = client_of(theirs)
        assert client.get(SCHEMES).json()["count"] == 0
        refused(client.get(f"{SCHEMES}{scoring.scheme.pk}/"), 404)
        refused(client.patch(f"{SCHEMES}{scoring.scheme.pk}/", {"bonus_cap": "4"}, format="json"), 404)
        scoring.scheme.refresh_from_db()
        assert str(scoring.scheme.bonus_cap) == "3.00"

    def test_others_are_refused(self, scoring, api):
        for persona in ["rater", "cadre", "norole"]:
            refused(api(persona).get(SCHEMES), 403)

    def test_the_list_costs_the_same_queries_whatever_the_number_of_schemes(self, scoring, api, world):
        one, _ = queries_of(api("admin"), SCHEMES)
        for year in [2022, 2023, 2024]:
            scheme_create(organization=world.org, year=year, template=Scheme.Template.FIVE_IN_ONE)
        many, data = queries_of(api("admin"), SCHEMES)
        assert data["count"] == 4
        assert one == many <= 11


class TestCreate:
    def test_organization_wide_hr_creates_from_a_template(self, world, api, hr_all):
        response = api(hr_all).post(
            SCHEMES,
            {"organization": world.org.pk, "year": 2026, "template": "five_in_one", "effective_date": "2026-01-01"},
            format="json",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert [c["code"] for c in data["components"]][:2] == ["unit_performance", "district_leaders"]
        assert data["name"] == "科级领导干部全程积分考核方案"
        assert audit_log_for(Scheme.objects.get(pk=data["id"])).filter(action="assessments.scheme.create").exists()

    def test_custom_components_and_settings(self, world, api):
        response = api("admin").post(
            SCHEMES,
            {
                "organization": world.org.pk,
                "year": 2026,
                "template": "custom",
                "name": "试点方案",
                "bonus_cap": "5",
                "components": _five_components(),
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["bonus_cap"] == "5.00" and data["name"] == "试点方案"
        assert [c["aggregation"] for c in data["components"]] == ["mean", "trimmed"]
        assert sorted(p["kind"] for p in data["periods"]) == ["Q1", "Q2", "Q3", "Q4", "Y"]

    def test_subtree_hr_and_committee_are_refused_and_nothing_is_created(self, world, api):
        body = {"organization": world.org.pk, "year": 2026, "template": "four_part"}
        for persona in ["hr", "committee", "cadre", "rater"]:
            refused(api(persona).post(SCHEMES, body, format="json"), 403)
        assert not Scheme.objects.filter(year=2026).exists()

    def test_errors_are_given_field_by_field(self, world, api, scoring):
        client = api("admin")
        body = refused(
            client.post(
                SCHEMES,
                {
                    "organization": world.org.pk,
                    "year": 2026,
                    "template": "custom",
                    "components": [{"code": "a", "name": "甲", "weight": "多"}, {"code": "b", "name": "乙"}],
                },
                format="json",
            ),
            400,
        )
        assert set(body["errors"]) == {"components-0-weight", "components-1-weight"}
        body = refused(
            client.post(
                SCHEMES,
                {
                    "organization": world.org.pk,
                    "year": 2026,
                    "template": "custom",
                    "components": _five_components()[:1],
                },
                format="json",
            ),
            400,
        )
        assert "权重之和应为 100" in body["errors"]["components"][0]
        body = refused(
            client.post(SCHEMES, {"organization": world.org.pk, "year": 2025, "template": "four_part"}, format="json"),
            400,
        )
        assert body["errors"] == {"year": ["该年度已有方案。"]}
        body = refused(
            client.post(
                SCHEMES,
                {"organization": world.org.pk, "year": 2026, "template": "four_part", "excellent_quota": "0.25"},
                format="json",
            ),
            400,
        )
        assert list(body["errors"]) == ["excellent_quota_approval"]
        body = refused(client.post(SCHEMES, {"year": "明年", "template": "x"}, format="json"), 400)
        assert set(body["errors"]) == {"organization", "year", "template"}
        assert Scheme.objects.filter(organization=world.org).count() == 1


class TestUpdate:
    def test_without_scores_the_scheme_changes_in_place(self, scoring, api, hr_all):
        response = api(hr_all).patch(
            f"{SCHEMES}{scoring.scheme.pk}/", {"bonus_cap": "4", "reason": "党组会议决定"}, format="json"
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["id"] == scoring.scheme.pk and data["new_version"] is False
        assert data["bonus_cap"] == "4.00" and data["scores_not_carried_over"] == 0
        assert audit_log_for(scoring.scheme).get(action="assessments.scheme.update").reason == "党组会议决定"

    def test_with_scores_a_new_version_is_made(self, scoring, api, world):
        for ratee in [world.cadre, world.other_cadre]:
            score_save(
                period=scoring.q1,
                component=scoring.components["quarterly_review"],
                rater=scoring.rater,
                ratee=ratee,
                value="90",
                expected_revision=0,
            )
        components = [
            {"code": c.code, "name": c.name, "weight": str(c.weight), "frequency": c.frequency}
            for c in scoring.scheme.components.order_by("sort_order")
        ]
        components[0]["max_score"] = "80"  # the 90s no longer fit
        response = api("admin").patch(
            f"{SCHEMES}{scoring.scheme.pk}/", {"components": components, "reason": "满分调整"}, format="json"
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["new_version"] is True and data["version"] == 2 and data["id"] != scoring.scheme.pk
        assert data["scores_not_carried_over"] == 2
        scoring.scheme.refresh_from_db()
        assert scoring.scheme.status == Scheme.Status.SUPERSEDED
        assert Score.objects.filter(scheme=scoring.scheme).count() == 2
        # The old version stays readable, and refuses edits.
        old = api("hr").get(f"{SCHEMES}{scoring.scheme.pk}/").json()
        assert old["status"] == "superseded"
        body = refused(api("admin").patch(f"{SCHEMES}{scoring.scheme.pk}/", {"bonus_cap": "4"}, format="json"), 400)
        assert "旧版本" in body["message"]

    def test_subtree_hr_and_committee_may_not_edit(self, scoring, api):
        url = f"{SCHEMES}{scoring.scheme.pk}/"
        for persona in ["hr", "hr_other", "committee", "cadre"]:
            refused(api(persona).patch(url, {"bonus_cap": "9"}, format="json"), 403)
        scoring.scheme.refresh_from_db()
        assert str(scoring.scheme.bonus_cap) == "3.00"
        assert not audit_log_for(scoring.scheme).filter(action="assessments.scheme.update").exists()

    def test_bad_settings_are_refused_field_by_field(self, scoring, api):
        url = f"{SCHEMES}{scoring.scheme.pk}/"
        body = refused(api("admin").patch(url, {"bonus_cap": "多", "effective_date": "昨天"}, format="json"), 400)
        assert set(body["errors"]) == {"bonus_cap", "effective_date"}
        body = refused(api("admin").patch(url, {"bottom_ratio": "1.5"}, format="json"), 400)
        assert body["errors"] == {"bottom_ratio": ["比例应在 0 到 1 之间(如 0.1 表示 10%)。"]}
        body = refused(api("admin").patch(url, {"incompetent_below": "80"}, format="json"), 400)
        assert list(body["errors"]) == ["incompetent_below"]
        scoring.scheme.refresh_from_db()
        assert scoring.scheme.incompetent_below == 60

    def test_put_and_delete_are_not_offered(self, scoring, api):
        url = f"{SCHEMES}{scoring.scheme.pk}/"
        assert api("admin").put(url, {}, format="json").status_code == 405
        assert api("admin").delete(url).status_code == 405
        assert Scheme.objects.filter(pk=scoring.scheme.pk).exists()


class TestPeriods:
    def test_list_and_filters(self, scoring, api):
        data = api("committee").get(PERIODS, {"scheme": scoring.scheme.pk}).json()
        assert data["count"] == 7
        open_ = api("hr").get(PERIODS, {"status": "open"}).json()["results"]
        assert [(p["kind"], p["kind_label"], p["status_label"]) for p in open_] == [("Q1", "第一季度", "评分中")]
        refused(api("cadre").get(PERIODS), 403)

    def test_open_and_close(self, scoring, api, hr_all):
        q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
        response = api(hr_all).post(f"{PERIODS}{q2.pk}/open/")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "open" and response.json()["opened_at"]
        response = api("admin").post(f"{PERIODS}{scoring.q1.pk}/close/")
        assert response.json()["status"] == "closed"
        assert audit_log_for(scoring.q1).filter(action="assessments.period.close").exists()
        body = refused(api("admin").post(f"{PERIODS}{scoring.q1.pk}/close/"), 400)
        assert "不在评分中" in body["message"]

    def test_subtree_hr_and_committee_may_not_open_or_close(self, scoring, api):
        q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
        for persona in ["hr", "committee", "rater", "cadre"]:
            refused(api(persona).post(f"{PERIODS}{q2.pk}/open/"), 403)
            refused(api(persona).post(f"{PERIODS}{scoring.q1.pk}/close/"), 403)
        q2.refresh_from_db()
        scoring.q1.refresh_from_db()
        assert q2.status == Period.Status.PENDING and scoring.q1.status == Period.Status.OPEN

    def test_a_period_before_the_effective_date_is_not_opened(self, world, api):
        scheme = scheme_create(
            organization=world.org,
            year=2024,
            template=Scheme.Template.FOUR_PART,
            effective_date=datetime.date(2024, 7, 1),
        )
        q1 = scheme.periods.get(kind=Period.Kind.Q1)
        body = refused(api("admin").post(f"{PERIODS}{q1.pk}/open/"), 400)
        assert "施行日期" in body["message"]
        q1.refresh_from_db()
        assert q1.status == Period.Status.PENDING

    def test_the_list_costs_the_same_queries_whatever_the_number_of_periods(self, scoring, api, world):
        one, first = queries_of(api("hr"), PERIODS)
        scheme_create(organization=world.org, year=2024, template=Scheme.Template.FIVE_IN_ONE)
        many, data = queries_of(api("hr"), PERIODS)
        assert data["count"] > first["count"]
        assert one == many <= 9
