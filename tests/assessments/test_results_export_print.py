"""The ranking table prints as the committee's paper (common.printing): titled with organization, year and version,
dated by the run's finish, the same bytes for the same run."""

import datetime

import openpyxl
import pytest

from assessments import exports as results_exports
from assessments.services.results import results_run_create, results_run_execute
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.common.test_printing import assert_prints_as_document


@pytest.fixture
def run(scored, world):  # noqa: F811
    run = results_run_create(organization=world.org, year=2025, actor=world.users["admin"])
    return results_run_execute(run_id=run.pk)


def test_the_results_export_prints_with_organization_year_version_and_the_runs_date(run, world, tmp_path):
    target = tmp_path / "results.xlsx"
    results_exports.write_xlsx(str(target), run=run)
    again = tmp_path / "again.xlsx"
    results_exports.write_xlsx(str(again), run=run)
    assert target.read_bytes() == again.read_bytes()
    run.refresh_from_db()
    sheet = openpyxl.load_workbook(target).active
    made = run.finished_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date().isoformat()
    heading = f"{world.org.name} 2025年度 考核结果排名 第{run.version}版"
    assert_prints_as_document(sheet, heading=heading, made=made, landscape=True)
    assert [c.value for c in sheet[1]][:4] == ["年度", "考核组", "工号", "姓名"]
    assert {sheet.cell(row=r, column=4).value for r in (2, 3)} == {"张三", "李四"}
