"""The point and veto pages: HR records, the committee decides; refused actions change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import assessments.setup.panels  # noqa: F401  (registers the landing-page sections, as AssessmentsConfig.ready() will)
from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.services import point_entry_decide, point_entry_record, veto_entry_record
from common.models import AuditLog
from org.models import RoleAssignment
from org.services import role_assign
from tests.conftest import client_for
from tests.factories import UserFactory

TODAY = datetime.date.today()
HTMX = {"HTTP_HX_REQUEST": "true"}


def _item(world, code) -> PointItem:
    return PointItem.objects.get(organization=world.org, code=code)


def _veto_item(world) -> VetoItem:
    return VetoItem.objects.filter(organization=world.org).order_by("sort_order").first()


def _point(world, cadre=None, code="award_city", recorder="hr", **fields) -> PointEntry:
    fields.setdefault("occurred_on", TODAY)
    return point_entry_record(
        cadre=cadre or world.cadre,
        item=_item(world, code),
        year=fields["occurred_on"].year,
        evidence=fields.pop("evidence", "市政府通报〔2025〕5号"),
        actor=world.users[recorder] if isinstance(recorder, str) else recorder,
        **fields,
    )


def _veto(world, cadre=None, recorder="hr", days_ago=0) -> VetoEntry:
    occurred = TODAY - datetime.timedelta(days=days_ago)
    return veto_entry_record(
        cadre=cadre or world.cadre,
        item=_veto_item(world),
        year=occurred.year,
        occurred_on=occurred,
        evidence="事故调查报告",
        actor=world.users[recorder],
    )


def _post_point(client, world, **data):
    payload = {
        "cadre": "A001",
        "item": _item(world, "award_city").pk,
        "points": "",
        "occurred_on": TODAY.isoformat(),
        "evidence": "市政府通报〔2025〕5号",
        "note": "",
    }
    payload.update(data)
    return client.post(reverse("assessments:point_create"), payload)


def _snapshot(entry):
    entry.refresh_from_db()
    return (entry.status, entry.decided_by_id, entry.decided_at, entry.decision_reason)


@pytest.fixture
def two_sided_committee(world):
    """A committee member whose scope is only 城关所 (李四's side)."""
    user = UserFactory(username="committee_b")
    role_assign(user=user, role=RoleAssignment.Role.COMMITTEE, organization=world.org, unit=world.unit_b)
    return user


class TestRecordingPoints:
    def test_hr_records_an_entry_with_the_items_points(self, scoring, world, as_persona):
        given = as_persona("hr")
        page = given.get(reverse("assessments:point_create")).content.decode()
        assert "工作获市级表彰或承办市级现场会(每次 +0.3 分,每年上限 1 分)" in page
        assert 'label="加分 · 工作实绩"' in page and "A001" in page

        response = _post_point(given, world, note="第一季度")

        entry = PointEntry.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "assessments:point_detail", args=[entry.pk]
        )
        assert entry.cadre == world.cadre and entry.points == Decimal("0.30") and entry.year == TODAY.year
        assert entry.status == ApprovalStatus.PENDING and entry.recorded_by == world.users["hr"]
        assert entry.note == "第一季度"
        assert AuditLog.objects.filter(action="assessments.points.record", subject_id=str(entry.pk)).count() == 1

    def test_hr_may_give_fewer_points_than_the_item(self, scoring, world, as_persona):
        _post_point(as_persona("hr"), world, points="0.1")
        assert PointEntry.objects.get().points == Decimal("0.1")

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"evidence": "  "}, "evidence", "请填写依据材料"),
            ({"evidence": ""}, "evidence", "请填写依据材料"),
            ({"cadre": "B001"}, "cadre", "找不到工号为“B001”的干部"),
            ({"cadre": "Z999"}, "cadre", "找不到工号为“Z999”的干部"),
            ({"cadre": ""}, "cadre", "请填写干部工号"),
            ({"occurred_on": ""}, "occurred_on", "请填写发生日期"),
            ({"occurred_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "occurred_on", "不能晚于今天"),
            ({"points": "abc"}, "points", "分值应为数字"),
            ({"points": "-1"}, "points", "分值应为正数"),
            ({"item": ""}, "item", "请选择加减分项目"),
        ],
    )
    def test_a_refused_entry_names_its_field_and_records_nothing(
        self, scoring, world, as_persona, data, field, message
    ):
        response = _post_point(as_persona("hr"), world, **data)

        assert response.status_code == 200
        form = response.context["form"]
        assert any(message in e for e in form.errors[field]), form.errors
        assert f'id="id_{field}"' in response.content.decode()
        assert "is-invalid" in response.content.decode()
        assert not PointEntry.objects.exists()
        assert not AuditLog.objects.filter(action="assessments.points.record").exists()

    def test_reaching_the_items_cap_says_how_many_points_are_left(self, scoring, world, as_persona):
        for _ in range(3):  # 0.3 each, 1.0 a year: 0.1 left
            _point(world)

        response = _post_point(as_persona("hr"), world)

        assert response.status_code == 200
        assert "最多还能登记 0.1 分" in " ".join(response.context["form"].errors["points"])
        assert PointEntry.objects.count() == 3

    def test_an_item_of_another_organization_is_not_offered(self, scoring, world, as_persona):
        from tests.factories import OrganizationFactory

        other = OrganizationFactory(code="elsewhere", name="别处局")
        foreign = PointItem.objects.create(
            organization=other, kind="bonus", category="x", code="x", name="别处的项目", points=1, cap_per_year=1
        )
        given = as_persona("hr")
        assert "别处的项目" not in given.get(reverse("assessments:point_create")).content.decode()

        response = _post_point(given, world, item=foreign.pk)

        assert "项目无效" in " ".join(response.context["form"].errors["item"])
        assert not PointEntry.objects.exists()

    def test_only_hr_and_the_admin_record(self, scoring, world, as_persona):
        for persona in ["committee", "cadre", "rater"]:
            assert _post_point(as_persona(persona), world).status_code == 403
        assert not PointEntry.objects.exists()
        assert _post_point(as_persona("admin"), world, cadre="B001").status_code == 302


class TestDecidingPoints:
    def test_the_committee_approves_from_the_entry_page(self, scoring, world, as_persona):
        entry = _point(world)
        given = as_persona("committee")
        page = given.get(reverse("assessments:point_detail", args=[entry.pk])).content.decode()
        assert "审批" in page and 'value="approve"' in page and "登记加减分" in page

        response = given.post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"}
        )

        assert response.status_code == 302 and response["Location"] == reverse(
            "assessments:point_detail", args=[entry.pk]
        )
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.APPROVED and entry.decided_by == world.users["committee"]
        assert AuditLog.objects.filter(action="assessments.points.approve", subject_id=str(entry.pk)).exists()
        page = given.get(response["Location"]).content.decode()
        assert "已批准" in page and 'value="approve"' not in page

    def test_rejection_needs_a_reason(self, scoring, world, as_persona):
        entry = _point(world)
        before = _snapshot(entry)
        given = as_persona("committee")

        response = given.post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "reject", "reason": " "}
        )

        assert response.status_code == 200
        assert "请填写理由" in " ".join(response.context["form"].errors["reason"])
        assert _snapshot(entry) == before
        assert not AuditLog.objects.filter(action="assessments.points.reject").exists()

        given.post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "reject", "reason": "证明材料不足"}
        )
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.REJECTED and entry.decision_reason == "证明材料不足"

    def test_the_recorder_cannot_approve_their_own_entry(self, scoring, world, as_persona):
        # The committee member also holds HR for 综合科 and records an entry there.
        role_assign(
            user=world.users["committee"], role=RoleAssignment.Role.HR, organization=world.org, unit=world.unit_a
        )
        entry = _point(world, recorder="committee")
        before = _snapshot(entry)
        given = as_persona("committee")
        page = given.get(reverse("assessments:point_detail", args=[entry.pk])).content.decode()
        assert "须由党组(党委)其他成员审批" in page and 'value="approve"' not in page

        response = given.post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"}
        )

        assert response.status_code == 200
        assert "登记人不能审批自己登记的记录" in response.content.decode()
        assert _snapshot(entry) == before

    def test_outside_the_committees_scope_is_404_and_changes_nothing(self, scoring, world, two_sided_committee):
        entry = _point(world)  # 张三, on the 综合科 side
        before = _snapshot(entry)
        client = client_for(world, "anonymous")
        client.force_login(two_sided_committee)

        assert client.get(reverse("assessments:point_detail", args=[entry.pk])).status_code == 404
        response = client.post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"}
        )

        assert response.status_code == 404
        assert _snapshot(entry) == before

    def test_hr_cannot_decide(self, scoring, world, as_persona):
        entry = _point(world, recorder="admin")
        before = _snapshot(entry)
        assert (
            as_persona("hr")
            .post(reverse("assessments:point_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"})
            .status_code
            == 403
        )
        assert _snapshot(entry) == before

    def test_hr_outside_scope_sees_404(self, scoring, world, as_persona):
        entry = _point(world)
        assert as_persona("hr_other").get(reverse("assessments:point_detail", args=[entry.pk])).status_code == 404

    def test_approval_beyond_the_cap_is_refused(self, scoring, world, as_persona):
        first = _point(world, points="0.5")
        second = _point(world, points="0.5")
        given = as_persona("committee")
        given.post(reverse("assessments:point_decide", args=[first.pk]), {"decision": "approve", "confirmed": "1"})
        # The cap is lowered meanwhile: the second approval would exceed it.
        PointItem.objects.filter(pk=first.item_id).update(cap_per_year=Decimal("0.8"))
        before = _snapshot(second)

        response = given.post(
            reverse("assessments:point_decide", args=[second.pk]), {"decision": "approve", "confirmed": "1"}
        )

        assert "将超过每年 0.8 分的上限" in response.content.decode()
        assert _snapshot(second) == before

    def test_a_decided_entry_is_not_decided_twice(self, scoring, world, as_persona):
        entry = _point(world)
        point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
        before = _snapshot(entry)

        response = as_persona("committee").post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "reject", "reason": "x"}
        )

        assert "不能重复审批" in response.content.decode()
        assert _snapshot(entry) == before

    def test_an_unsafe_next_is_ignored(self, scoring, world, as_persona):
        entry = _point(world)
        response = as_persona("committee").post(
            reverse("assessments:point_decide", args=[entry.pk]),
            {"decision": "approve", "confirmed": "1", "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("assessments:point_detail", args=[entry.pk])


class TestVetoes:
    def test_hr_records_and_the_committee_approves(self, scoring, world, as_persona):
        item = _veto_item(world)
        hr = as_persona("hr")
        assert item.name in hr.get(reverse("assessments:veto_create")).content.decode()
        payload = {
            "cadre": "A001",
            "item": item.pk,
            "occurred_on": TODAY.isoformat(),
            "evidence": "事故调查报告",
            "note": "",
        }

        response = hr.post(reverse("assessments:veto_create"), payload)

        entry = VetoEntry.objects.get()
        assert response["Location"] == reverse("assessments:veto_detail", args=[entry.pk])
        assert entry.status == ApprovalStatus.PENDING and entry.recorded_by == world.users["hr"]
        # The same veto the same day again is refused, next to the item.
        again = hr.post(reverse("assessments:veto_create"), payload)
        assert "同一否决事项已登记" in " ".join(again.context["form"].errors["item"])
        assert VetoEntry.objects.count() == 1

        as_persona("committee").post(
            reverse("assessments:veto_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"}
        )
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.APPROVED
        assert AuditLog.objects.filter(action="assessments.veto.approve", subject_id=str(entry.pk)).exists()

    def test_a_veto_without_evidence_or_outside_scope_is_refused(self, scoring, world, as_persona):
        item = _veto_item(world)
        hr = as_persona("hr")
        response = hr.post(
            reverse("assessments:veto_create"),
            {"cadre": "B001", "item": item.pk, "occurred_on": TODAY.isoformat(), "evidence": ""},
        )
        errors = response.context["form"].errors
        assert "cadre" in errors and "evidence" in errors
        assert not VetoEntry.objects.exists()

    def test_rejection_without_reason_changes_nothing(self, scoring, world, as_persona):
        entry = _veto(world)
        before = _snapshot(entry)
        response = as_persona("committee").post(
            reverse("assessments:veto_decide", args=[entry.pk]), {"decision": "reject"}
        )
        assert "请填写理由" in response.content.decode()
        assert _snapshot(entry) == before

    def test_outside_scope_is_404(self, scoring, world, as_persona, two_sided_committee):
        entry = _veto(world)
        before = _snapshot(entry)
        assert as_persona("hr_other").get(reverse("assessments:veto_detail", args=[entry.pk])).status_code == 404
        client = client_for(world, "anonymous")
        client.force_login(two_sided_committee)
        assert (
            client.post(
                reverse("assessments:veto_decide", args=[entry.pk]), {"decision": "approve", "confirmed": "1"}
            ).status_code
            == 404
        )
        assert _snapshot(entry) == before


class TestLists:
    def test_hr_sees_its_scope_and_filters(self, scoring, world, as_persona):
        _point(world, note="a")
        _point(world, code="circulated_criticism")
        _point(world, cadre=world.other_cadre, recorder="hr_other")
        last_year = datetime.date(TODAY.year - 1, 6, 1)
        _point(world, code="innovation", occurred_on=last_year)
        hr = as_persona("hr")
        url = reverse("assessments:point_list")

        def rows(**params):
            return [(e.cadre.employee_no, e.item.code) for e in hr.get(url, params).context["page"]]

        assert len(rows()) == 3 and all(no == "A001" for no, _ in rows())
        assert rows(kind="deduction") == [("A001", "circulated_criticism")]
        assert rows(year=str(TODAY.year - 1)) == [("A001", "innovation")]
        assert rows(q="通报") == [("A001", "circulated_criticism")]
        assert len(rows(unit=str(world.unit_a1.pk))) == 3
        assert rows(unit=str(world.unit_b.pk)) == []  # outside scope: nothing, not everything
        assert rows(status="approved") == []
        body = hr.get(url).content.decode()
        assert "李四" not in body and "城关所" not in body

    def test_the_committee_sees_both_sides_and_the_veto_item_filter(self, scoring, world, as_persona):
        _veto(world)
        _veto(world, cadre=world.other_cadre, recorder="hr_other")
        page = as_persona("committee").get(reverse("assessments:veto_list"), {"item": _veto_item(world).pk})
        assert {e.cadre.name for e in page.context["page"]} == {"张三", "李四"}

    def test_the_list_pages_by_50_and_keeps_its_filters(self, scoring, world, as_persona):
        entries = [
            PointEntry(
                cadre=world.cadre,
                item=_item(world, "award_city"),
                year=TODAY.year,
                occurred_on=TODAY,
                evidence="e",
                points=Decimal("0.01"),
            )
            for _ in range(60)
        ]
        PointEntry.objects.bulk_create(entries)
        response = as_persona("hr").get(reverse("assessments:point_list"), {"status": "pending"})
        assert response.context["page"].paginator.num_pages == 2
        assert "status=pending&amp;page=2" in response.content.decode()

    def test_the_list_query_count_does_not_grow_with_rows(
        self, scoring, world, as_persona, django_assert_max_num_queries
    ):
        client = as_persona("committee")
        url = reverse("assessments:point_list")
        _point(world)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _ in range(10):
            _point(world, code="circulated_criticism", points="0.1")
            _point(world, cadre=world.other_cadre, recorder="hr_other", points="0.01")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert response.context["page"].paginator.count == 21
        assert len(few.captured_queries) <= 13  # +1: the read is recorded (common.read_audit)
        with django_assert_max_num_queries(13):  # +1: the read is recorded (common.read_audit)
            client.get(url, {"unit": world.unit_a.pk, "q": "张", "year": TODAY.year, "kind": "bonus"})


class TestApprovalQueue:
    def test_pending_items_oldest_first_with_a_count(self, scoring, world, as_persona):
        first = _point(world)
        veto = _veto(world, cadre=world.other_cadre, recorder="hr_other")
        last = _point(world, code="circulated_criticism")
        done = _point(world, code="innovation")
        point_entry_decide(entry=done, approve=True, actor=world.users["committee"])

        response = as_persona("committee").get(reverse("assessments:approvals"))

        queue = response.context["queue"]
        assert [i.entry.pk for i in queue.items] == [first.pk, veto.pk, last.pk]
        assert [i.is_point for i in queue.items] == [True, False, True]
        assert (queue.count, queue.point_count, queue.veto_count) == (3, 2, 1)
        body = response.content.decode()
        assert 'id="panel-records-count"' in body and "改革创新经验被上级推广" not in body

    def test_the_queue_is_the_committees_only_and_scoped(self, scoring, world, as_persona, two_sided_committee):
        _point(world)
        theirs = _point(world, cadre=world.other_cadre, recorder="hr_other")
        assert as_persona("hr").get(reverse("assessments:approvals")).status_code == 403
        assert as_persona("admin").get(reverse("assessments:approvals")).status_code == 403
        client = client_for(world, "anonymous")
        client.force_login(two_sided_committee)
        queue = client.get(reverse("assessments:approvals")).context["queue"]
        assert [i.entry.pk for i in queue.items] == [theirs.pk] and queue.count == 1

    def test_inline_approve_returns_the_row_and_the_new_count(self, scoring, world, as_persona):
        entry = _point(world)
        _veto(world)
        response = as_persona("committee").post(
            reverse("assessments:point_decide", args=[entry.pk]),
            {"decision": "approve", "confirmed": "1", "next": "/committee/"},
            **HTMX,
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert f'id="rec-point-{entry.pk}"' in body and "已批准" in body and 'name="decision"' not in body
        assert 'id="panel-records-count" hx-swap-oob="true"' in body and ">1</span>" in body
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.APPROVED

    def test_inline_reject_without_reason_keeps_the_form_with_the_error(self, scoring, world, as_persona):
        entry = _veto(world)
        before = _snapshot(entry)
        response = as_persona("committee").post(
            reverse("assessments:veto_decide", args=[entry.pk]), {"decision": "reject", "reason": ""}, **HTMX
        )
        body = response.content.decode()
        assert response.status_code == 200 and "请填写理由" in body and 'value="reject"' in body
        assert _snapshot(entry) == before

    def test_plain_post_from_the_queue_returns_to_it(self, scoring, world, as_persona):
        entry = _veto(world)
        response = as_persona("committee").post(
            reverse("assessments:veto_decide", args=[entry.pk]),
            {"decision": "reject", "reason": "不属实", "next": reverse("assessments:approvals")},
        )
        assert response.status_code == 302 and response["Location"] == reverse("assessments:approvals")
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.REJECTED

    def test_the_queue_query_count_is_constant(self, scoring, world, as_persona, django_assert_max_num_queries):
        client = as_persona("committee")
        url = reverse("assessments:approvals")
        _point(world)
        _veto(world)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for i in range(10):
            _point(world, code="circulated_criticism", points="0.1")
            _veto(world, cadre=world.other_cadre, recorder="hr_other", days_ago=i + 1)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert response.context["queue"].count == 22
        assert len(few.captured_queries) <= 13  # +1: the read is recorded (common.read_audit)


class TestLandingPanels:
    def test_committee_home_lists_pending_points_and_vetoes(self, scoring, world, as_persona):
        _point(world)
        _veto(world, cadre=world.other_cadre, recorder="hr_other")

        body = as_persona("committee").get(reverse("committee_home")).content.decode()

        assert "待审批的加减分和一票否决" in body
        assert 'id="panel-records-count" class="badge rounded-pill text-bg-danger">2<' in body
        assert "张三" in body and "李四" in body and reverse("assessments:approvals") in body
        panel = body[body.index('id="panel-records"') :]
        assert 'name="csrfmiddlewaretoken"' in panel and 'value="approve"' in panel

    def test_committee_home_without_pending_items(self, scoring, world, as_persona):
        body = as_persona("committee").get(reverse("committee_home")).content.decode()
        assert "没有待审批的加减分或一票否决" in body

    def test_the_cadre_sees_their_approved_records_of_this_year_only(self, scoring, world, as_persona):
        approved = _point(world)
        point_entry_decide(entry=approved, approve=True, actor=world.users["committee"])
        _point(world, code="circulated_criticism")  # pending: not shown
        old = _point(world, code="innovation", occurred_on=datetime.date(TODAY.year - 1, 5, 1))
        point_entry_decide(entry=old, approve=True, actor=world.users["committee"])
        theirs = _point(world, cadre=world.other_cadre, code="emergency", recorder="hr_other")
        point_entry_decide(entry=theirs, approve=True, actor=world.users["committee"])
        veto = _veto(world)
        from assessments.services import veto_entry_decide

        veto_entry_decide(entry=veto, approve=True, actor=world.users["committee"])

        body = as_persona("cadre").get(reverse("me")).content.decode()

        assert f"{TODAY.year} 年加减分和一票否决" in body
        assert "工作获市级表彰或承办市级现场会" in body and _veto_item(world).name in body
        assert "被通报批评" not in body  # pending
        assert "改革创新经验被上级推广" not in body  # last year
        assert "在急难险重任务中表现突出" not in body  # someone else's
        assert "加分 0.30 分" in body or "加分 0.3 分" in body


class TestPanelRegistry:
    def test_providers_render_in_order_and_may_decline(self, rf):
        from org import panels

        def late(request):
            return panels.Panel(title="后", template="assessments/_record_status.html", context={"entry": None})

        def early(request):
            return panels.Panel(title="先", template="assessments/_record_status.html", count=3, key="early")

        def silent(request):
            return None

        panels.register("test-role", late, order=20)
        panels.register("test-role", early, order=10)
        panels.register("test-role", silent)
        panels.register("test-role", early, order=10)  # twice: still once
        request = rf.get("/")
        request.user = AnonymousUser()
        try:
            rendered = panels.panels_for("test-role", request)
            assert [(p.title, p.count, p.key) for p in rendered] == [("先", 3, "early"), ("后", None, "")]
            assert "badge" in rendered[0].html
        finally:
            for fn in (late, early, silent):
                panels.unregister("test-role", fn)
        assert panels.providers_for("test-role") == []


class TestApprovalReadBack:
    """Approving is consequential: the committee reads back what will happen before it is made."""

    def test_approving_a_deduction_reads_back_the_cadre_the_points_and_the_cap(self, scoring, world, as_persona):
        entry = _point(world, code="circulated_criticism", occurred_on=datetime.date(2025, 6, 1))
        client = as_persona("committee")
        url = reverse("assessments:point_decide", args=[entry.pk])
        response = client.post(url, {"decision": "approve", "reason": "同意"}, **HTMX)
        body = response.content.decode()
        assert (
            "将对 张三(综合科一组) 记 2025 年度扣分 0.50 分:被通报批评" in body
            and "年度上限" in body
            and "确认批准" in body
        )
        assert 'name="reason" value="同意"' in body
        entry.refresh_from_db()
        assert entry.status == "pending"  # nothing decided yet
        client.post(url, {"decision": "approve", "reason": "同意", "confirmed": "1"}, **HTMX)
        entry.refresh_from_db()
        assert (entry.status, entry.decision_reason) == ("approved", "同意")

    def test_approving_a_veto_reads_back_the_grade_cap_and_the_step_down(self, scoring, world, as_persona):
        entry = _veto(world, days_ago=(TODAY - datetime.date(2025, 6, 1)).days)
        response = as_persona("committee").post(
            reverse("assessments:veto_decide", args=[entry.pk]), {"decision": "approve"}
        )
        body = response.content.decode()
        assert response.status_code == 200 and "将对 张三(综合科一组) 记 2025 年度一票否决" in body
        assert "主动让贤" in body and "一票否决后年度考核等次" in body
        entry.refresh_from_db()
        assert entry.status == "pending"

    def test_rejecting_needs_no_read_back(self, scoring, world, as_persona):
        entry = _point(world, code="circulated_criticism", occurred_on=datetime.date(2025, 6, 1))
        as_persona("committee").post(
            reverse("assessments:point_decide", args=[entry.pk]), {"decision": "reject", "reason": "依据不足"}
        )
        entry.refresh_from_db()
        assert entry.status == "rejected"
