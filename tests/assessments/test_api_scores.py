"""The scores API: a rater's own cells with optimistic concurrency (409 on a stale revision), HR's corrections with
a reason, staff reading within scope, and a cadre's own aggregated scores without any rater identity."""

from decimal import Decimal

import pytest
from rest_framework.test import APIRequestFactory

from assessments.models import Period, RaterAssignment, Score
from assessments.services import ScoreConflict, period_close, rater_assign_bulk, score_save
from common.api import exception_handler
from common.audit import audit_log_for
from common.errors import ApplicationError
from tests.assessments.test_api_support import BASE, client_of, persona_clients, queries_of, refused
from tests.factories import CadreFactory, UserFactory

SCORES = f"{BASE}/scores/"
MINE = f"{BASE}/scores/mine/"
ME = f"{BASE}/me/scores/"


@pytest.fixture
def api(world):
    return persona_clients(world)


@pytest.fixture
def rater_api(scoring):
    return client_of(scoring.rater_user)


def _cell(scoring, world, **overrides):
    body = {
        "period": scoring.q1.pk,
        "component": scoring.components["quarterly_review"].pk,
        "ratee": world.cadre.pk,
        "value": "90",
        "expected_revision": 0,
    }
    body.update(overrides)
    return body


def _second_rater(world, scoring, ratees, no="R002", name="赵六"):
    cadre = CadreFactory(
        unit=world.root, organization=world.org, name=name, employee_no=no, user=UserFactory(username=no.lower())
    )
    rater_assign_bulk(
        scheme=scoring.scheme, components=[scoring.components["quarterly_review"]], raters=[cadre], ratees=ratees
    )
    return cadre


class TestRaterSaves:
    def test_a_rater_creates_then_changes_their_own_score(self, scoring, world, rater_api):
        response = rater_api.post(SCORES, _cell(scoring, world, note="述职充分"), format="json")
        assert response.status_code == 201, response.content
        data = response.json()
        assert (data["value"], data["revision"], data["created"], data["note"]) == ("90.00", 1, True, "述职充分")
        assert data["rater_name"] == "王五" and data["ratee_name"] == "张三"

        response = rater_api.post(SCORES, _cell(scoring, world, value="92.5", expected_revision=1), format="json")
        assert response.status_code == 200
        assert (response.json()["value"], response.json()["revision"]) == ("92.50", 2)
        score = Score.objects.get()
        assert score.value == Decimal("92.50") and score.entered_by == scoring.rater_user
        assert [log.action for log in audit_log_for(score)] == ["assessments.score.change", "assessments.score.create"]

    def test_saving_the_same_value_again_changes_nothing(self, scoring, world, rater_api):
        rater_api.post(SCORES, _cell(scoring, world), format="json")
        response = rater_api.post(SCORES, _cell(scoring, world, expected_revision=1), format="json")
        assert response.status_code == 200
        assert response.json()["changed"] is False and response.json()["revision"] == 1

    def test_a_stale_revision_is_a_409_with_the_current_value_and_nothing_is_lost(self, scoring, world, rater_api):
        rater_api.post(SCORES, _cell(scoring, world), format="json")
        # Someone else (the same rater in another tab) saves first.
        rater_api.post(SCORES, _cell(scoring, world, value="95", expected_revision=1), format="json")

        response = rater_api.post(SCORES, _cell(scoring, world, value="70", expected_revision=1), format="json")

        assert response.status_code == 409
        body = response.json()
        assert body["extra"] == {"current_value": "95.00", "current_revision": 2}
        assert "95.00" in body["message"] and body["errors"]["value"] == [body["message"]]
        score = Score.objects.get()
        assert (score.value, score.revision) == (Decimal("95.00"), 2)

    def test_two_first_saves_of_one_cell_the_second_is_told(self, scoring, world, rater_api):
        assert rater_api.post(SCORES, _cell(scoring, world, value="80"), format="json").status_code == 201
        response = rater_api.post(SCORES, _cell(scoring, world, value="60"), format="json")
        assert response.status_code == 409
        assert response.json()["extra"] == {"current_value": "80.00", "current_revision": 1}
        assert Score.objects.get().value == Decimal("80.00")

    @pytest.mark.parametrize(
        ("value", "reason"),
        [("abc", "不是数字"), ("101", "超出范围"), ("88.123", "两位小数"), ("", "不能为空")],
    )
    def test_bad_values_are_refused_on_the_value_field(self, scoring, world, rater_api, value, reason):
        body = refused(rater_api.post(SCORES, _cell(scoring, world, value=value), format="json"), 400)
        assert list(body["errors"]) == ["value"] and reason in body["errors"]["value"][0]
        assert not Score.objects.exists()

    def test_missing_and_unknown_references_are_named(self, scoring, world, rater_api):
        body = refused(rater_api.post(SCORES, {"value": "90"}, format="json"), 400)
        assert set(body["errors"]) == {"period", "component", "ratee", "expected_revision"}
        stranger = CadreFactory(unit=world.unit_a1, organization=world.org, name="陌生人", employee_no="A099")
        body = refused(rater_api.post(SCORES, _cell(scoring, world, ratee=stranger.pk), format="json"), 400)
        assert list(body["errors"]) == ["ratee"]
        assert not Score.objects.exists()

    def test_a_closed_period_is_refused_to_the_rater(self, scoring, world, rater_api):
        period_close(period=scoring.q1)
        body = refused(rater_api.post(SCORES, _cell(scoring, world), format="json"), 400)
        assert "评分已结束" in body["message"]
        assert not Score.objects.exists()

    def test_a_rater_may_not_save_for_another_rater(self, scoring, world, rater_api):
        other = _second_rater(world, scoring, [world.cadre])
        refused(rater_api.post(SCORES, _cell(scoring, world, rater=other.pk), format="json"), 403)
        # Naming oneself is the same as leaving the rater out.
        response = rater_api.post(SCORES, _cell(scoring, world, rater=scoring.rater.pk), format="json")
        assert response.status_code == 201
        assert Score.objects.get().rater == scoring.rater

    def test_without_a_cadre_or_a_scoring_role_nothing_is_saved(self, scoring, world, api):
        refused(api("rater").post(SCORES, _cell(scoring, world), format="json"), 403)
        for persona in ["committee", "cadre", "norole"]:
            refused(api(persona).post(SCORES, _cell(scoring, world), format="json"), 403)
        assert not Score.objects.exists()


@pytest.mark.usefixtures("full_rater_view")  # 王五 is otherwise hidden from subtree HR, and with him his scores
class TestHRCorrects:
    @pytest.fixture
    def saved(self, scoring, world):
        result = score_save(
            period=scoring.q1,
            component=scoring.components["quarterly_review"],
            rater=scoring.rater,
            ratee=world.cadre,
            value="90",
            expected_revision=0,
            actor=scoring.rater_user,
        )
        period_close(period=scoring.q1)
        return result.score

    def test_hr_corrects_a_closed_period_with_a_reason(self, scoring, world, api, saved):
        body = _cell(scoring, world, rater=scoring.rater.pk, value="85", expected_revision=1, reason="评分人笔误")
        response = api("hr").post(SCORES, body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["value"] == "85.00"
        log = audit_log_for(saved).first()
        assert (log.action, log.reason, log.actor) == (
            "assessments.score.change_closed",
            "评分人笔误",
            world.users["hr"],
        )

    def test_a_correction_needs_a_reason(self, scoring, world, api, saved):
        body = _cell(scoring, world, rater=scoring.rater.pk, value="85", expected_revision=1)
        assert refused(api("hr").post(SCORES, body, format="json"), 400)["errors"] == {
            "reason": ["更正他人的评分须填写原因。"]
        }
        saved.refresh_from_db()
        assert saved.value == Decimal("90.00")

    def test_a_ratee_outside_the_hr_scope_cannot_be_corrected(self, scoring, world, api, saved):
        theirs = score_save(
            period=scoring.q1,
            component=scoring.components["quarterly_review"],
            rater=scoring.rater,
            ratee=world.other_cadre,
            value="70",
            expected_revision=0,
            by_hr=True,
            reason="补录",
        ).score
        body = _cell(
            scoring, world, ratee=world.other_cadre.pk, rater=scoring.rater.pk, value="99", expected_revision=1
        )
        body["reason"] = "试图越权"
        assert list(refused(api("hr").post(SCORES, body, format="json"), 400)["errors"]) == ["ratee"]
        refused(api("committee").post(SCORES, body, format="json"), 403)
        theirs.refresh_from_db()
        assert theirs.value == Decimal("70.00") and theirs.revision == 1


class TestStaffRead:
    def test_each_sees_the_scores_of_their_scope_with_the_rater(self, scoring, world, api):
        for ratee, value in [(world.cadre, "90"), (world.other_cadre, "80")]:
            score_save(
                period=scoring.q1,
                component=scoring.components["quarterly_review"],
                rater=scoring.rater,
                ratee=ratee,
                value=value,
                expected_revision=0,
            )
        hr = api("hr").get(SCORES).json()["results"]
        # 王五 works outside the subtree of HR 甲 (tests/assessments/test_rater_privacy.py)
        assert [(s["ratee_name"], s["rater_name"], s["value"]) for s in hr] == [("张三", "评议人 A", None)]
        hr_other = api("hr_other").get(SCORES).json()["results"]
        assert [s["ratee_employee_no"] for s in hr_other] == ["B001"]
        committee = api("committee").get(SCORES, {"ratee": world.other_cadre.pk}).json()["results"]
        assert [(s["rater_name"], s["value"]) for s in committee] == [("王五", "80.00")]
        refused(api("hr").get(f"{SCORES}{Score.objects.get(ratee=world.other_cadre).pk}/"), 404)
        for persona in ["rater", "cadre", "norole"]:
            refused(api(persona).get(SCORES), 403)

    def test_the_list_costs_the_same_queries_whatever_the_number_of_rows(self, scoring, world, api):
        def save_all():
            for a in RaterAssignment.objects.filter(component=scoring.components["quarterly_review"]):
                if not Score.objects.filter(rater=a.rater, ratee=a.ratee, period=scoring.q1).exists():
                    score_save(
                        period=scoring.q1,
                        component=a.component,
                        rater=a.rater,
                        ratee=a.ratee,
                        value="75",
                        expected_revision=0,
                    )

        save_all()
        one, _ = queries_of(api("committee"), SCORES)
        ratees = [CadreFactory(unit=world.unit_a1, organization=world.org) for _ in range(6)]
        _second_rater(world, scoring, [world.cadre, *ratees])
        rater_assign_bulk(
            scheme=scoring.scheme,
            components=[scoring.components["quarterly_review"]],
            raters=[scoring.rater],
            ratees=ratees,
        )
        save_all()
        many, data = queries_of(api("committee"), SCORES)
        assert data["count"] == 15
        assert one == many <= 10  # +1: the read is recorded (common.read_audit)


class TestMine:
    def test_the_rater_sees_their_open_cells_scored_or_not(self, scoring, world, rater_api):
        rater_api.post(SCORES, _cell(scoring, world, value="88"), format="json")
        cells = rater_api.get(MINE).json()["results"]
        # In Q1 only the quarterly component is scored.
        assert [(c["ratee_name"], c["component_name"], c["value"], c["revision"]) for c in cells] == [
            ("张三", "季度述职评议", "88.00", 1),
            ("李四", "季度述职评议", None, 0),
        ]
        assert cells[0]["period_kind"] == "Q1" and cells[0]["max_score"] == "100.00"

    def test_only_open_periods_and_a_period_filter(self, scoring, world, rater_api, api):
        q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
        refused(rater_api.get(MINE, {"period": q2.pk}), 400)  # not open: not one of the rater's periods
        assert rater_api.get(MINE, {"period": scoring.q1.pk}).json()["count"] == 2
        period_close(period=scoring.q1)
        assert rater_api.get(MINE).json()["count"] == 0

    def test_the_rater_role_without_a_cadre_sees_nothing_and_others_are_refused(self, scoring, api):
        assert api("rater").get(MINE).json()["count"] == 0
        for persona in ["hr", "committee", "cadre", "norole"]:
            refused(api(persona).get(MINE), 403)

    def test_the_list_costs_the_same_queries_whatever_the_number_of_cells(self, scoring, world, rater_api):
        queries_of(rater_api, MINE)  # the session is written on the first request (then once a minute at most)
        one, _ = queries_of(rater_api, MINE)
        ratees = [CadreFactory(unit=world.unit_b, organization=world.org) for _ in range(8)]
        rater_assign_bulk(
            scheme=scoring.scheme, components=list(scoring.components.values()), raters=[scoring.rater], ratees=ratees
        )
        many, data = queries_of(rater_api, MINE)
        assert data["count"] == 10
        assert one == many <= 8


class TestMySummary:
    def test_a_cadre_sees_aggregates_and_never_who_rated(self, scoring, world, api):
        other = _second_rater(world, scoring, [world.cadre, world.other_cadre])
        for rater, ratee, value in [
            (scoring.rater, world.cadre, "90"),
            (other, world.cadre, "81"),
            (scoring.rater, world.other_cadre, "60"),
        ]:
            score_save(
                period=scoring.q1,
                component=scoring.components["quarterly_review"],
                rater=rater,
                ratee=ratee,
                value=value,
                expected_revision=0,
            )

        response = api("cadre").get(ME)

        assert response.status_code == 200
        data = response.json()
        assert data["year"] == 2025 and data["scheme"]["name"] == "中层负责人年度绩效考核方案"
        quarterly = data["components"][0]
        assert (quarterly["name"], quarterly["mean"]) == ("季度述职评议", "85.50")
        assert quarterly["periods"][0] == {
            "period": scoring.q1.pk,
            "kind": "Q1",
            "kind_label": "第一季度",
            "status": "open",
            "score": "85.50",
            "rater_count": 2,
        }
        assert [p["score"] for p in quarterly["periods"][1:]] == [None, None, None]
        text = response.content.decode()
        for identity in ["王五", "赵六", "R001", "R002", "pingyi", "r002", "李四"]:
            assert identity not in text
        assert {key for key in _keys(data) if "rater" in key} == {"rater_count"}

    def test_another_year_without_a_scheme_is_empty(self, scoring, api):
        assert api("cadre").get(ME, {"year": 2024}).json() == {"year": 2024, "scheme": None, "components": []}
        assert list(refused(api("cadre").get(ME, {"year": "去年"}), 400)["errors"]) == ["year"]

    def test_only_cadres_may_ask(self, scoring, api):
        for persona in ["hr", "committee", "rater", "norole"]:
            refused(api(persona).get(ME), 403)

    def test_the_summary_costs_the_same_queries_whatever_the_number_of_scores(self, scoring, world, api):
        one, _ = queries_of(api("cadre"), ME)
        for i in range(5):
            _second_rater(world, scoring, [world.cadre], no=f"R2{i:02d}", name=f"评委{i}")
        for a in RaterAssignment.objects.filter(ratee=world.cadre, component=scoring.components["quarterly_review"]):
            score_save(
                period=scoring.q1, component=a.component, rater=a.rater, ratee=a.ratee, value="80", expected_revision=0
            )
        many, data = queries_of(api("cadre"), ME)
        assert data["components"][0]["periods"][0]["rater_count"] == 6
        assert one == many <= 11


def _keys(value) -> set:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


class TestConflictHandler:
    def test_a_conflict_is_409_with_typed_extra_and_other_domain_errors_stay_400(self, scoring, world):
        score = score_save(
            period=scoring.q1,
            component=scoring.components["quarterly_review"],
            rater=scoring.rater,
            ratee=world.cadre,
            value="77",
            expected_revision=0,
        ).score
        request = APIRequestFactory().post("/")
        response = exception_handler(ScoreConflict(score), {"request": request})
        assert response.status_code == 409
        assert response.data["extra"] == {"current_value": "77.00", "current_revision": 1}
        assert set(response.data) == {"message", "errors", "extra"}
        plain = exception_handler(ApplicationError("有误。", field_errors={"x": ["有误。"]}), {"request": request})
        assert plain.status_code == 400 and plain.data == {"message": "有误。", "errors": {"x": ["有误。"]}}


def test_the_endpoints_and_the_conflict_are_documented(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in ["schemes/{id}/", "periods/{id}/open/", "assignments/", "scores/", "scores/mine/", "me/scores/"]:
        assert f"  /api/assessments/{path}:" in text
    for path in ["points/{id}/approve/", "vetoes/{id}/reject/", "point-items/", "veto-items/"]:
        assert f"  /api/assessments/{path}:" in text
    assert "ScoreConflict" in text and "'409':" in text
