"""HR's no-grade record says why in a kind the national code table (A1517) tells apart: the kind must fit the state,
the committee and the record page show its label, and the ranking export gives 5A for a newcomer on probation while
a reason whose letter the shared rules do not settle keeps 5 (不进行考核 stays 6)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.exports import write_csv, write_xlsx
from assessments.models import SpecialStatus
from assessments.services.no_grade import no_grade_record
from common.errors import ApplicationError
from common.models import AuditLog
from org.services import group_member_set
from tests.assessments.matrix_results_workflow import YEAR, build_tied, compute
from tests.assessments.test_api_support import make_hr_all
from tests.factories import CadreFactory


@pytest.fixture
def tied(world, scoring):
    return build_tied(world, scoring)


def newcomers(world, *names):
    """Cadres without scores in the year (incomplete: 未定 until HR records a state)."""
    people = {}
    for n, name in enumerate(names):
        people[name] = CadreFactory(organization=world.org, unit=world.unit_b, name=name, employee_no=f"K9{n}")
        group_member_set(group=world.group, cadre=people[name])
    return people


def codes_in_csv(run) -> dict[str, tuple[str, str]]:
    buffer = io.BytesIO()
    write_csv(buffer, run=run)
    header, *rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    return {row[3]: (row[header.index("等次")], row[header.index("等次代码")]) for row in rows}


def codes_in_xlsx(run) -> dict[str, str]:
    buffer = io.BytesIO()
    write_xlsx(buffer, run=run)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return {row[3]: row[header.index("等次代码")] for row in rows}


@pytest.mark.parametrize(
    ("state", "kind"),
    [("undetermined", "long_leave"), ("not_assessed", "probation"), ("undetermined", ""), ("undetermined", "bad")],
)
def test_the_reason_kind_must_fit_the_state(world, state, kind):
    with pytest.raises(ApplicationError) as caught:
        no_grade_record(cadre=world.cadre, year=YEAR, state=state, reason_kind=kind, reason="说明", actor=None)
    assert "reason_kind" in caught.value.field_errors
    assert "原因类别须为" in caught.value.field_errors["reason_kind"][0]
    assert not SpecialStatus.objects.exists() and not AuditLog.objects.filter(action__endswith="no_grade").exists()


def test_the_export_gives_the_code_of_the_reason(tied, world):
    people = newcomers(world, "试用甲", "立案乙", "其他丙", "长假丁")
    for name, state, kind in [
        ("试用甲", "undetermined", "probation"),
        ("立案乙", "undetermined", "investigation"),
        ("其他丙", "undetermined", "other"),
        ("长假丁", "not_assessed", "long_leave"),
    ]:
        no_grade_record(cadre=people[name], year=YEAR, state=state, reason_kind=kind, reason="说明", actor=None)
    run = compute(world)
    codes = codes_in_csv(run)
    assert codes["试用甲"] == ("不定等次", "5A")
    assert codes["立案乙"] == ("不定等次", "5") and codes["其他丙"] == ("不定等次", "5")
    assert codes["长假丁"][1] == "6"
    assert codes["张三"][1] in {"1", "2", "3", "4"}
    xlsx = codes_in_xlsx(run)
    assert (xlsx["试用甲"], xlsx["立案乙"], xlsx["长假丁"]) == ("5A", "5", "6")


def test_hr_records_the_kind_on_the_page_and_the_committee_sees_its_label(tied, world, client):
    people = newcomers(world, "新来的")
    run = compute(world)
    hr = make_hr_all(world)
    client.force_login(hr)
    url = reverse("assessments:results_no_grade", args=[run.pk, people["新来的"].pk])
    page = client.get(url).content.decode()
    assert 'id="no-grade-kind"' in page and "新录用人员试用期内" in page and "病、事假累计超过半年" in page
    response = client.post(url, {"state": "not_assessed", "reason_kind": "probation", "reason": "试用期未满"})
    assert response.status_code == 200 and "原因类别须为" in response.content.decode()
    assert not SpecialStatus.objects.exists()
    response = client.post(url, {"state": "undetermined", "reason_kind": "probation", "reason": "2025年7月录用"})
    assert response.status_code == 302
    status = SpecialStatus.objects.get(cadre=people["新来的"], year=YEAR)
    assert (status.state, status.reason_kind) == ("undetermined", "probation")
    row = AuditLog.objects.get(action="assessments.results.no_grade")
    assert row.after["reason_kind"] == "probation"
    assert "已登记:不定等次(新录用人员试用期内:2025年7月录用)" in client.get(url).content.decode()
    newer = compute(world)
    client.force_login(world.users["committee"])
    page = client.get(reverse("assessments:results_settle", args=[newer.pk])).content.decode()
    states = page[page.index('id="no-grade-states"') :]
    assert "新录用人员试用期内" in states and "2025年7月录用" in states
    assert "probation" not in states
