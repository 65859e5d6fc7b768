"""The appeal pages: a cadre files against their own items, HR files a paper appeal, the committee decides; every
persona sees only its scope. Refused actions change nothing."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Appeal, ApprovalStatus, PointEntry, Publication, Result, ResultRun
from assessments.services.appeals import appeal_decide
from assessments.setup.panels import my_appeals_panel, pending_appeals_panel
from common.models import AuditLog
from org.models import RoleAssignment
from org.services import role_assign
from tests.assessments import matrix_appeals
from tests.assessments.test_appeals_services import at, compute, deduction, file, publish, score_everything
from tests.conftest import PERSONAS, client_for

JUNE = datetime.date(2025, 6, 1)


def body(response) -> str:
    return response.content.decode()


# --- the matrix ---------------------------------------------------------------------------------------------------

# What each persona must never be shown (as tests/test_permission_matrix.py's FORBIDDEN_TEXT).
FORBIDDEN_TEXT = {
    "hr": ["李四", "城关所", "B001"],
    "hr_other": ["张三", "综合科", "A001"],
    "cadre": ["李四", "城关所", "B001"],
    "other_cadre": ["张三", "综合科", "A001"],
    "rater": ["张三", "李四", "A001", "B001"],
    "norole": ["张三", "李四", "A001", "B001"],
    "anonymous": ["张三", "李四", "A001", "B001"],
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_matrix_entries(scoring, world, persona):
    world.scoring = scoring
    matrix_appeals.setup(world)
    client = client_for(world, persona)
    for name, (kwargs_of, expect) in matrix_appeals.ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs_of(world) if kwargs_of else None))
        assert response.status_code == expect(persona), (name, persona)
        if response.status_code == 200:
            for text in FORBIDDEN_TEXT.get(persona, []):
                assert text not in body(response), (name, persona, text)


# --- the list -----------------------------------------------------------------------------------------------------


class TestList:
    def test_a_cadre_sees_their_own(self, scoring, world, as_persona):
        file(world, deduction(world, occurred_on=JUNE))
        file(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="other_cadre")
        page = body(as_persona("cadre").get(reverse("assessments:appeal_list")))
        assert "被通报批评 −0.5" in page and "张三" in page and "李四" not in page
        assert "提出申诉" in page

    def test_the_committee_sees_pending_first_with_a_count(self, scoring, world, as_persona):
        decided = file(world, deduction(world, occurred_on=JUNE))
        appeal_decide(appeal=decided, revoke=False, reason="维持", actor=world.users["committee"])
        pending = file(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="other_cadre")
        page = body(as_persona("committee").get(reverse("assessments:appeal_list")))
        assert "1 项待决定" in page and "提出申诉" not in page
        first, second = (page.index(reverse("assessments:appeal_detail", args=[a.pk])) for a in (pending, decided))
        assert first < second

    def test_filters(self, scoring, world, as_persona):
        decided = file(world, deduction(world, occurred_on=JUNE))
        appeal_decide(appeal=decided, revoke=False, reason="维持", actor=world.users["committee"])
        file(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="other_cadre")
        client = as_persona("committee")
        assert client.get(reverse("assessments:appeal_list") + "?status=upheld").context["page"].paginator.count == 1
        assert client.get(reverse("assessments:appeal_list") + "?year=2024").context["page"].paginator.count == 0

    def test_query_count_does_not_grow_with_rows(self, scoring, world, as_persona):
        client = as_persona("committee")
        url = reverse("assessments:appeal_list")
        file(world, deduction(world, occurred_on=JUNE))
        client.get(url)  # warm the session and the content types
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        for code in ["task_missed", "complaint_upheld", "admonishment"]:
            file(world, deduction(world, code=code, occurred_on=JUNE))
        file(world, deduction(world, world.other_cadre, occurred_on=JUNE), persona="other_cadre")
        with CaptureQueriesContext(connection) as five:
            response = client.get(url)
        assert response.context["page"].paginator.count == 5
        assert len(five) == len(one) == 10, [
            q["sql"] for q in five.captured_queries
        ]  # +1: the read is recorded (common.read_audit)


# --- filing -------------------------------------------------------------------------------------------------------


class TestCreate:
    def test_a_cadre_sees_their_items_with_deadlines_and_files(self, scoring, world, as_persona):
        with at(datetime.date(2025, 1, 24)):
            entry = deduction(world)
            deduction(world, code="award_city")
        with at(datetime.date(2025, 2, 3)):
            client = as_persona("cadre")
            page = body(client.get(reverse("assessments:appeal_create")))
            assert "2025年 扣分 · 被通报批评 −0.5" in page and "申诉期限至 2025-02-07" in page
            assert "工作获市级表彰" not in page  # a bonus is not appealable
            assert "代干部提交书面申诉" not in page  # a cadre files only their own
            response = client.post(
                reverse("assessments:appeal_create"), {"option": f"deduction:{entry.pk}", "reason": "并非本人责任"}
            )
        appeal = Appeal.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "assessments:appeal_detail", args=[appeal.pk]
        )
        assert (
            appeal.point_entry == entry and appeal.reason == "并非本人责任" and appeal.filed_by == world.users["cadre"]
        )
        assert appeal.deadline == datetime.date(2025, 2, 7)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"reason": ""}, "请填写申诉理由"),
            ({"option": "deduction:999999"}, "该事项不能申诉"),
            ({"option": ""}, "请选择"),
        ],
    )
    def test_a_refused_filing_says_why_and_writes_nothing(self, scoring, world, as_persona, data, message):
        entry = deduction(world, occurred_on=JUNE)
        payload = {"option": f"deduction:{entry.pk}", "reason": "理由", **data}
        audit = AuditLog.objects.count()
        response = as_persona("cadre").post(reverse("assessments:appeal_create"), payload)
        assert response.status_code == 200 and message in body(response)
        assert not Appeal.objects.exists() and AuditLog.objects.count() == audit

    def test_expired_and_appealed_items_are_listed_as_closed(self, scoring, world, as_persona):
        with at(datetime.date(2025, 1, 24)):
            file(world, deduction(world))
        with at(datetime.date(2025, 3, 1)):
            page = body(as_persona("cadre").get(reverse("assessments:appeal_create")))
        assert "目前没有可以申诉的事项" in page and "不能申诉的事项" in page and "已提出申诉,正在处理" in page

    def test_hr_files_a_paper_appeal_for_a_cadre_in_scope(self, scoring, world, as_persona):
        entry = deduction(world, occurred_on=JUNE)
        client = as_persona("hr")
        page = body(client.get(reverse("assessments:appeal_create")))
        assert "代干部提交书面申诉" in page and "A001" in page and "B001" not in page
        page = body(client.get(reverse("assessments:appeal_create") + "?cadre=A001"))
        assert "为 张三(A001,综合科一组)代交书面申诉" in page and "被通报批评" in page
        response = client.post(
            reverse("assessments:appeal_create"),
            {"cadre": "A001", "option": f"deduction:{entry.pk}", "reason": "书面申诉"},
        )
        appeal = Appeal.objects.get()
        assert response.status_code == 302 and appeal.filed_by == world.users["hr"] and appeal.cadre == world.cadre
        detail = body(client.get(reverse("assessments:appeal_detail", args=[appeal.pk])))
        assert "人事部门代交书面申诉" in detail

    def test_hr_cannot_file_for_a_cadre_outside_its_scope(self, scoring, world, as_persona):
        entry = deduction(world, occurred_on=JUNE)
        client = as_persona("hr_other")
        page = body(client.get(reverse("assessments:appeal_create") + "?cadre=A001"))
        assert "找不到工号为“A001”的干部" in page and "被通报批评" not in page
        response = client.post(
            reverse("assessments:appeal_create"),
            {"cadre": "A001", "option": f"deduction:{entry.pk}", "reason": "书面申诉"},
        )
        assert response.status_code == 200 and not Appeal.objects.exists()

    def test_a_cadre_cannot_name_another_cadre(self, scoring, world, as_persona):
        theirs = deduction(world, world.other_cadre, occurred_on=JUNE)
        client = as_persona("cadre")
        url = reverse("assessments:appeal_create")
        page = body(client.get(url + "?cadre=B001"))
        assert "我的申诉" in page and "李四" not in page and "代干部提交书面申诉" not in page
        response = client.post(url, {"cadre": "B001", "option": f"deduction:{theirs.pk}", "reason": "理由"})
        assert response.status_code == 200 and "该事项不能申诉" in body(response)
        assert not Appeal.objects.exists()

    def test_hr_who_is_a_cadre_outside_its_units_files_its_own(self, scoring, world, as_persona):
        role_assign(
            user=world.users["other_cadre"], role=RoleAssignment.Role.HR, organization=world.org, unit=world.unit_a
        )
        entry = deduction(world, world.other_cadre, occurred_on=JUNE)
        client = as_persona("other_cadre")
        url = reverse("assessments:appeal_create")
        page = body(client.get(url))
        assert "我的申诉" in page and "被通报批评" in page and "代干部提交书面申诉" in page
        response = client.post(url, {"cadre": "B001", "option": f"deduction:{entry.pk}", "reason": "本人申诉"})
        appeal = Appeal.objects.get()
        assert response.status_code == 302 and appeal.cadre == world.other_cadre
        assert appeal.filed_by == world.users["other_cadre"]

    def test_grade_review_is_offered_when_the_published_grade_is_incompetent(self, scoring, world, as_persona):
        score_everything(scoring, world, {world.cadre: "50", world.other_cadre: "90"})
        publish(world, compute(world), on=datetime.date(2025, 9, 1))
        with at(datetime.date(2025, 9, 30)):
            client = as_persona("cadre")
            page = body(client.get(reverse("assessments:appeal_create")))
            assert "2025年度考核等次:不称职(复核)" in page and "申诉期限至 2025-10-09" in page
            assert "法定复核期限(30日)" in page
            client.post(reverse("assessments:appeal_create"), {"option": "grade:2025", "reason": "请求复核"})
        appeal = Appeal.objects.get()
        assert appeal.target == "grade" and appeal.deadline == datetime.date(2025, 10, 9)
        page = body(as_persona("cadre").get(reverse("assessments:appeal_detail", args=[appeal.pk])))
        assert "不称职" in page and "50.00" in page


# --- one appeal and the decision ----------------------------------------------------------------------------------


class TestDetail:
    # Committed for real, as in production: the re-computation runs when the decision commits, before the page.
    @pytest.mark.django_db(transaction=True)
    def test_the_committee_revokes_and_the_published_year_is_re_computed(self, scoring, world, as_persona):
        score_everything(scoring, world, {world.cadre: "80", world.other_cadre: "90"})
        entry = deduction(world, code="admonishment", occurred_on=JUNE)
        first = compute(world)
        publish(world, first, on=datetime.date.today())
        appeal = file(world, entry)
        client = as_persona("committee")
        url = reverse("assessments:appeal_detail", args=[appeal.pk])
        page = body(client.get(url))
        assert "党组(党委)决定" in page and "撤销后该记录不再计入考核" in page

        response = client.post(url, {"decision": "revoke", "reason": "记录有误"}, follow=True)

        assert response.redirect_chain == [(url, 302)]
        page = body(response)
        assert "已撤销该记录,并重新计算了 2025 年考核结果(第 2 版)" in page
        assert "2025 年考核结果已重新计算:第 2 版(已完成)" in page and "记录有误" in page
        assert PointEntry.objects.get(pk=entry.pk).status == ApprovalStatus.REVOKED
        second = ResultRun.objects.get(version=2)
        assert Publication.objects.get().run == second
        assert Result.objects.get(run=second, cadre=world.cadre).composite == 80

    def test_upheld(self, scoring, world, as_persona):
        appeal = file(world, deduction(world, occurred_on=JUNE))
        url = reverse("assessments:appeal_detail", args=[appeal.pk])
        response = as_persona("committee").post(url, {"decision": "uphold", "reason": "事实清楚"}, follow=True)
        assert "已维持原决定。" in body(response)
        assert Appeal.objects.get().status == Appeal.Status.UPHELD

    @pytest.mark.parametrize(
        ("data", "message"),
        [({"decision": "revoke", "reason": ""}, "请填写决定理由"), ({"reason": "理由"}, "请选择维持原决定或撤销")],
    )
    def test_a_refused_decision_says_why_and_changes_nothing(self, scoring, world, as_persona, data, message):
        entry = deduction(world, occurred_on=JUNE)
        appeal = file(world, entry)
        audit = AuditLog.objects.count()
        response = as_persona("committee").post(reverse("assessments:appeal_detail", args=[appeal.pk]), data)
        assert response.status_code == 200 and message in body(response)
        appeal.refresh_from_db()
        assert appeal.status == Appeal.Status.PENDING and AuditLog.objects.count() == audit
        assert PointEntry.objects.get(pk=entry.pk).status == ApprovalStatus.APPROVED

    @pytest.mark.parametrize(("persona", "status"), [("hr", 403), ("cadre", 403), ("admin", 403), ("rater", 403)])
    def test_only_the_committee_decides(self, scoring, world, persona, status):
        appeal = file(world, deduction(world, occurred_on=JUNE))
        response = client_for(world, persona).post(
            reverse("assessments:appeal_detail", args=[appeal.pk]), {"decision": "revoke", "reason": "理由"}
        )
        assert response.status_code == status and Appeal.objects.get().status == Appeal.Status.PENDING

    def test_the_cadre_sees_the_decision_and_no_form(self, scoring, world, as_persona):
        appeal = file(world, deduction(world, occurred_on=JUNE))
        client = as_persona("cadre")
        page = body(client.get(reverse("assessments:appeal_detail", args=[appeal.pk])))
        assert "等待党组(党委)决定" in page and 'name="decision"' not in page
        appeal_decide(appeal=appeal, revoke=False, reason="通报属实", actor=world.users["committee"])
        page = body(client.get(reverse("assessments:appeal_detail", args=[appeal.pk])))
        assert "维持原决定" in page and "通报属实" in page and "申诉维持原决定" in page

    def test_a_revoked_grade_says_the_grade_is_not_changed(self, scoring, world, as_persona):
        score_everything(scoring, world, {world.cadre: "50", world.other_cadre: "90"})
        publish(world, compute(world), on=datetime.date(2025, 9, 1))
        with at(datetime.date(2025, 9, 2)):
            from assessments.services.appeals import appeal_file

            appeal = appeal_file(
                cadre=world.cadre, target="grade", year=2025, reason="复核", actor=world.users["cadre"]
            )
        url = reverse("assessments:appeal_detail", args=[appeal.pk])
        page = body(as_persona("committee").post(url, {"decision": "revoke", "reason": "应为基本称职"}, follow=True))
        assert "新的等次由党组(党委)另行确定,系统不自动改变等次" in page


# --- landing-page sections ----------------------------------------------------------------------------------------


class TestPanels:
    def _request(self, user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    def test_the_committee_sees_pending_appeals(self, scoring, world):
        assert pending_appeals_panel(self._request(world.users["committee"])) is None
        file(world, deduction(world, occurred_on=JUNE))
        panel = pending_appeals_panel(self._request(world.users["committee"]))
        assert panel.count == 1 and [a.cadre for a in panel.context["items"]] == [world.cadre]
        assert panel.url == reverse("assessments:appeal_list") + "?status=pending"

    def test_a_cadre_sees_what_they_may_still_appeal(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            deduction(world)
            panel = my_appeals_panel(self._request(world.users["cadre"]))
        assert [o.deadline for o in panel.context["options"]] == [datetime.date(2025, 2, 7)]
        assert my_appeals_panel(self._request(world.users["other_cadre"])) is None
        assert my_appeals_panel(self._request(world.users["hr"])) is None
