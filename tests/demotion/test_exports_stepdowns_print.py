"""The step-down list prints as the committee's paper (common.printing), from the page and from the command."""

import io

import openpyxl
from django.core.management import call_command
from django.urls import reverse

from tests.common.test_printing import assert_prints_as_document
from tests.demotion.test_exports_stepdowns import EVIL, HEADER, cases  # noqa: F401  (fixture)


def test_the_stepdown_list_prints_dated_by_its_latest_publication(world, cases, as_persona, tmp_path):  # noqa: F811
    response = as_persona("committee").get(reverse("demotion:stepdown_export_xlsx"), {"year": "2025"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert_prints_as_document(sheet, heading="2025年度 主动让贤名单", made="2026-01-23")
    assert world.org.name in sheet.oddHeader.center.text
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["C2"].value == EVIL and sheet["C2"].data_type == "s"
    target = tmp_path / "list.xlsx"
    call_command("export_stepdowns", "--org", world.org.code, "--year", "2025", "--format", "xlsx", "--output", target)
    assert_prints_as_document(
        openpyxl.load_workbook(target).active, heading=f"{world.org.name} 2025年度 主动让贤名单", made="2026-01-23"
    )
