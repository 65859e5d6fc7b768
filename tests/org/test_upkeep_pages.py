"""HR's upkeep pages: each a form calling one service; errors next to the fields, in Chinese; success says so and
leads back; the unit and cadre pages offer the actions to those who may take them; the lists pin their queries."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from org.models import Appointment, Cadre, Post, Unit
from org.services import cadre_account_ensure, cadre_create, post_create


def client_of(world, persona) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_hr_moves_a_cadre_to_another_unit_on_the_page(world):
    client = client_of(world, "hr")
    url = f"/org/cadres/{world.cadre.pk}/edit/"
    form = client.get(url).content.decode()
    assert "编辑干部信息" in form and "城关所" not in form  # only units of HR's scope are offered
    response = client.post(
        url,
        {
            "name": "张三",
            "gender": "M",
            "birth_date": "1985-05-01",
            "rank_grade": "一级主任科员",
            "unit": world.unit_a.pk,
            "reason": "工作调整",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/org/cadres/{world.cadre.pk}/"
    assert Cadre.objects.get(pk=world.cadre.pk).unit == world.unit_a
    assert "已保存张三的信息" in client.get(response["Location"]).content.decode()


def test_a_unit_from_outside_ones_scope_is_refused_next_to_its_field(world):
    client = client_of(world, "hr")
    response = client.post(
        f"/org/cadres/{world.cadre.pk}/edit/",
        {"name": "张三", "gender": "M", "unit": world.unit_b.pk},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "请从列表中选择单位(或不在您的管理范围内)。" in body
    assert Cadre.objects.get(pk=world.cadre.pk).unit == world.unit_a1


def test_closing_a_unit_shows_what_is_left_before_and_refuses(world):
    client = client_of(world, "hr")
    url = f"/org/units/{world.unit_a1.pk}/close/"
    body = client.get(url).content.decode()
    assert "撤销前须先处理" in body and "在设职务 1 个(组长)" in body and "在册干部 1 名(张三)" in body
    response = client.post(url, {"closed_on": "2025-06-30", "reason": "机构调整"})
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    assert Unit.objects.get(pk=world.unit_a1.pk).closed_on is None


def test_appointing_and_dismissing_with_the_decision_document(world):
    client = client_of(world, "hr")
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    newcomer = cadre_create(organization=world.org, employee_no="A009", unit=world.unit_a1, name="王九", gender="M")

    # a missing document number and date are said next to their fields
    body = client.post(
        f"/org/cadres/{newcomer.pk}/appoint/",
        {"post": post.pk, "start_date": "2025-06-01", "start_reason": "appointed"},
    ).content.decode()
    assert "请填写任免文号。" in body and "请填写任免决定日期。" in body
    assert not newcomer.appointments.exists()

    response = client.post(
        f"/org/cadres/{newcomer.pk}/appoint/",
        {
            "post": post.pk,
            "start_date": "2025-06-01",
            "start_reason": "appointed",
            "document_no": "测组〔2025〕1号",
            "document_date": "2025-05-28",
        },
    )
    assert response.status_code == 302
    appointment = newcomer.appointments.get()
    page = client.get(f"/org/cadres/{newcomer.pk}/").content.decode()
    assert "测组〔2025〕1号" in page and f"/org/appointments/{appointment.pk}/end/" in page

    response = client.post(
        f"/org/appointments/{appointment.pk}/end/",
        {
            "end_date": "2025-09-01",
            "end_reason": "removed",
            "document_no": "测组〔2025〕9号",
            "document_date": "2025-08-30",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).end_document_no == "测组〔2025〕9号"
    # 主动让贤 is not offered: it ends through the step-down workflow
    assert 'value="step_down"' not in client.get(f"/org/cadres/{world.cadre.pk}/leave/").content.decode()


def test_the_pages_offer_the_actions_only_to_hr_in_scope(world):
    unit_url, cadre_url = f"/org/units/{world.unit_a1.pk}/", f"/org/cadres/{world.cadre.pk}/"
    hr = client_of(world, "hr")
    assert 'id="unit-actions"' in hr.get(unit_url).content.decode()
    assert 'id="cadre-actions"' in hr.get(cadre_url).content.decode()
    # the top of HR's own subtree (综合科) may be renamed, not moved nor closed
    top = hr.get(f"/org/units/{world.unit_a.pk}/").content.decode()
    assert f"/org/units/{world.unit_a.pk}/rename/" in top and f"/org/units/{world.unit_a.pk}/move/" not in top
    assert f"/org/units/{world.unit_a1.pk}/move/" in hr.get(unit_url).content.decode()
    committee = client_of(world, "committee")
    assert 'id="unit-actions"' not in committee.get(unit_url).content.decode()
    assert 'id="cadre-actions"' not in committee.get(cadre_url).content.decode()


def test_the_cadre_list_button_creates_logins_for_the_listed_cadres_without_one(world):
    newcomer = cadre_create(organization=world.org, employee_no="A009", unit=world.unit_a1, name="王九", gender="M")
    client = client_of(world, "hr")
    assert 'id="cadre-list-accounts"' in client.get("/org/cadres/").content.decode()
    response = client.post("/org/accounts/create/", {"unit": world.unit_a1.pk, "q": "", "next": "/org/cadres/"})
    assert response.status_code == 302 and response["Location"] == "/org/cadres/"
    assert Cadre.objects.get(pk=newcomer.pk).user.username == "A009"
    assert "已为 1 名干部建立登录账号" in client.get("/org/cadres/").content.decode()


def test_a_cadre_who_left_is_listed_apart(world):
    Cadre.objects.filter(pk=world.cadre.pk).update(left_on=datetime.date(2025, 1, 31))
    client = client_of(world, "hr")
    assert "张三" not in client.get("/org/cadres/").content.decode()
    assert "张三" in client.get("/org/cadres/?left=1").content.decode()


# Session, user, roles, the navigation's counts, the page: its count, rows, staff rights, the unit filter.


def test_the_account_list_reads_the_same_few_queries_however_long(world):
    counts = []
    for size in (2, 25):
        cadres = [
            cadre_create(
                organization=world.org, employee_no=f"N{size}-{i}", unit=world.unit_a1, name=f"名{i}", gender="M"
            )
            for i in range(size)
        ]
        cadre_account_ensure(cadres=cadres, actor=None)
        client = client_of(world, "hr")
        client.get("/org/accounts/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/org/accounts/")
        counts.append(len(queries))
    assert counts == [11, 11], counts
