"""The step-down list for the party group's meeting: CSV and XLSX downloads, scoped, formula-safe and audited, and
the `export_stepdowns` command."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common.models import AuditLog
from demotion.models import StepDownCase
from tests.demotion.test_letters_support import case, publication
from tests.factories import CadreFactory

HEADER = ["年度", "工号", "姓名", "考核组", "原因", "公布日期", "申请截止日期", "状态"]
EVIL = '=HYPERLINK("http://evil.example/","点击")'


@pytest.fixture
def cases(world):
    """张三 (rank 9, applied), 李四 (rank 10, veto), an evil name in 张三's unit (rank 8, withdrawn), and a case of
    another year."""
    pub = publication(world)
    zhang = case(world, pub, world.cadre, rank=9)
    zhang.apply()
    zhang.save()
    li = case(world, pub, world.other_cadre, reason=StepDownCase.Reason.VETO, rank=10)
    evil_cadre = CadreFactory(unit=world.unit_a1, organization=world.org, name=EVIL, employee_no="+A002")
    evil = case(world, pub, evil_cadre, rank=8, group="-所长组")
    evil.withdraw()
    evil.save()
    case(world, publication(world, year=2024, published_on=datetime.date(2025, 1, 24)), world.cadre, rank=1)
    return {"zhang": zhang, "li": li, "evil": evil}


def _csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_csv_content(world, cases, as_persona):
    response = as_persona("committee").get(reverse("demotion:stepdown_export_csv"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''2025" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == HEADER
    # ordered by group, then rank; the withdrawn case is listed with its state
    assert rows[1:] == [
        ["2025", "'+A002", "'" + EVIL, "'-所长组", "年度考核组内排名后10%", "2026-01-23", "2026-01-28", "已撤回"],
        ["2025", "A001", "张三", "科长组", "年度考核组内排名后10%", "2026-01-23", "2026-01-28", "已提交申请"],
        ["2025", "B001", "李四", "科长组", "一票否决", "2026-01-23", "2026-01-28", "待提交申请"],
    ]


def test_xlsx_content_and_layout(world, cases, as_persona):
    response = as_persona("committee").get(reverse("demotion:stepdown_export_xlsx"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''2025%E5%B9%B4%E5%BA%A6" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(".xlsx")
    rows, sheet = _xlsx(response)
    assert rows[0] == HEADER
    assert rows[2] == [
        2025,
        "A001",
        "张三",
        "科长组",
        "年度考核组内排名后10%",
        "2026-01-23",
        "2026-01-28",
        "已提交申请",
    ]
    assert [r[2] for r in rows[1:]] == [EVIL, "张三", "李四"]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > 20


def test_formula_looking_cells_are_text_in_xlsx(world, cases, as_persona):
    response = as_persona("admin").get(reverse("demotion:stepdown_export_xlsx"), {"year": "2025"})
    rows, sheet = _xlsx(response)
    evil = sheet["C2"]
    assert evil.value == EVIL and evil.data_type == "s" and evil.quotePrefix
    assert sheet["B2"].value == "+A002" and sheet["B2"].data_type == "s"
    assert sheet["D2"].value == "-所长组" and sheet["D2"].data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_state_filter(world, cases, as_persona):
    response = as_persona("committee").get(
        reverse("demotion:stepdown_export_csv"), {"year": "2025", "state": "withdrawn"}
    )
    rows = _csv(response)
    assert [r[7] for r in rows[1:]] == ["已撤回"]
    assert "%E5%B7%B2%E6%92%A4%E5%9B%9E" in response["Content-Disposition"]  # …-已撤回.csv


@pytest.mark.parametrize("view", ["demotion:stepdown_export_csv", "demotion:stepdown_export_xlsx"])
def test_hr_get_only_their_units_rows(world, cases, as_persona, view):
    for persona, expected, hidden in [("hr", {"张三", EVIL}, "李四"), ("hr_other", {"李四"}, "张三")]:
        response = as_persona(persona).get(reverse(view), {"year": "2025"})
        if view.endswith("csv"):
            names = {r[2].lstrip("'") for r in _csv(response)[1:]}
        else:
            names = {r[2] for r in _xlsx(response)[0][1:]}
        assert names == expected, persona
        assert hidden not in names


@pytest.mark.parametrize(
    ("query", "message"),
    [({}, "请指定年度"), ({"year": "twenty"}, "年度“twenty”无效"), ({"year": "2025", "state": "x"}, "状态“x”无效")],
)
def test_bad_parameters_get_a_clear_400(world, as_persona, query, message):
    audit = AuditLog.objects.count()
    response = as_persona("hr").get(reverse("demotion:stepdown_export_csv"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AuditLog.objects.count() == audit


def test_each_download_is_audited(world, cases, as_persona):
    as_persona("hr").get(reverse("demotion:stepdown_export_csv"), {"year": "2025"})
    as_persona("committee").get(reverse("demotion:stepdown_export_xlsx"), {"year": "2025", "state": "applied"})
    rows = list(AuditLog.objects.filter(action="demotion.stepdown.export").order_by("id"))
    assert [(r.actor.username, r.subject_id) for r in rows] == [
        ("hr", str(world.org.pk)),
        ("committee", str(world.org.pk)),
    ]
    assert rows[0].after == {"format": "csv", "year": 2025, "state": "", "rows": 2}
    assert rows[1].after == {"format": "xlsx", "year": 2025, "state": "applied", "rows": 1}


def test_an_empty_year_is_an_empty_list_still_audited(world, as_persona):
    response = as_persona("hr").get(reverse("demotion:stepdown_export_csv"), {"year": "2030"})
    assert _csv(response) == [HEADER]
    assert AuditLog.objects.filter(action="demotion.stepdown.export", subject_id=str(world.org.pk)).count() == 1


# --- the command --------------------------------------------------------------------------------------------


def test_the_command_writes_csv(world, cases, tmp_path):
    target = tmp_path / "list.csv"
    out = io.StringIO()
    call_command("export_stepdowns", org="test", year=2025, file_format="csv", output=str(target), stdout=out)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == HEADER and [r[1] for r in rows[1:]] == ["'+A002", "A001", "B001"]
    assert "3 行" in out.getvalue()
    row = AuditLog.objects.get(action="demotion.stepdown.export")
    assert row.actor is None and row.after["format"] == "csv"
    assert not list(tmp_path.glob("*.part"))


def test_the_command_writes_xlsx(world, cases, tmp_path):
    target = tmp_path / "list.xlsx"
    call_command(
        "export_stepdowns",
        "--org",
        "test",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]] == HEADER
    assert [sheet.cell(row=r, column=3).value for r in range(2, 5)] == [EVIL, "张三", "李四"]


def test_the_command_refuses_an_unknown_organization(world, tmp_path):
    target = tmp_path / "list.csv"
    with pytest.raises(CommandError, match="机构代码“nope”不存在"):
        call_command("export_stepdowns", org="nope", year=2025, file_format="csv", output=str(target))
    assert not target.exists()
    assert not AuditLog.objects.filter(action="demotion.stepdown.export").exists()


def test_the_command_reports_an_unwritable_file(world, cases, tmp_path):
    with pytest.raises(CommandError, match="无法写入文件"):
        call_command(
            "export_stepdowns", org="test", year=2025, file_format="csv", output=str(tmp_path / "missing" / "x.csv")
        )
