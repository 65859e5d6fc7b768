"""`manage.py import_roster FILE --org CODE --year YEAR [--dry-run]`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import AuditLog
from org.models import Cadre
from tests.org.test_roster import csv_bytes, db_counts, row, xlsx_bytes


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_the_plan_and_applies_it(world, tmp_path):
    # given a roster file with a new cadre and 张三's new grade
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                row("N1", "周九", "综合科/综合科一组", "副组长", "副职", "2025-01-02", group="科长组"),
                row("A001", "张三", "综合科一组", "组长", "中层负责人", "2023-03-01", rank="二级主任科员"),
            ]
        )
    )

    # when the command runs
    out, err = run(str(path), "--org", "test", "--year", "2025")

    # then it prints the summary and writes everything, with the import's audit row
    assert "新增干部:1" in out and "更新干部:1" in out and "职级:一级主任科员 → 二级主任科员" in out
    assert "导入完成" in out and err == ""
    assert Cadre.objects.get(employee_no="N1").appointments.get().post.name == "副组长"
    assert AuditLog.objects.filter(action="org.roster.import").count() == 1

    # and running it again changes nothing
    before = db_counts()
    out, _ = run(str(path), "--org", "test", "--year", "2025")
    assert "无需导入" in out
    assert db_counts() == before


def test_a_dry_run_prints_the_plan_and_writes_nothing(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([row("N1", "周九", "新设科")], encoding="gbk"))
    before = db_counts()
    out, _ = run(str(path), "--org", "test", "--year", "2025", "--dry-run")
    assert "新增干部:1" in out and "新增单位:1" in out and "dry-run" in out
    assert db_counts() == before


def test_bad_rows_are_printed_to_stderr_and_the_command_fails_writing_nothing(world, tmp_path):
    # given a roster with a bad date, an unknown 职务类别 and a duplicate 工号
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            [
                row("N1", "周九", "综合科", "科员", "一般干部", "2025-02-30"),
                row("N2", "吴十", "综合科", "科员", "科级", "2025-01-01"),
                row("N1", "周九", "综合科"),
                row("N3", "郑一", "综合科"),
            ]
        )
    )
    before = db_counts()

    # when the command runs, then it fails (a non-zero exit status) ...
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_roster", str(path), "--org", "test", "--year", "2025", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode != 0
    assert "3 处错误" in str(caught.value)

    # ... having printed each row error (row, column, reason) and written nothing
    lines = err.getvalue().splitlines()
    assert lines[0] == "行号\t列\t原因"
    assert "2\t任职日期\t日期“2025-02-30”不存在。" in lines
    assert any(line.startswith("3\t职务类别\t") for line in lines)
    assert "4\t工号\t工号“N1”与第 2 行重复。" in lines
    assert db_counts() == before


def test_a_file_level_error_is_printed_and_fails(world, tmp_path):
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(xlsx_bytes([["x"]], header=["项目"], title="统计表"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--org", "test", "--year", "2025", stdout=io.StringIO(), stderr=err)
    assert "统计表" in err.getvalue()


def test_an_unknown_organization_or_missing_file_fails(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([row("N1", "周九", "综合科")]))
    with pytest.raises(CommandError, match="nope"):
        run(str(path), "--org", "nope", "--year", "2025")
    with pytest.raises(CommandError, match="无法读取文件"):
        run(str(tmp_path / "missing.csv"), "--org", "test", "--year", "2025")
    assert not Cadre.objects.filter(employee_no="N1").exists()
