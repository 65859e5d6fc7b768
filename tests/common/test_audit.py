import datetime

import pytest
from django.db import transaction

from common.audit import audit_log_for, audit_log_record
from common.errors import ApplicationError
from common.models import AuditLog
from org.models import Appointment
from org.services import appointment_end, cadre_update


def test_a_service_writes_who_what_before_after_and_why(world):
    # given a cadre, when HR changes the rank grade with a reason
    hr = world.users["hr"]
    cadre_update(cadre=world.cadre, rank_grade="二级主任科员", actor=hr, reason="职级晋升")

    # then one audit row says who, what, before, after and why
    row = audit_log_for(world.cadre).first()
    assert row.actor == hr
    assert row.action == "org.cadre.update"
    assert row.before["rank_grade"] == "一级主任科员"
    assert row.after["rank_grade"] == "二级主任科员"
    assert row.reason == "职级晋升"
    assert ("rank_grade", "一级主任科员", "二级主任科员") in row.changes()


def test_an_unchanged_update_writes_no_audit_row(world):
    before = AuditLog.objects.count()
    cadre_update(cadre=world.cadre, rank_grade=world.cadre.rank_grade, actor=world.users["hr"])
    assert AuditLog.objects.count() == before


def test_a_rolled_back_change_leaves_no_audit_row(world):
    before = AuditLog.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        cadre_update(cadre=world.cadre, rank_grade="三级调研员", actor=world.users["hr"])
        raise RuntimeError("the caller's transaction fails afterwards")
    assert AuditLog.objects.count() == before
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "一级主任科员"


def test_a_refused_step_changes_nothing(world):
    # given an appointment, when it is ended with an end date before its start
    appointment = world.cadre.appointments.get()
    before = AuditLog.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        appointment_end(
            appointment=appointment, end_date=datetime.date(2020, 1, 1), end_reason=Appointment.EndReason.STEP_DOWN
        )
    # then it is refused in Chinese, and neither the appointment nor the log changed
    assert "免职日期必须晚于任职日期" in excinfo.value.message
    appointment.refresh_from_db()
    assert appointment.end_date is None
    assert AuditLog.objects.count() == before


def test_stepping_down_keeps_the_rank_grade(world):
    appointment = world.cadre.appointments.get()
    appointment_end(
        appointment=appointment,
        end_date=datetime.date(2025, 2, 10),
        end_reason=Appointment.EndReason.STEP_DOWN,
        actor=world.users["hr"],
        reason="主动让贤",
    )
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "一级主任科员"
    row = audit_log_for(appointment).first()
    assert row.action == "org.appointment.end"
    assert row.after["end_reason"] == "step_down"


def test_audit_outside_a_transaction_is_refused(transactional_db):
    from org.models import Organization

    org = Organization.objects.create(code="bare", name="无事务机构")
    with pytest.raises(RuntimeError):
        audit_log_record(actor=None, action="x.y", subject=org)
    assert not AuditLog.objects.exists()


def test_the_audit_history_shows_on_the_cadre_page(world, as_persona):
    cadre_update(cadre=world.cadre, rank_grade="二级主任科员", actor=world.users["hr"], reason="职级晋升")
    body = as_persona("hr").get(f"/org/cadres/{world.cadre.pk}/").content.decode()
    assert "变更记录" in body
    assert "职级晋升" in body
    # the action and the field in words, not codes
    assert "修改干部信息" in body and "org.cadre.update" not in body
    assert "职级</span>:<del>一级主任科员</del> → 二级主任科员" in body


def test_the_audit_log_is_read_only_in_the_admin(world, as_persona):
    client = as_persona("admin")
    row = AuditLog.objects.first()
    assert client.get("/admin/common/auditlog/").status_code == 200
    assert client.get("/admin/common/auditlog/add/").status_code == 403
    response = client.post(f"/admin/common/auditlog/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_an_admin_edit_is_audited_and_shown_on_its_admin_page(world, as_persona):
    client = as_persona("admin")
    url = f"/admin/org/post/{world.post_a.pk}/change/"
    response = client.post(
        url, {"unit": world.post_a.unit_id, "name": "组长", "kind": "middle", "is_leadership": "on", "headcount": 2}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = audit_log_for(world.post_a).first()
    assert row.action == "org.post.admin_change"
    assert row.actor == world.users["admin"]
    assert (row.before["headcount"], row.after["headcount"]) == (1, 2)
    page = client.get(url).content.decode()
    assert "后台修改职务" in page and "职数: 1 → 2" in page


def test_an_inline_edit_in_the_admin_is_audited(world, as_persona):
    appointment = world.cadre.appointments.get()
    client = as_persona("admin")
    url = f"/admin/org/cadre/{world.cadre.pk}/change/"
    data = {
        "organization": world.org.pk,
        "unit": world.unit_a1.pk,
        "employee_no": "A001",
        "name": "张三",
        "gender": "M",
        "birth_date": "1985-05-01",
        "rank_grade": "一级主任科员",
        "work_start_date": "2008-07-01",
        "user": world.users["cadre"].pk,
        "appointments-TOTAL_FORMS": 1,
        "appointments-INITIAL_FORMS": 1,
        "appointments-MIN_NUM_FORMS": 0,
        "appointments-MAX_NUM_FORMS": 1000,
        "appointments-0-id": appointment.pk,
        "appointments-0-cadre": world.cadre.pk,
        "appointments-0-post": world.post_a.pk,
        "appointments-0-start_date": "2023-03-01",
        "appointments-0-end_date": "2025-02-10",
        "appointments-0-start_reason": "appointed",
        "appointments-0-end_reason": "step_down",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = audit_log_for(appointment).first()
    assert row.action == "org.appointment.admin_change"
    assert row.before["end_date"] is None and row.after["end_date"] == "2025-02-10"
