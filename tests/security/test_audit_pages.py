"""The audit administrator's page: both trails, filtered by person, actor, action and date, and exported."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from common.models import ReadLog
from org.services import cadre_update
from tests.conftest import PASSWORD


@pytest.fixture
def trail(world, as_persona):
    """A change to 张三 by HR, HR reading 张三 and 李四's HR reading 李四, and an old change."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40), tick=False):
        cadre_update(cadre=world.other_cadre, rank_grade="二级主任科员", actor=world.users["hr_other"])
    cadre_update(cadre=world.cadre, rank_grade="三级主任科员", actor=world.users["hr"])
    as_persona("hr").get(f"/org/cadres/{world.cadre.pk}/", REMOTE_ADDR="10.8.1.23")
    as_persona("hr_other").get(f"/org/cadres/{world.other_cadre.pk}/", REMOTE_ADDR="10.8.1.24")
    return world


def test_the_change_trail_filters_by_person_actor_action_and_date(trail, as_persona):
    client = as_persona("auditadmin")
    page = client.get("/audit/", {"person": "A001", "actor": "hr", "action": "org.cadre.update"})
    assert page.status_code == 200
    rows = page.context["entries"]
    assert [e.subject for e in rows] == ["张三(A001)"]
    assert "修改干部信息" in page.content.decode()  # the action by its name
    # the older change falls outside a date range that starts after it
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    update = "org.cadre.update"
    recent = client.get("/audit/", {"person": "B001", "action": update, "start": since}).context["entries"]
    assert recent == []
    older = client.get("/audit/", {"person": "B001", "action": update, "end": since}).context["entries"]
    assert [e.subject for e in older] == ["李四(B001)"]


def test_the_read_trail_filters_the_same_way(trail, as_persona):
    client = as_persona("auditadmin")
    page = client.get("/audit/", {"kind": "reads", "person": "张三"})
    rows = list(page.context["page"])
    assert [(r.actor.username, r.person, r.address) for r in rows] == [("hr", "张三(A001)", "10.8.1.23")]
    assert "干部详情" in page.content.decode()
    by_page = client.get("/audit/", {"kind": "reads", "action": "org:cadre_detail", "actor": "hr_other"})
    assert [r.person for r in by_page.context["page"]] == ["李四(B001)"]


def test_a_date_range_backwards_is_refused_next_to_the_field(trail, as_persona):
    page = as_persona("auditadmin").get("/audit/", {"start": "2026-03-01", "end": "2026-02-01"})
    assert "截止日期不能早于起始日期" in page.content.decode()


def test_the_export_is_csv_and_xlsx_of_what_is_filtered_and_formula_safe(trail, as_persona, world):
    cadre_update(cadre=world.cadre, rank_grade="=HYPERLINK(1)", actor=world.users["hr"])
    client = as_persona("auditadmin")
    response = client.get("/audit/export.csv", {"person": "A001"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["序号", "时间", "操作人", "动作"]
    assert all(r[4] == "张三(A001)" for r in rows[1:]) and len(rows) >= 3
    assert not any(cell.startswith("=") for r in rows for cell in r)
    xlsx = client.get("/audit/export.xlsx", {"kind": "reads", "action": "org:cadre_detail"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:5] == ["序号", "时间", "查阅人", "页面", "被查阅人"]
    assert sheet.max_row - 1 == ReadLog.objects.filter(view="org:cadre_detail").count()
    # and the same data exports to the same bytes, a while later too
    query = {"kind": "reads", "action": "org:cadre_detail"}
    first = client.get("/audit/export.xlsx", query).content
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        assert client.get("/audit/export.xlsx", query).content == first


def test_reading_the_trail_is_itself_recorded(trail, as_persona, world):
    as_persona("auditadmin").get("/audit/", {"person": "张三"})
    row = ReadLog.objects.filter(view="security:audit_log").get()
    assert row.actor == world.users["auditadmin"] and "person=" in row.query


@pytest.mark.parametrize("persona", ["admin", "sysadmin", "secadmin", "hr", "committee", "cadre"])
def test_nobody_else_opens_it(world, as_persona, persona):
    assert as_persona(persona).get("/audit/").status_code == 403
    assert as_persona(persona).get("/audit/export.csv").status_code == 403


def test_the_audit_administrator_lands_on_it(world):
    from django.test import Client

    client = Client()
    client.post("/accounts/login/", {"username": "auditadmin", "password": PASSWORD})
    assert client.get("/")["Location"] == "/audit/"
