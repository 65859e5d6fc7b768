"""HR's score browsing (all raters' scores, within scope) and correction of a closed period's score with a reason."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Period, Score
from assessments.services import period_close, rater_assign_bulk, score_save
from common.models import AuditLog
from org.models import RoleAssignment
from org.services import role_assign
from tests.factories import CadreFactory

LIST_URL = reverse("assessments:score_list")


def _edit_url(score) -> str:
    return reverse("assessments:score_edit", kwargs={"pk": score.pk})


def _save(scoring, ratee, value, component="quarterly_review", period=None, revision=0):
    return score_save(
        period=period or scoring.q1,
        component=scoring.components[component],
        rater=scoring.rater,
        ratee=ratee,
        value=value,
        expected_revision=revision,
        actor=scoring.rater_user,
    ).score


@pytest.fixture
def scored(scoring, world):
    """张三 88 and 李四 77 in Q1, both by 王五."""
    return _save(scoring, world.cadre, "88"), _save(scoring, world.other_cadre, "77")


def _body(response) -> str:
    return response.content.decode()


class TestScoreList:
    def test_hr_sees_the_scores_of_cadres_in_scope_with_their_rater(self, scored, as_persona, full_rater_view):
        body = _body(as_persona("hr").get(LIST_URL))
        assert "张三" in body and "A001" in body and "88.00" in body
        assert "王五" in body and "R001" in body  # staff may see who rated
        assert "李四" not in body and "77.00" not in body

    def test_the_committee_sees_the_whole_organization_read_only(self, scoring, world, scored, as_persona):
        period_close(period=scoring.q1, actor=world.users["admin"])
        body = _body(as_persona("committee").get(LIST_URL))
        assert "张三" in body and "李四" in body
        assert "更正" not in body

    def test_filters_period_component_unit_and_search(self, scoring, world, scored, as_persona):
        admin = as_persona("admin")
        period_close(period=scoring.q1, actor=world.users["admin"])
        year = Period.objects.get(scheme=scoring.scheme, kind=Period.Kind.YEAR)
        year.status = Period.Status.OPEN  # opened directly: the period service is not under test here
        year.save()
        _save(scoring, world.cadre, "66", component="annual_objectives", period=year)
        everything = _body(admin.get(LIST_URL))
        assert "88.00" in everything and "77.00" in everything and "66.00" in everything
        assert "更正" in everything  # the closed period's scores can be corrected by the admin
        by_period = _body(admin.get(LIST_URL, {"period": year.pk}))
        assert "66.00" in by_period and "88.00" not in by_period
        by_component = _body(admin.get(LIST_URL, {"component": scoring.components["quarterly_review"].pk}))
        assert "88.00" in by_component and "77.00" in by_component and "66.00" not in by_component
        by_unit = _body(admin.get(LIST_URL, {"unit": world.unit_b.pk}))
        assert "77.00" in by_unit and "88.00" not in by_unit
        by_no = _body(admin.get(LIST_URL, {"q": "B001"}))
        assert "77.00" in by_no and "88.00" not in by_no
        by_rater = _body(admin.get(LIST_URL, {"q": "王五"}))
        assert "77.00" in by_rater and "88.00" in by_rater

    def test_a_unit_outside_scope_filters_nothing_in(self, scored, world, as_persona):
        body = _body(as_persona("hr").get(LIST_URL, {"unit": world.unit_b.pk}))
        assert "李四" not in body and "城关所" not in body

    def test_paginated_with_a_constant_number_of_queries(self, scoring, world, as_persona, django_assert_num_queries):
        client = as_persona("committee")
        client.get(LIST_URL)  # the session is written on the first request (then once a minute at most)
        with CaptureQueriesContext(connection) as small:
            client.get(LIST_URL)
        cadres = [CadreFactory(unit=world.unit_a1, organization=world.org, employee_no=f"P{i:03d}") for i in range(60)]
        rater_assign_bulk(
            scheme=scoring.scheme,
            components=[scoring.components["quarterly_review"]],
            raters=[scoring.rater],
            ratees=cadres,
        )
        for cadre in cadres:
            _save(scoring, cadre, "80")
        with django_assert_num_queries(len(small.captured_queries) + 1):  # + the page's row query (none when empty)
            first = _body(client.get(LIST_URL))
        assert first.count("80.00") == 50 and "1 / 2" in first
        second = _body(client.get(LIST_URL, {"page": 2}))
        assert second.count("80.00") == 10

    def test_other_roles_are_refused(self, scored, as_persona):
        for persona in ("rater", "cadre", "norole"):
            assert as_persona(persona).get(LIST_URL).status_code == 403


@pytest.mark.usefixtures("full_rater_view")  # 王五 is otherwise hidden from subtree HR, and with him his scores
class TestScoreCorrection:
    def test_hr_corrects_a_closed_periods_score_with_a_reason_and_the_history_shows_it(
        self, scoring, world, scored, as_persona
    ):
        score = scored[0]
        period_close(period=scoring.q1, actor=world.users["admin"])
        hr = as_persona("hr")
        response = hr.post(_edit_url(score), {"value": "90.5", "reason": "评分人录入错误,经核实更正", "revision": 1})
        assert response.status_code == 302
        score.refresh_from_db()
        assert score.value == Decimal("90.50") and score.revision == 2 and score.entered_by == world.users["hr"]
        audit = AuditLog.objects.get(action="assessments.score.change_closed", subject_id=str(score.pk))
        assert audit.reason == "评分人录入错误,经核实更正" and audit.before["value"] == "88.00"
        body = _body(hr.get(_edit_url(score)))
        assert "变更记录" in body and "评分人录入错误,经核实更正" in body and "修改已结束期间的评分" in body
        assert "分数</span>:<del>88</del> → 90.5" in body and "修订号</span>:<del>1</del> → 2" in body

    def test_the_reason_is_mandatory_and_nothing_changes_without_it(self, scoring, world, scored, as_persona):
        score = scored[0]
        period_close(period=scoring.q1, actor=world.users["admin"])
        response = as_persona("hr").post(_edit_url(score), {"value": "60", "reason": " ", "revision": 1})
        assert response.status_code == 400
        assert "请填写修改原因" in _body(response)
        score.refresh_from_db()
        assert score.value == Decimal("88") and score.revision == 1

    def test_a_bad_value_is_shown_next_to_the_field(self, scoring, world, scored, as_persona):
        score = scored[0]
        period_close(period=scoring.q1, actor=world.users["admin"])
        response = as_persona("hr").post(_edit_url(score), {"value": "101", "reason": "更正", "revision": 1})
        assert response.status_code == 400 and "超出范围" in _body(response)
        assert Score.objects.get(pk=score.pk).value == Decimal("88")

    def test_a_stale_correction_is_a_conflict_and_keeps_what_was_typed(self, scoring, world, scored, as_persona):
        score = scored[0]
        period_close(period=scoring.q1, actor=world.users["admin"])
        hr = as_persona("hr")
        hr.post(_edit_url(score), {"value": "70", "reason": "第一次更正", "revision": 1})
        response = hr.post(_edit_url(score), {"value": "60", "reason": "第二次更正", "revision": 1})
        body = _body(response)
        assert response.status_code == 400
        assert "该评分已被他人修改为 70.00" in body
        assert 'value="60"' in body and 'name="revision" value="2"' in body
        assert Score.objects.get(pk=score.pk).value == Decimal("70")

    def test_an_open_periods_score_is_not_corrected_by_hr(self, scored, as_persona):
        score = scored[0]
        hr = as_persona("hr")
        body = _body(hr.get(_edit_url(score)))
        assert "正在评分中" in body and "保存更正" not in body
        hr.post(_edit_url(score), {"value": "10", "reason": "试图修改", "revision": 1})
        assert Score.objects.get(pk=score.pk).value == Decimal("88")

    def test_the_committee_reads_but_may_not_correct(self, scoring, world, scored, as_persona):
        score = scored[0]
        period_close(period=scoring.q1, actor=world.users["admin"])
        committee = as_persona("committee")
        body = _body(committee.get(_edit_url(score)))
        assert "88.00" in body and "保存更正" not in body
        response = committee.post(_edit_url(score), {"value": "10", "reason": "试图修改", "revision": 1})
        assert response.status_code == 403
        assert Score.objects.get(pk=score.pk).value == Decimal("88")

    def test_hr_out_of_scope_gets_404(self, scoring, world, scored, as_persona):
        period_close(period=scoring.q1, actor=world.users["admin"])
        client = as_persona("hr_other")
        assert client.get(_edit_url(scored[0])).status_code == 404
        assert client.post(_edit_url(scored[0]), {"value": "1", "reason": "x", "revision": 1}).status_code == 404
        assert Score.objects.get(pk=scored[0].pk).value == Decimal("88")

    def test_a_committee_seat_does_not_widen_the_hr_scope_for_corrections(self, scoring, world, scored, as_persona):
        # Given HR 甲 (scope 综合科) also sits on the whole organization's committee
        role_assign(user=world.users["hr"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
        period_close(period=scoring.q1, actor=world.users["admin"])
        client = as_persona("hr")
        other = scored[1]  # 李四, outside 甲's HR scope
        body = _body(client.get(_edit_url(other)))
        assert "77.00" in body and "保存更正" not in body
        response = client.post(_edit_url(other), {"value": "10", "reason": "试图修改", "revision": 1})
        assert response.status_code == 403
        assert Score.objects.get(pk=other.pk).value == Decimal("77")
