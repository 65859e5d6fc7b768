"""The points and vetoes API: HR records for cadres in scope, the party committee decides, a cadre reads their own
approved records; and the catalogs."""

import datetime

import pytest

from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.services import point_entry_decide, point_entry_record, veto_entry_record
from common.audit import audit_log_for
from tests.assessments.test_api_support import BASE, persona_clients, queries_of, refused
from tests.factories import CadreFactory

POINTS = f"{BASE}/points/"
VETOES = f"{BASE}/vetoes/"
ON = "2025-03-01"


@pytest.fixture
def api(world):
    return persona_clients(world)


@pytest.fixture
def items(scoring, world):
    return {
        "bonus": PointItem.objects.get(organization=world.org, code="award_city"),
        "deduction": PointItem.objects.get(organization=world.org, code="circulated_criticism"),
        "veto": VetoItem.objects.get(organization=world.org, code="safety_incident"),
    }


def _record_point(world, cadre, item, **kw):
    return point_entry_record(
        cadre=cadre,
        item=item,
        year=2025,
        occurred_on=datetime.date(2025, 3, 1),
        evidence="通报文件",
        actor=world.users["hr"],
        **kw,
    )


class TestRecord:
    def test_hr_records_a_point_for_a_cadre_in_scope(self, world, api, items):
        response = api("hr").post(
            POINTS,
            {
                "cadre": world.cadre.pk,
                "item": items["bonus"].pk,
                "year": 2025,
                "occurred_on": ON,
                "evidence": "市级表彰",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert (data["status"], data["points"], data["signed_points"], data["kind"]) == (
            "pending",
            "0.30",
            "0.30",
            "bonus",
        )
        assert data["recorded_by"] == "hr" and data["cadre_name"] == "张三"
        assert audit_log_for(PointEntry.objects.get()).get().action == "assessments.points.record"

    def test_a_deduction_with_its_own_points(self, world, api, items):
        response = api("admin").post(
            POINTS,
            {
                "cadre": world.other_cadre.pk,
                "item": items["deduction"].pk,
                "year": 2025,
                "occurred_on": ON,
                "evidence": "通报批评文件",
                "points": "1",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["signed_points"] == "-1.00"

    def test_refusals_are_field_by_field_and_write_nothing(self, world, api, items):
        client = api("hr")
        outside = {"cadre": world.other_cadre.pk, "item": items["bonus"].pk, "year": 2025, "occurred_on": ON}
        body = refused(client.post(POINTS, {**outside, "evidence": "x"}, format="json"), 400)
        assert list(body["errors"]) == ["cadre"]
        body = refused(client.post(POINTS, {**outside, "cadre": world.cadre.pk, "evidence": " "}, format="json"), 400)
        assert list(body["errors"]) == ["evidence"]
        body = refused(
            client.post(POINTS, {**outside, "cadre": world.cadre.pk, "evidence": "x", "year": 2024}, format="json"),
            400,
        )
        assert body["errors"] == {"occurred_on": ["发生日期应在 2024 年内。"]}
        body = refused(
            client.post(POINTS, {**outside, "cadre": world.cadre.pk, "evidence": "x", "points": "5"}, format="json"),
            400,
        )
        assert "最多还能登记" in body["errors"]["points"][0]
        for persona in ["committee", "cadre", "rater", "norole"]:
            refused(
                api(persona).post(POINTS, {**outside, "cadre": world.cadre.pk, "evidence": "x"}, format="json"), 403
            )
        assert not PointEntry.objects.exists()

    def test_hr_records_a_veto(self, world, api, items):
        body = {
            "cadre": world.cadre.pk,
            "item": items["veto"].pk,
            "year": 2025,
            "occurred_on": ON,
            "evidence": "事故报告",
        }
        response = api("hr").post(VETOES, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["item_name"] == "发生重大安全责任事故"
        body = refused(api("hr").post(VETOES, body, format="json"), 400)
        assert body["errors"] == {"item": ["该干部同一天的同一否决事项已登记。"]}
        refused(api("committee").post(VETOES, body, format="json"), 403)
        assert VetoEntry.objects.count() == 1


class TestDecide:
    def test_the_committee_approves_and_rejects_with_a_reason(self, world, api, items):
        point = _record_point(world, world.cadre, items["bonus"])
        response = api("committee").post(f"{POINTS}{point.pk}/approve/", format="json")
        assert response.status_code == 200, response.content
        assert (response.json()["status"], response.json()["decided_by"]) == ("approved", "committee")
        veto = veto_entry_record(
            cadre=world.cadre,
            item=items["veto"],
            year=2025,
            occurred_on=datetime.date(2025, 3, 1),
            evidence="事故报告",
            actor=world.users["hr"],
        )
        body = refused(api("committee").post(f"{VETOES}{veto.pk}/reject/", {}, format="json"), 400)
        assert body["errors"] == {"reason": ["请填写理由。"]}
        veto.refresh_from_db()
        assert veto.status == ApprovalStatus.PENDING
        response = api("committee").post(f"{VETOES}{veto.pk}/reject/", {"reason": "事故责任不在本人"}, format="json")
        assert response.json()["status"] == "rejected" and response.json()["decision_reason"] == "事故责任不在本人"
        assert audit_log_for(veto).first().action == "assessments.veto.reject"

    def test_a_decided_record_is_not_decided_again(self, world, api, items):
        point = _record_point(world, world.cadre, items["bonus"])
        api("committee").post(f"{POINTS}{point.pk}/approve/")
        body = refused(api("committee").post(f"{POINTS}{point.pk}/reject/", {"reason": "改主意"}, format="json"), 400)
        assert "不能重复审批" in body["message"]
        point.refresh_from_db()
        assert point.status == ApprovalStatus.APPROVED

    def test_only_the_committee_decides(self, world, api, items):
        point = _record_point(world, world.cadre, items["bonus"])
        for persona in ["hr", "hr_other", "cadre", "other_cadre", "rater", "norole"]:
            refused(api(persona).post(f"{POINTS}{point.pk}/approve/"), 403)
        refused(api("hr").post(f"{POINTS}{point.pk}/reject/", {"reason": "不同意"}, format="json"), 403)
        point.refresh_from_db()
        assert point.status == ApprovalStatus.PENDING and point.decided_by is None


class TestRead:
    def test_staff_see_their_scope_and_a_cadre_their_own_approved(self, world, api, items):
        mine_approved = _record_point(world, world.cadre, items["bonus"])
        point_entry_decide(entry=mine_approved, approve=True, actor=world.users["committee"])
        mine_pending = _record_point(world, world.cadre, items["bonus"])
        theirs = point_entry_record(
            cadre=world.other_cadre,
            item=items["bonus"],
            year=2025,
            occurred_on=datetime.date(2025, 3, 1),
            evidence="通报文件",
            actor=world.users["hr_other"],
        )
        point_entry_decide(entry=theirs, approve=True, actor=world.users["committee"])

        assert {r["id"] for r in api("hr").get(POINTS).json()["results"]} == {mine_approved.pk, mine_pending.pk}
        assert {r["id"] for r in api("hr_other").get(POINTS).json()["results"]} == {theirs.pk}
        assert api("committee").get(POINTS, {"status": "pending"}).json()["count"] == 1
        assert api("committee").get(POINTS, {"kind": "deduction"}).json()["count"] == 0

        cadre = api("cadre").get(POINTS).json()["results"]
        assert [r["id"] for r in cadre] == [mine_approved.pk]
        # Who recorded and who decided is for staff.
        assert cadre[0]["recorded_by"] is None and cadre[0]["decided_by"] is None
        refused(api("cadre").get(f"{POINTS}{mine_pending.pk}/"), 404)
        refused(api("cadre").get(f"{POINTS}{theirs.pk}/"), 404)
        refused(api("hr").get(f"{POINTS}{theirs.pk}/"), 404)
        for persona in ["rater", "norole"]:
            refused(api(persona).get(POINTS), 403)

    def test_the_lists_cost_the_same_queries_whatever_the_number_of_rows(self, world, api, items):
        def record_both(cadre):
            _record_point(world, cadre, items["deduction"])
            veto_entry_record(
                cadre=cadre,
                item=items["veto"],
                year=2025,
                occurred_on=datetime.date(2025, 3, 1),
                evidence="事故报告",
                actor=world.users["hr"],
            )

        record_both(world.cadre)
        one, _ = queries_of(api("committee"), POINTS)
        vone, _ = queries_of(api("committee"), VETOES)
        for _ in range(5):
            record_both(CadreFactory(unit=world.unit_a1, organization=world.org))
        many, data = queries_of(api("committee"), POINTS)
        vmany, vdata = queries_of(api("committee"), VETOES)
        assert (data["count"], vdata["count"]) == (6, 6)
        assert one == many <= 10  # +1: the read is recorded (common.read_audit)
        assert vone == vmany <= 10  # +1: the read is recorded (common.read_audit)


class TestCatalogs:
    def test_staff_read_the_items_of_their_organization(self, scoring, api, world):
        data = api("hr").get(f"{BASE}/point-items/", {"kind": "deduction"}).json()
        assert data["count"] == 6 and {r["kind"] for r in data["results"]} == {"deduction"}
        vetoes = api("committee").get(f"{BASE}/veto-items/", {"organization": world.org.pk}).json()
        assert [r["code"] for r in vetoes["results"]][:2] == ["serious_accountability", "safety_incident"]
        for persona in ["cadre", "rater", "norole"]:
            refused(api(persona).get(f"{BASE}/point-items/"), 403)
            refused(api(persona).get(f"{BASE}/veto-items/"), 403)
