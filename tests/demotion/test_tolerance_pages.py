"""The tolerance pages: HR requests for a cadre in scope, a cadre for himself; the committee answers the three tests
on the case's page; the correction's steps are recorded there in order; the disclosure shows every approved case of
the organization to its users and to nobody else. Refused actions change nothing."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ApprovalStatus, PointEntry
from common.models import AuditLog
from demotion.models import Correction, CorrectionStep, ToleranceCase
from demotion.setup.tolerance import awaiting_tolerance_panel
from org.models import RoleAssignment
from org.services import role_assign
from tests.assessments.conftest import make_scoring
from tests.assessments.test_appeals_services import deduction
from tests.conftest import PERSONAS, client_for
from tests.demotion import matrix_tolerance
from tests.demotion.test_tolerance_services import decide, request
from tests.factories import CadreFactory, OrganizationFactory, UnitFactory, UserFactory

JUNE = datetime.date(2025, 6, 1)
FORBIDDEN_TEXT = {
    "hr": ["李四", "城关所", "B001"],
    "hr_other": ["张三", "综合科", "A001"],
    "cadre": ["李四", "城关所", "B001"],
    "other_cadre": ["张三", "综合科", "A001"],
    "rater": ["张三", "李四", "A001", "B001"],
    "norole": ["张三", "李四", "A001", "B001"],
    "anonymous": ["张三", "李四", "A001", "B001"],
}


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def scoring(world):
    world.scoring = make_scoring(world)
    return world.scoring


def snapshot():
    return (
        list(ToleranceCase.objects.order_by("pk").values_list("pk", "state", "decision_reason")),
        list(CorrectionStep.objects.order_by("pk").values_list("pk", "step")),
        list(PointEntry.objects.order_by("pk").values_list("pk", "status")),
        AuditLog.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_matrix_entries(scoring, world, persona):
    matrix_tolerance.setup(world)
    client = client_for(world, persona)
    for name, (kwargs_of, expect) in matrix_tolerance.ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs_of(world) if kwargs_of else None))
        assert response.status_code == expect(persona), (name, persona)
        if response.status_code == 200:
            for text in FORBIDDEN_TEXT.get(persona, []):
                assert text not in body(response), (name, persona, text)


class TestList:
    def test_each_sees_their_scope(self, scoring, world, as_persona):
        mine = request(world, deduction(world, occurred_on=JUNE))
        theirs = request(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="hr_other")
        url = reverse("demotion:tolerance_list")
        for persona, shown, hidden in [
            ("hr", mine, theirs),
            ("cadre", mine, theirs),
            ("hr_other", theirs, mine),
            ("other_cadre", theirs, mine),
        ]:
            page = body(as_persona(persona).get(url))
            assert reverse("demotion:tolerance_detail", args=[shown.pk]) in page, persona
            assert reverse("demotion:tolerance_detail", args=[hidden.pk]) not in page, persona
        page = body(as_persona("committee").get(url + "?state=requested"))
        assert "张三" in page and "李四" in page and "2 项待认定" in page

    def test_the_query_count_does_not_grow_with_the_rows(self, scoring, world, as_persona):
        client = as_persona("committee")
        url = reverse("demotion:tolerance_list")
        request(world, deduction(world, occurred_on=JUNE))
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for day in (2, 3, 4):
            request(world, deduction(world, code="task_missed", occurred_on=datetime.date(2025, 6, day)))
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)


class TestRequest:
    def test_hr_chooses_a_cadre_then_one_of_his_approved_items(self, scoring, world, as_persona):
        entry = deduction(world, occurred_on=JUNE)
        pending = deduction(world, code="task_missed", occurred_on=JUNE, approve=False)
        client = as_persona("hr")
        url = reverse("demotion:tolerance_create")
        page = body(client.get(url, {"cadre": "A001"}))
        assert f"deduction:{entry.pk}" in page and f"deduction:{pending.pk}" not in page

        response = client.post(
            url, {"cadre": "A001", "option": f"deduction:{entry.pk}", "event": "事件", "reason": "理由"}
        )

        case = ToleranceCase.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "demotion:tolerance_detail", args=[case.pk]
        )
        assert case.cadre == world.cadre and case.point_entry == entry and case.requested_by == world.users["hr"]
        # Once requested, the item is no longer offered.
        assert f"deduction:{entry.pk}" not in body(client.get(url, {"cadre": "A001"}))

    def test_hr_does_not_find_a_cadre_out_of_scope(self, scoring, world, as_persona):
        deduction(world, world.other_cadre, occurred_on=JUNE)
        page = body(as_persona("hr").get(reverse("demotion:tolerance_create"), {"cadre": "B001"}))
        assert "找不到工号为“B001”的干部" in page and "李四" not in page

    def test_the_cadre_asks_for_himself_and_errors_are_next_to_the_fields(self, scoring, world, as_persona):
        entry = deduction(world, occurred_on=JUNE)
        before = snapshot()
        response = as_persona("cadre").post(
            reverse("demotion:tolerance_create"), {"option": f"deduction:{entry.pk}", "event": "", "reason": ""}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {"event": ["请填写事件经过。"], "reason": ["请填写申请理由。"]}
        assert snapshot() == before
        response = as_persona("cadre").post(
            reverse("demotion:tolerance_create"), {"option": f"deduction:{entry.pk}", "event": "事件", "reason": "理由"}
        )
        assert response.status_code == 302 and ToleranceCase.objects.get().requested_by == world.users["cadre"]


class TestDetail:
    @pytest.fixture
    def case(self, scoring, world):
        return request(world, deduction(world, code="admonishment", occurred_on=JUNE))

    def url(self, case):
        return reverse("demotion:tolerance_detail", args=[case.pk])

    def decision(self, **overrides):
        data = {
            "form": "decide",
            "decision": "approve",
            "public_interest": "yes",
            "diligent": "yes",
            "no_private_gain": "yes",
            "reason": "党组会议认定符合容错情形",
        }
        return {**data, **overrides}

    def test_the_committee_sees_the_three_tests(self, world, case, as_persona):
        page = body(as_persona("committee").get(self.url(case)))
        for text in ["出于公心", "勤勉尽责", "不谋私利", "予以容错免责", "不予容错", "申请容错免责"]:
            assert text in page
        assert 'value="decide"' not in body(as_persona("hr").get(self.url(case)))

    def test_a_failing_test_is_shown_next_to_it_and_changes_nothing(self, world, case, as_persona):
        before = snapshot()
        response = as_persona("committee").post(self.url(case), self.decision(diligent="no"))
        assert response.status_code == 200
        assert response.context["decision_form"].errors == {"diligent": ["未认定勤勉尽责,不能予以容错。"]}
        assert "未认定勤勉尽责,不能予以容错。" in body(response)
        assert snapshot() == before

    def test_approval_is_read_back_then_exempts_and_opens_the_correction(self, world, case, as_persona):
        client = as_persona("committee")
        before = snapshot()
        readback = body(client.post(self.url(case), self.decision()))
        assert "将对 张三 的“" in readback and "”予以容错免责:该项不再计入 2025 年度考核。" in readback
        assert 'name="confirmed"' in readback and snapshot() == before
        back = client.post(self.url(case), {**self.decision(), "back": "1"})
        assert back.status_code == 200 and back.context["decision_form"]["reason"].value() == "党组会议认定符合容错情形"
        response = client.post(self.url(case), {**self.decision(), "confirmed": "1"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == ToleranceCase.State.APPROVED
        assert PointEntry.objects.get(pk=case.point_entry_id).status == ApprovalStatus.REVOKED
        page = body(client.get(self.url(case)))
        assert "启动纠错" in page and "完善制度" in page and 'value="step"' in page
        assert "予以容错免责" in page and "容错免责:扣分不再计入" in page  # the audit history in words

    def test_steps_in_order_on_the_page(self, world, case, as_persona):
        decide(world, case)
        client = as_persona("hr")
        today = datetime.date.today().isoformat()
        # A skipped step is refused next to the field, and nothing changes.
        before = snapshot()
        response = client.post(self.url(case), {"form": "step", "step": "3", "done_on": today, "note": "谈话"})
        assert response.status_code == 200 and "请先完成“启动纠错”" in body(response)
        assert snapshot() == before
        for step in (1, 2):
            response = client.post(self.url(case), {"form": "step", "step": str(step), "done_on": today, "note": "办"})
            assert response.status_code == 302
        assert list(Correction.objects.get().steps.values_list("step", flat=True)) == [1, 2]
        response = client.post(self.url(case), {"form": "step", "step": "3", "done_on": "", "note": ""})
        assert response.context["step_form"].errors == {"done_on": ["请填写办理日期。"], "note": ["请填写办理情况。"]}

    @pytest.mark.parametrize(("persona", "status"), [("hr", 403), ("cadre", 403), ("hr_other", 403)])
    def test_only_the_committee_decides(self, world, case, as_persona, persona, status):
        before = snapshot()
        assert as_persona(persona).post(self.url(case), self.decision()).status_code == status
        assert snapshot() == before

    @pytest.mark.parametrize(("persona", "status"), [("hr_other", 404), ("cadre", 403), ("other_cadre", 403)])
    def test_only_hr_in_scope_and_the_committee_record_steps(self, world, case, as_persona, persona, status):
        decide(world, case)
        before = snapshot()
        data = {"form": "step", "step": "1", "done_on": datetime.date.today().isoformat(), "note": "启动"}
        assert as_persona(persona).post(self.url(case), data).status_code == status
        assert snapshot() == before

    def test_the_panel_lists_requests_awaiting_the_committee(self, world, case):
        req = RequestFactory().get("/")
        req.user = world.users["committee"]
        panel = awaiting_tolerance_panel(req)
        assert panel.count == 1 and panel.context["items"] == [case]
        decide(world, case)
        req.user = world.users["committee"]
        del req.user._cadre_roles
        assert awaiting_tolerance_panel(req) is None


class TestDisclosure:
    @pytest.fixture
    def approved(self, scoring, world):
        return decide(
            world, request(world, deduction(world, occurred_on=JUNE)), reason="属于先行先试中的无意过失,予以免责"
        )

    @pytest.mark.parametrize("persona", ["cadre", "other_cadre", "hr_other", "rater", "committee"])
    def test_every_user_of_the_organization_sees_object_event_and_reason(self, world, approved, as_persona, persona):
        page = body(as_persona(persona).get(reverse("demotion:tolerance_disclosure")))
        assert "张三" in page and "综合科一组" in page
        assert approved.event in page and "属于先行先试中的无意过失,予以免责" in page
        # Nothing beyond: not the evidence, not the request's own reasons.
        assert approved.point_entry.evidence not in page and approved.request_reason not in page

    def test_requests_and_rejections_are_not_disclosed(self, scoring, world, as_persona):
        request(world, deduction(world, occurred_on=JUNE))
        assert "暂无公开的容错免责事项" in body(as_persona("cadre").get(reverse("demotion:tolerance_disclosure")))

    def test_another_organizations_user_does_not_see_its_cases(self, world, approved):
        elsewhere = OrganizationFactory(code="other", name="另一局")
        unit = UnitFactory(organization=elsewhere, name="另一局机关", kind="bureau")
        outsider = UserFactory(username="outsider")
        CadreFactory(unit=unit, organization=elsewhere, name="赵六", employee_no="X001", user=outsider)
        hr_elsewhere = UserFactory(username="hr_elsewhere")
        role_assign(user=hr_elsewhere, role=RoleAssignment.Role.HR, organization=elsewhere)
        for user in (outsider, hr_elsewhere):
            client = client_for_user(user)
            page = body(client.get(reverse("demotion:tolerance_disclosure")))
            assert "张三" not in page and approved.event not in page
            api = client.get(reverse("demotion_api:tolerance-disclosure")).json()
            assert api["count"] == 0

    def test_someone_of_no_organization_is_refused(self, world, approved, as_persona):
        assert as_persona("norole").get(reverse("demotion:tolerance_disclosure")).status_code == 403


def client_for_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
