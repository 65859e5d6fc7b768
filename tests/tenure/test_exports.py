"""The tenure downloads: CSV with its byte-order mark and XLSX, each cell that a spreadsheet could take for a formula
written as text, the same bytes for the same data, each download recorded in the audit log, only a GET; and the
printable 任期年度考评表 as a page and as a PDF."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from common.models import AuditLog
from tenure.models import EvaluationRound, TermEvaluation
from tenure.services import audits
from tests.tenure.conftest import appoint, person, principal_post

D = datetime.date


@pytest.fixture
def data(world, policy):
    """A principal under 综合科 whose name starts like a formula, with a term, a row of the 2025 round and an audit."""
    post = principal_post(world, parent=world.unit_a, name="=HYPERLINK(1)")
    cadre = person(world, "=1+2", unit=post.unit)
    appoint(cadre, post, D(2023, 3, 1))
    round_ = EvaluationRound.objects.create(
        organization=world.org, year=2025, policy=policy, performance_weight=60, democratic_weight=40,
        basic_below=70, incompetent_below=60, excellent_quota=Decimal("0.2"),
    )  # fmt: skip
    TermEvaluation.objects.create(
        round=round_, cadre=cadre, post=post, level="principal", performance=Decimal("85.5"), democratic=90,
        combined=Decimal("87.30"), rank=1, group_size=1, grade="competent", comment="@备注",
    )  # fmt: skip
    audits.audit_plan(
        cadre=cadre, actor=world.users["hr"], kind="in_term", period_from=D(2023, 3, 1), period_to=D(2025, 12, 31)
    )
    return round_, cadre


URLS = ["/tenure/terms/export.{f}", "/tenure/audits/export.{f}", "/tenure/evaluations/{round}/export.{f}"]


def _get(client, template, round_, file_format):
    response = client.get(template.format(f=file_format, round=round_.pk))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("template", URLS)
def test_csv_is_formula_safe_and_byte_identical(data, as_persona, template):
    round_, cadre = data
    client = as_persona("hr")
    first, second = _get(client, template, round_, "csv"), _get(client, template, round_, "csv")
    assert first == second and first.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(first.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=1+2" in cells and "=1+2" not in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize("template", URLS)
def test_xlsx_is_formula_safe_and_byte_identical(data, as_persona, template):
    round_, cadre = data
    client = as_persona("hr")
    first, second = _get(client, template, round_, "xlsx"), _get(client, template, round_, "xlsx")
    assert first == second
    sheet = load_workbook(io.BytesIO(first)).active
    values = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row]
    assert "=1+2" in values  # a string cell, quote-prefixed: never a formula
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"


def test_a_download_is_recorded_and_only_a_get_may(data, as_persona, world):
    client = as_persona("hr")
    before = AuditLog.objects.filter(action="tenure.export").count()
    client.get("/tenure/terms/export.csv")
    row = AuditLog.objects.filter(action="tenure.export").latest("id")
    assert (row.actor, row.after["what"], row.after["format"]) == (world.users["hr"], "terms", "csv")
    assert client.post("/tenure/terms/export.csv").status_code == 405
    assert AuditLog.objects.filter(action="tenure.export").count() == before + 1


def test_the_printable_form_and_its_pdf(data, as_persona):
    round_, cadre = data
    evaluation = TermEvaluation.objects.get(round=round_)
    client = as_persona("hr")
    page = client.get(f"/tenure/evaluations/forms/{evaluation.pk}/print/").content.decode()
    assert "任期年度考评表" in page and "87.30" in page and "称职" in page
    pdf = client.get(f"/tenure/evaluations/forms/{evaluation.pk}/pdf/").content
    assert pdf == client.get(f"/tenure/evaluations/forms/{evaluation.pk}/pdf/").content  # the same bytes
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "任期年度考评表" in text and "=1+2" in text and "87.30" in text
