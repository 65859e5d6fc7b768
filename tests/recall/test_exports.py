"""The recall files: the batch's recall list, the case register and the pay report, from the pages (scoped to the
user, each download audited) and from `manage.py export_recalls`; CSV with BOM and XLSX, formula-safe, the same
bytes for the same data."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common.models import AuditLog
from tests.recall.conftest import advance, make_case


def _sheet_text(content: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


@pytest.fixture
def two_cases(recall_world):
    w = recall_world
    w.cadre.name = "=张三"  # a name a spreadsheet would take for a formula
    w.cadre.save(update_fields=["name"])
    advance(w, make_case(w), "reassigned")
    advance(w, make_case(w, w.other_cadre), "retraining")
    return w


def test_downloads_hold_only_the_users_rows_and_are_recorded(two_cases, as_persona):
    w = two_cases
    hr = as_persona("hr")
    for name, kwargs, query in (
        ("recall:batch_export_xlsx", {"pk": w.batch.pk}, ""),
        ("recall:register_export_xlsx", None, ""),
        ("recall:pay_export_xlsx", None, "?from=2025-03&to=2025-07"),
    ):
        response = hr.get(reverse(name, kwargs=kwargs) + query)
        assert response.status_code == 200
        text = _sheet_text(response.content)
        assert "=张三" in text and "李四" not in text, name
    csv = b"".join(hr.get(reverse("recall:register_export_csv")).streaming_content).decode("utf-8")
    assert csv.startswith("\ufeff批次,召回令编号") and "'=张三" in csv and "李四" not in csv
    assert AuditLog.objects.filter(action__startswith="recall.export.", actor=w.users["hr"]).count() == 4
    pay = as_persona("committee").get(reverse("recall:pay_export_csv") + "?from=2025-03&to=2025-07")
    assert "李四" in b"".join(pay.streaming_content).decode("utf-8")


def test_a_bad_month_is_said_on_the_page(recall_world, as_persona):
    response = as_persona("hr").get(reverse("recall:pay_export_csv") + "?from=2025-13")
    assert response.status_code == 400 and "开始月份“2025-13”无效" in response.content.decode()


def test_the_command_writes_the_same_bytes_for_the_same_data(two_cases, tmp_path):
    w = two_cases
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    call_command("export_recalls", "--org", "test", "--batch", w.batch.name, "--format", "xlsx", "--output", str(first))
    call_command("export_recalls", "--org", "test", "--batch", str(w.batch.pk), "--format", "xlsx",
                 "--output", str(second))  # fmt: skip
    assert first.read_bytes() == second.read_bytes()
    text = _sheet_text(first.read_bytes())
    assert "=张三" in text and "李四" in text and "召〔2025〕1号" in text
    register = tmp_path / "register.csv"
    call_command("export_recalls", "--org", "test", "--format", "csv", "--output", str(register))
    lines = register.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("批次,召回令编号,工号,姓名") and len(lines) == 3
    pay = tmp_path / "pay.csv"
    call_command("export_recalls", "--org", "test", "--pay", "2025-06", "2025-06", "--format", "csv",
                 "--output", str(pay))  # fmt: skip
    june = pay.read_text(encoding="utf-8-sig").splitlines()
    assert any("'=张三" in line and ",65.00," in line for line in june)
    assert AuditLog.objects.filter(action__startswith="recall.export.", actor=None).count() == 4


def test_the_command_says_what_is_wrong(recall_world, tmp_path):
    out = str(tmp_path / "x.csv")
    with pytest.raises(CommandError, match="机构代码“nope”不存在"):
        call_command("export_recalls", "--org", "nope", "--format", "csv", "--output", out)
    with pytest.raises(CommandError, match="召回批次“第九批”不存在"):
        call_command("export_recalls", "--org", "test", "--batch", "第九批", "--format", "csv", "--output", out)
    with pytest.raises(CommandError, match="结束月份不能早于开始月份"):
        call_command(
            "export_recalls", "--org", "test", "--pay", "2025-06", "2025-01", "--format", "csv", "--output", out
        )
