"""`manage.py import_scores|import_points|import_vetoes FILE --org CODE --year YEAR [--dry-run] [--user USERNAME]`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import PointEntry, Score, VetoEntry
from common.models import AuditLog
from tests.assessments.test_imports_records import points_csv, prow, vetoes_csv, vrow
from tests.assessments.test_imports_scores import SCORE_HEADER, Imp, db_counts, scores_csv, srow, xlsx_bytes


@pytest.fixture
def imp(world, scoring) -> Imp:
    return Imp(world, scoring)


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(command, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(command, *args, stdout=io.StringIO(), stderr=err)
    return caught.value, err.getvalue()


def test_import_scores_prints_the_summary_and_writes(world, imp, tmp_path):
    imp.score(value="70")
    path = tmp_path / "评分.xlsx"
    path.write_bytes(xlsx_bytes([srow(score="85"), srow(ratee="B001", score="90")], header=SCORE_HEADER, title="评分"))

    out, err = run("import_scores", str(path), "--org", "test", "--year", "2025")

    assert "评分文件“评分.xlsx”共 2 行" in out and "新增评分:1" in out and "修改评分:1" in out and "导入完成" in out
    assert err == ""
    assert sorted(Score.objects.values_list("value", flat=True)) == [85, 90]
    # without --user nobody is named as the one who entered them, but every change is audited
    assert AuditLog.objects.filter(action="assessments.score.import", actor=None).count() == 2

    out, _ = run("import_scores", str(path), "--org", "test", "--year", "2025")
    assert "无需导入" in out


def test_a_dry_run_prints_the_summary_and_writes_nothing(world, imp, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(scores_csv([srow()], encoding="gbk"))
    before = db_counts()
    out, _ = run("import_scores", str(path), "--org", "test", "--year", "2025", "--dry-run")
    assert "新增评分:1" in out and "dry-run" in out
    assert db_counts() == before


def test_bad_rows_are_printed_and_the_command_exits_with_status_1_writing_nothing(world, imp, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(scores_csv([srow(score="101"), srow(ratee="B001"), srow(period="Q9"), srow(ratee="B001")]))
    before = db_counts()

    error, err = fail("import_scores", str(path), "--org", "test", "--year", "2025")

    assert error.returncode == 1 and "3 处错误" in str(error)
    lines = err.splitlines()
    assert lines[0] == "行号\t列\t原因"
    assert lines[1].startswith("2\t分数\t分数 101 超出") and lines[2].startswith("4\t期间\t“Q9”不是有效的期间")
    assert lines[3] == "5\t—\t与第 3 行重复:同一评分人、被评人、考核项目和期间只能有一个分数。"
    assert db_counts() == before


def test_as_a_user_the_import_keeps_to_the_users_scope_and_names_them(world, imp, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(scores_csv([srow(), srow(ratee="B001")]))
    error, err = fail("import_scores", str(path), "--org", "test", "--year", "2025", "--user", "hr")
    assert "3\t被评人工号\t工号“B001”的干部不在您的管理范围内。" in err and not Score.objects.exists()

    path.write_bytes(scores_csv([srow()]))
    run("import_scores", str(path), "--org", "test", "--year", "2025", "--user", "hr")
    assert Score.objects.get().entered_by == world.users["hr"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nope", "--year", "2025"], "机构代码“nope”不存在"),
        (["--org", "test", "--year", "2025", "--user", "ghost"], "用户“ghost”不存在"),
        (["--org", "test", "--year", "2025", "--user", "committee"], "无权向“测试局”导入数据"),
    ],
)
def test_a_wrong_organization_or_user_is_refused(world, imp, tmp_path, args, message):
    path = tmp_path / "s.csv"
    path.write_bytes(scores_csv([srow()]))
    error, _ = fail("import_scores", str(path), *args)
    assert message in str(error) and not Score.objects.exists()


def test_a_missing_file_is_refused(world, imp, tmp_path):
    error, _ = fail("import_scores", str(tmp_path / "none.csv"), "--org", "test", "--year", "2025")
    assert "无法读取文件" in str(error)


def test_import_points_and_import_vetoes(world, imp, tmp_path):
    points, vetoes = tmp_path / "p.csv", tmp_path / "v.csv"
    points.write_bytes(points_csv([prow(), prow(no="B001", item="award_city")]))
    vetoes.write_bytes(vetoes_csv([vrow()], encoding="utf-8-sig"))

    out, _ = run("import_points", str(points), "--org", "test", "--year", "2025", "--user", "admin")
    assert "新增加减分记录:2" in out
    out, _ = run("import_vetoes", str(vetoes), "--org", "test", "--year", "2025")
    assert "新增一票否决记录:1" in out
    assert PointEntry.objects.filter(status="pending", recorded_by=world.users["admin"]).count() == 2
    assert VetoEntry.objects.get().status == "pending"

    points.write_bytes(points_csv([prow(points="9")]))
    error, err = fail("import_points", str(points), "--org", "test", "--year", "2025")
    assert error.returncode == 1 and "2\t分值\t" in err and PointEntry.objects.count() == 2


def test_the_exit_status_is_1_when_rows_are_bad_and_0_when_imported(world, imp, tmp_path, capsys, monkeypatch):
    # As from the shell: run_from_argv turns the refusal into the process's exit status. (It also closes the
    # database connections when done, which would end the test's transaction.)
    from django.core.management import ManagementUtility
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)

    path = tmp_path / "s.csv"
    path.write_bytes(scores_csv([srow(score="abc")]))
    argv = ["manage.py", "import_scores", str(path), "--org", "test", "--year", "2025"]
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(argv).execute()
    assert caught.value.code == 1
    assert "2\t分数\t“abc”不是数字。" in capsys.readouterr().err and not Score.objects.exists()

    path.write_bytes(scores_csv([srow(score="80")]))
    ManagementUtility(argv).execute()  # returns normally: exit status 0
    assert Score.objects.get().value == 80
