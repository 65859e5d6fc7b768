"""The papers page and its downloads: print buttons for the year, PDFs scoped to the user's units, the deadline,
the cadre's summary online up to the deadline (refused after it, nothing changed), HR's paper summary and the
cadre's acknowledgement once the year is published."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from common.models import AuditLog
from papers.models import PersonalSummary, SummaryDeadline
from papers.services.summaries import summary_write
from tests.papers.conftest import COMPOSITES


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_page_has_print_buttons_for_the_year(world, year, as_persona):
    response = as_persona("hr").get(reverse("papers:index"), {"year": "2024"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="print-pack"' in body and 'id="print-all"' in body
    assert f"group={year.group.pk}" in body
    assert "张三" in body and "李四" not in body  # HR of 综合科 sees its own cadres only


def test_the_forms_pdf_is_scoped(world, year, as_persona):
    hr = as_persona("hr")
    text = pdf_text(hr.get(reverse("papers:forms_pdf"), {"year": "2024"}))
    assert "张三" in text and "李四" not in text
    one = pdf_text(hr.get(reverse("papers:forms_pdf"), {"year": "2024", "cadre": world.cadre.pk}))
    assert "张三" in one and "王甲" not in one
    other = as_persona("hr_other")
    assert other.get(reverse("papers:forms_pdf"), {"year": "2024", "cadre": world.cadre.pk}).status_code == 404
    committee = pdf_text(as_persona("committee").get(reverse("papers:forms_pdf"), {"year": "2024"}))
    assert all(name in committee for name in COMPOSITES)
    assert AuditLog.objects.filter(action="papers.print", actor=world.users["hr"]).count() == 2


def test_the_pack_from_the_page(world, year, as_persona):
    response = as_persona("committee").get(reverse("papers:pack_pdf"), {"year": "2024"})
    text = pdf_text(response)
    assert "党组会议材料" in text.replace(" ", "") and "赵乙" in text


def test_the_cadre_writes_the_summary_before_the_deadline_only(world, year, as_persona):
    client = as_persona("other_cadre")  # 李四
    url = reverse("papers:mine")
    assert client.post(url, {"action": "summary", "year": "2024", "text": "总结"}).status_code == 400
    assert not PersonalSummary.objects.filter(cadre=world.other_cadre).exists()
    SummaryDeadline.objects.create(organization=world.org, year=2024, deadline=datetime.date(2099, 1, 31))
    response = client.post(url, {"action": "summary", "year": "2024", "text": "一年来,认真履职。"})
    assert response.status_code == 302
    assert PersonalSummary.objects.get(cadre=world.other_cadre, year=2024).text == "一年来,认真履职。"
    assert AuditLog.objects.filter(action="papers.summary.write").count() == 1
    SummaryDeadline.objects.filter(year=2024).update(deadline=datetime.date(2025, 1, 31))
    response = client.post(url, {"action": "summary", "year": "2024", "text": "改过的"})
    assert response.status_code == 400
    assert "已于2025-01-31截止" in response.content.decode()
    assert PersonalSummary.objects.get(cadre=world.other_cadre, year=2024).text == "一年来,认真履职。"


def test_hr_uploads_a_paper_summary_which_then_stands(world, year, as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SummaryDeadline.objects.create(organization=world.org, year=2024, deadline=datetime.date(2099, 1, 31))
    url = reverse("papers:paper_upload", kwargs={"pk": world.cadre.pk})
    bad = as_persona("hr").post(url, {"year": "2024", "paper": SimpleUploadedFile("总结.exe", b"MZ")})
    assert bad.status_code == 302
    assert PersonalSummary.objects.get(cadre=world.cadre).source == PersonalSummary.Source.ONLINE  # unchanged
    assert as_persona("hr_other").post(url, {"year": "2024"}).status_code == 404
    paper = SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n%%EOF\n")
    assert as_persona("hr").post(url, {"year": "2024", "paper": paper}).status_code == 302
    summary = PersonalSummary.objects.get(cadre=world.cadre)
    assert summary.source == PersonalSummary.Source.PAPER and summary.paper.name.endswith(".pdf")
    text = pdf_text(as_persona("hr").get(reverse("papers:forms_pdf"), {"year": "2024", "cadre": world.cadre.pk}))
    assert "纸质材料" in text.replace(" ", "")
    try:
        summary_write(actor=world.cadre.user, cadre=world.cadre, year=2024, text="网上再改")
    except Exception as error:  # noqa: BLE001
        assert "纸质" in str(error)
    else:
        raise AssertionError("a paper summary stands")


def test_the_cadre_signs_the_acknowledgement_once(world, year, as_persona):
    client = as_persona("other_cadre")
    url = reverse("papers:mine")
    assert "签署本人意见" in client.get(url, {"year": "2024"}).content.decode()
    assert client.post(url, {"action": "acknowledge", "year": "2024", "opinion": "无异议"}).status_code == 302
    assert client.post(url, {"action": "acknowledge", "year": "2024", "opinion": "有异议"}).status_code == 400
    assert PersonalSummary.objects.get(cadre=world.other_cadre, year=2024).own_opinion == "无异议"
    refused = client.post(url, {"action": "acknowledge", "year": "2023", "opinion": "无异议"})
    assert refused.status_code == 400 and "尚未公布" in refused.content.decode()


def test_organization_wide_hr_set_the_deadline(world, year, as_persona):
    response = as_persona("admin").post(reverse("papers:deadline_set"), {"year": "2024", "deadline": "2025-01-10"})
    assert response.status_code == 302
    assert SummaryDeadline.objects.get(organization=world.org, year=2024).deadline == datetime.date(2025, 1, 10)
    assert (
        as_persona("hr").post(reverse("papers:deadline_set"), {"year": "2024", "deadline": "2025-02-10"}).status_code
        == 403
    )
    assert SummaryDeadline.objects.get(organization=world.org, year=2024).deadline == datetime.date(2025, 1, 10)


def test_the_lists_the_committee_works_from_have_print_buttons(world, year, as_persona):
    committee = as_persona("committee")
    cases = committee.get(reverse("demotion:case_list"), {"year": "2024"}).content.decode()
    assert 'id="print-pack"' in cases and reverse("papers:pack_pdf") in cases
    export = as_persona("hr").get(reverse("assessments:results_export"), {"run": year.run.pk}).content.decode()
    assert 'id="print-papers"' in export and f"year={year.run.year}" in export
