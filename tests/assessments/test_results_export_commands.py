"""`manage.py compute_results --org CODE --year YEAR [--group NAME]` and
`manage.py export_results --org CODE --year YEAR --format csv|xlsx --output FILE [--group NAME]`."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Publication, Result, ResultRun
from common.models import AuditLog
from org.models import AssessmentGroup
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)

HEADER = [
    "年度",
    "考核组",
    "工号",
    "姓名",
    "单位",
    "职务",
    "综合得分",
    "组内排名",
    "组内人数",
    "等次",
    "等次代码",
    "后10%",
    "一票否决",
    "边界并列",
]


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fail(command, *args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command(command, *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 1  # the process exits with status 1
    return caught.value


def read_csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- compute_results ----------------------------------------------------------------------------------------------


def test_compute_results_runs_the_job_and_prints_the_summary(scored, world):  # noqa: F811
    out = run("compute_results", "--org", "test", "--year", "2025")

    computed = ResultRun.objects.get()
    assert computed.status == ResultRun.Status.SUCCEEDED and computed.group is None
    assert Result.objects.filter(run=computed).count() == 2
    assert "测试局 2025 年度考核结果已计算:第 1 版,全部考核组。" in out
    assert "考核组\t人数\t参加排名\t后10%\t边界并列" in out
    assert "科长组\t2\t2\t0\t0\t0\t0\t0\t0\t0" in out
    assert "计算完成" in out
    assert AuditLog.objects.filter(action="assessments.results.compute", actor=None, reason="命令行计算").exists()

    # a second run is a new version
    assert "第 2 版" in run("compute_results", "--org", "test", "--year", "2025", "--reason", "复核后重算")
    assert AuditLog.objects.filter(action="assessments.results.compute", reason="复核后重算").exists()


def test_compute_results_for_one_group(scored, world):  # noqa: F811
    out = run("compute_results", "--org", "test", "--year", "2025", "--group", "科长组")
    assert ResultRun.objects.get().group == world.group
    assert "第 1 版,科长组" in out


def test_compute_results_refusals_exit_with_status_1(world):
    assert "机构代码“nope”不存在" in str(fail("compute_results", "--org", "nope", "--year", "2025"))
    assert "没有名为“无此组”的考核组" in str(
        fail("compute_results", "--org", "test", "--year", "2025", "--group", "无此组")
    )
    assert "还没有考核方案" in str(fail("compute_results", "--org", "test", "--year", "2025"))
    assert not ResultRun.objects.exists()


def test_compute_results_refuses_a_published_year(scored, world):  # noqa: F811
    run("compute_results", "--org", "test", "--year", "2025")
    Publication.objects.create(
        organization=world.org, year=2025, run=ResultRun.objects.get(), state=Publication.State.PUBLISHED
    )
    assert "考核结果已公布" in str(fail("compute_results", "--org", "test", "--year", "2025"))
    assert ResultRun.objects.count() == 1


def test_compute_results_failure_is_recorded_and_exits_with_status_1(scored, world, monkeypatch):  # noqa: F811
    def broken(run):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("assessments.services.results.compute_run", broken)
    error = fail("compute_results", "--org", "test", "--year", "2025")
    assert "计算失败(第 1 版):磁盘已满" in str(error)
    failed = ResultRun.objects.get()
    assert failed.status == ResultRun.Status.FAILED and "磁盘已满" in failed.message


# --- export_results -----------------------------------------------------------------------------------------------


@pytest.fixture
def computed(scored, world):  # noqa: F811
    run("compute_results", "--org", "test", "--year", "2025")
    return ResultRun.objects.get()


def test_export_results_csv(computed, world, tmp_path):
    world.cadre.name = "=1+1"
    world.cadre.save()
    target = tmp_path / "排名.csv"

    out = run("export_results", "--org", "test", "--year", "2025", "--format", "csv", "--output", str(target))

    assert read_csv(target) == [
        HEADER,
        ["2025", "科长组", "B001", "李四", "城关所", "所长", "90.00", "1", "2", "称职", "2", "否", "否", "否"],
        ["2025", "科长组", "A001", "'=1+1", "综合科一组", "组长", "80.00", "2", "2", "称职", "2", "否", "否", "否"],
    ]
    assert f"已导出 2 行(测试局 2025年 第1版)到 {target}" in out
    assert not (tmp_path / "排名.csv.part").exists()
    entry = AuditLog.objects.get(action="assessments.results.export")
    assert entry.actor is None and entry.after["format"] == "csv"


def test_export_results_xlsx_of_one_group(computed, world, tmp_path):
    world.other_cadre.name = "@SUM(A1)"
    world.other_cadre.save()
    target = tmp_path / "排名.xlsx"

    out = run(
        "export_results",
        *("--org", "test", "--year", "2025", "--format", "xlsx", "--output", str(target), "--group", "科长组"),
    )

    sheet = openpyxl.load_workbook(target).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert rows[1] == [2025, "科长组", "B001", "@SUM(A1)", "城关所", "所长", 90, 1, 2, "称职", "2", "否", "否", "否"]
    assert sheet["D2"].data_type == "s" and sheet["D2"].quotePrefix
    assert "已导出 2 行" in out


def test_export_results_reads_the_current_run(computed, world, tmp_path):
    # Given a newer run in which 张三 comes first, while the committee confirmed the first run
    run("compute_results", "--org", "test", "--year", "2025")
    newer = ResultRun.objects.get(version=2)
    Result.objects.filter(run=newer, cadre=world.cadre).update(rank=1, composite="95.00")
    Result.objects.filter(run=newer, cadre=world.other_cadre).update(rank=2)
    target = tmp_path / "r.csv"
    args = ("--org", "test", "--year", "2025", "--format", "csv", "--output", str(target))

    run("export_results", *args)
    assert [r[3] for r in read_csv(target)[1:]] == ["张三", "李四"]  # the newest whole-year run

    Publication.objects.create(organization=world.org, year=2025, run=computed)
    run("export_results", *args)
    assert [r[3] for r in read_csv(target)[1:]] == ["李四", "张三"]  # the confirmed one


def test_export_results_refusals_exit_with_status_1(scored, world, tmp_path):  # noqa: F811
    target = tmp_path / "r.csv"
    args = ("--year", "2025", "--format", "csv", "--output", str(target))
    assert "机构代码“nope”不存在" in str(fail("export_results", "--org", "nope", *args))
    assert "还没有完成的考核结果计算" in str(fail("export_results", "--org", "test", *args))
    run("compute_results", "--org", "test", "--year", "2025")
    AssessmentGroup.objects.create(organization=world.org, year=2025, name="所长组")
    assert "没有名为“无此组”的考核组" in str(fail("export_results", "--org", "test", *args, "--group", "无此组"))
    missing_dir = tmp_path / "no" / "such" / "dir" / "r.csv"
    error = fail("export_results", "--org", "test", *args[:4], "--output", str(missing_dir))
    assert "无法写入文件" in str(error)
    assert not target.exists() and not AuditLog.objects.filter(action="assessments.results.export").exists()
    with pytest.raises(CommandError):  # argparse: the format is one of the two
        call_command("export_results", "--org", "test", "--year", "2025", "--format", "pdf", "--output", "x")
