"""The rater-assignment API: HR assigns raters to the cadres in their scope, in bulk; staff read within scope."""

import pytest

from assessments.models import RaterAssignment
from assessments.services import score_save
from common.models import AuditLog
from tests.assessments.test_api_support import BASE, persona_clients, queries_of, refused
from tests.factories import CadreFactory, UserFactory

URL = f"{BASE}/assignments/"


@pytest.fixture
def api(world):
    return persona_clients(world)


def _new_rater(world, name="赵六", no="R002"):
    return CadreFactory(
        unit=world.root, organization=world.org, name=name, employee_no=no, user=UserFactory(username=no.lower())
    )


class TestList:
    def test_each_sees_the_ratees_of_their_scope(self, scoring, api):
        hr = api("hr").get(URL).json()
        assert hr["count"] == 4
        # 王五 works outside the subtree of HR 甲: a pseudonym, no id or number (tests/assessments/test_rater_privacy.py)
        assert {(r["rater_name"], r["rater"], r["rater_employee_no"], r["ratee_name"]) for r in hr["results"]} == {
            ("评议人 A", None, None, "张三")
        }
        hr_other = api("hr_other").get(URL).json()
        assert {r["ratee_employee_no"] for r in hr_other["results"]} == {"B001"}
        assert api("committee").get(URL).json()["count"] == 8
        for persona in ["rater", "cadre", "norole"]:
            refused(api(persona).get(URL), 403)

    def test_filters(self, scoring, api, world):
        component = scoring.components["annual_objectives"]
        data = api("committee").get(URL, {"component": component.pk, "ratee": world.other_cadre.pk}).json()
        assert [(r["component_name"], r["ratee_name"]) for r in data["results"]] == [("年度主要目标任务", "李四")]

    def test_an_assignment_outside_scope_is_not_found(self, scoring, api, world):
        theirs = RaterAssignment.objects.filter(ratee=world.other_cadre).first()
        refused(api("hr").get(f"{URL}{theirs.pk}/"), 404)
        assert api("hr_other").get(f"{URL}{theirs.pk}/").json()["ratee_name"] == "李四"

    def test_the_list_costs_the_same_queries_whatever_the_number_of_rows(self, scoring, api, world):
        one, _ = queries_of(api("hr"), URL)
        raters = [_new_rater(world, f"评委{i}", f"R1{i:02d}") for i in range(5)]
        response = api("hr").post(
            URL,
            {
                "scheme": scoring.scheme.pk,
                "components": [c.pk for c in scoring.components.values()],
                "raters": [r.pk for r in raters],
                "ratees": [world.cadre.pk],
            },
            format="json",
        )
        assert response.json() == {"created": 20}
        many, data = queries_of(api("hr"), URL)
        assert data["count"] == 24
        assert one == many <= 10  # +1: which raters of the page HR may see (rater_privacy)


class TestBulkCreate:
    def test_hr_assigns_every_rater_to_every_ratee_and_component(self, scoring, api, world):
        rater = _new_rater(world)
        components = [scoring.components["quarterly_review"], scoring.components["onsite_review"]]
        body = {
            "scheme": scoring.scheme.pk,
            "components": [c.pk for c in components],
            "raters": [rater.pk, scoring.rater.pk],
            "ratees": [world.cadre.pk],
        }
        audited = AuditLog.objects.filter(action="assessments.assignment.create").count()
        response = api("hr").post(URL, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json() == {"created": 2}  # 王五's two were there already
        assert RaterAssignment.objects.filter(rater=rater, ratee=world.cadre).count() == 2
        assert AuditLog.objects.filter(action="assessments.assignment.create").count() == audited + 2
        # Repeating it creates nothing.
        assert api("hr").post(URL, body, format="json").json() == {"created": 0}

    def test_a_ratee_outside_scope_is_refused_like_a_missing_one(self, scoring, api, world):
        rater = _new_rater(world)
        body = refused(
            api("hr").post(
                URL,
                {
                    "scheme": scoring.scheme.pk,
                    "components": [scoring.components["quarterly_review"].pk],
                    "raters": [rater.pk],
                    "ratees": [world.cadre.pk, world.other_cadre.pk],
                },
                format="json",
            ),
            400,
        )
        assert list(body["errors"]) == ["ratees"] and "不存在" in body["errors"]["ratees"][0]
        assert not RaterAssignment.objects.filter(rater=rater).exists()

    def test_empty_and_missing_fields_are_named(self, scoring, api):
        body = refused(api("hr").post(URL, {"scheme": scoring.scheme.pk, "raters": []}, format="json"), 400)
        assert set(body["errors"]) == {"components", "raters", "ratees"}

    def test_a_rater_without_a_login_is_refused(self, scoring, api, world):
        no_login = CadreFactory(unit=world.root, organization=world.org, name="孙七", employee_no="R009")
        body = refused(
            api("hr").post(
                URL,
                {
                    "scheme": scoring.scheme.pk,
                    "components": [scoring.components["quarterly_review"].pk],
                    "raters": [no_login.pk],
                    "ratees": [world.cadre.pk],
                },
                format="json",
            ),
            400,
        )
        assert body["errors"] == {"raters": ["评分人须有登录账号。"]}
        assert not RaterAssignment.objects.filter(rater=no_login).exists()

    def test_committee_and_others_may_not_assign(self, scoring, api, world):
        rater = _new_rater(world)
        body = {
            "scheme": scoring.scheme.pk,
            "components": [scoring.components["quarterly_review"].pk],
            "raters": [rater.pk],
            "ratees": [world.cadre.pk],
        }
        for persona in ["committee", "rater", "cadre", "norole"]:
            refused(api(persona).post(URL, body, format="json"), 403)
        assert not RaterAssignment.objects.filter(rater=rater).exists()


class TestDelete:
    def test_hr_removes_an_assignment_without_scores(self, scoring, api, world):
        assignment = RaterAssignment.objects.filter(ratee=world.cadre).first()
        response = api("hr").delete(f"{URL}{assignment.pk}/?reason=调整评分人")
        assert response.status_code == 204
        assert not RaterAssignment.objects.filter(pk=assignment.pk).exists()
        assert AuditLog.objects.get(action="assessments.assignment.delete").reason == "调整评分人"

    def test_refusals_change_nothing(self, scoring, api, world):
        theirs = RaterAssignment.objects.filter(ratee=world.other_cadre).first()
        refused(api("hr").delete(f"{URL}{theirs.pk}/"), 404)
        ours = RaterAssignment.objects.get(component=scoring.components["onsite_review"], ratee=world.cadre)
        for persona in ["committee", "rater", "cadre"]:
            refused(api(persona).delete(f"{URL}{ours.pk}/"), 403)
        score_save(
            period=scoring.q1,
            component=scoring.components["quarterly_review"],
            rater=scoring.rater,
            ratee=world.cadre,
            value="90",
            expected_revision=0,
        )
        scored = RaterAssignment.objects.get(component=scoring.components["quarterly_review"], ratee=world.cadre)
        body = refused(api("hr").delete(f"{URL}{scored.pk}/"), 400)
        assert "已对张三评分" in body["message"]
        refused(api("hr").delete(f"{URL}not-a-number/"), 404)
        assert RaterAssignment.objects.filter(pk__in=[theirs.pk, ours.pk, scored.pk]).count() == 3
        assert not AuditLog.objects.filter(action="assessments.assignment.delete").exists()
