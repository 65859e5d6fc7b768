"""The activation sheet: HR picks a unit or a selection, sees who will be on it (and who not, and why), and downloads
it as PDF or XLSX; the download issues the codes, so the codes in the file are the ones that activate."""

import io
import re

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from org.accounts.codes import code_matches
from org.accounts.sheet import sheet_pdf
from org.models import AccountActivation, Cadre
from org.services import account_activation_issue, account_lock, cadre_create, role_assign

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@pytest.fixture
def newcomers(world):
    """Three cadres of 综合科一组 without logins."""
    return [
        cadre_create(organization=world.org, employee_no=no, unit=world.unit_a1, name=name, gender="F")
        for no, name in (("A011", "陈一"), ("A012", "林二"), ("A013", "欧阳三"))
    ]


def hr_client(world) -> Client:
    client = Client()
    client.force_login(world.users["hr"])
    return client


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_preview_lists_who_will_be_on_the_sheet_and_who_not(world, newcomers):
    # given 欧阳三 of 综合科一组 has left, and 张三's login is switched off
    Cadre.objects.filter(pk=newcomers[2].pk).update(left_on="2025-01-31")
    account_lock(cadres=[world.cadre], actor=world.users["hr"])

    # when HR opens the sheet for 综合科一组, activated logins included
    response = hr_client(world).get("/org/accounts/sheet/", {"unit": world.unit_a1.pk, "reset": "1"})

    # then the two newcomers are listed (they get logins first), 张三 is left out with the reason; nothing changed
    body = response.content.decode()
    assert response.status_code == 200
    eligible = body.split('id="sheet-eligible"')[1].split("</table>")[0]
    assert "陈一" in eligible and "林二" in eligible and "欧阳三" not in eligible and "张三" not in eligible
    assert "账号已停用,请先启用" in body.split('id="sheet-skipped"')[1]
    assert "其中 2 人将先建立登录账号" in body
    assert not AccountActivation.objects.exists() and not Cadre.objects.filter(pk=newcomers[0].pk, user__isnull=False)


def test_the_pdf_shows_each_name_unit_username_and_a_code_that_activates(world, newcomers):
    # when HR downloads the PDF for the three newcomers
    response = hr_client(world).post("/org/accounts/sheet/", {"cadres": [c.pk for c in newcomers], "format": "pdf"})

    # then the file is a PDF in Chinese (reportlab's built-in font) with every name, unit, username and a code
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    codes = CODE.findall(text)
    assert len(codes) == 3
    for cadre, code in zip(newcomers, codes, strict=True):
        assert cadre.name in text and cadre.employee_no in text
        stored = AccountActivation.objects.get(user__cadre=cadre)
        assert code_matches(code, stored.code_hash)
    assert "综合科一组" in text and "http://testserver/accounts/activate/" in text


def test_the_xlsx_has_one_row_per_cadre(world, newcomers):
    response = hr_client(world).post("/org/accounts/sheet/", {"cadres": [c.pk for c in newcomers], "format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "工号", "单位", "用户名", "激活码", "有效期至", "激活网址")
    assert sorted(r[0] for r in rows[1:]) == sorted(c.name for c in newcomers)
    for row in rows[1:]:
        cadre = Cadre.objects.get(employee_no=row[1])
        assert row[2] == "综合科一组" and row[3] == cadre.user.username
        assert code_matches(row[4], AccountActivation.objects.get(user=cadre.user, voided_at=None).code_hash)


def test_printing_again_voids_the_codes_printed_before(world, newcomers):
    client = hr_client(world)
    first = CODE.findall(
        pdf_text(client.post("/org/accounts/sheet/", {"cadres": [newcomers[0].pk], "format": "pdf"}).content)
    )
    second = CODE.findall(
        pdf_text(client.post("/org/accounts/sheet/", {"cadres": [newcomers[0].pk], "format": "pdf"}).content)
    )
    rows = list(AccountActivation.objects.filter(user__cadre=newcomers[0]).order_by("pk"))
    assert first != second and rows[0].voided_at is not None and rows[1].is_open


def test_hr_of_another_subtree_gets_nobody_on_the_sheet(world, newcomers):
    client = Client()
    client.force_login(world.users["hr_other"])
    response = client.post("/org/accounts/sheet/", {"cadres": [c.pk for c in newcomers], "format": "pdf"})
    assert response.status_code == 200 and "没有可以生成激活码的干部" in response.content.decode()
    assert not AccountActivation.objects.exists()


def test_a_login_with_staff_rights_is_left_to_the_administrator(world):
    role_assign(user=world.cadre.user, role="committee", organization=world.org)
    response = hr_client(world).get("/org/accounts/sheet/", {"cadres": [world.cadre.pk]})
    assert "由系统管理员管理" in response.content.decode()


def test_a_sheet_of_many_pages_keeps_every_slip(world):
    cadres = [
        cadre_create(organization=world.org, employee_no=f"S{i:03d}", unit=world.unit_a1, name=f"测试{i}", gender="M")
        for i in range(7)
    ]
    issued = account_activation_issue(cadres=cadres, actor=world.users["hr"])
    content = sheet_pdf(issued, address="http://intranet/accounts/activate/")
    assert len(PdfReader(io.BytesIO(content)).pages) == 3
    text = pdf_text(content)
    assert all(item.code in text and item.cadre.name in text for item in issued)
