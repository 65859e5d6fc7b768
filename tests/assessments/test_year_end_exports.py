"""Exports of a version are byte-identical: two exports of the same version are the same file, XLSX included (its
creation and modification times are the version's, not the clock)."""

import datetime
import io
import re
import zipfile

import pytest
import time_machine

from assessments.exports import write_csv, write_xlsx
from tests.assessments.matrix_results_workflow import build_tied


@pytest.fixture
def tied(world, scoring):
    return build_tied(world, scoring)


def _xlsx(run) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, run=run)
    return buffer.getvalue()


def test_two_xlsx_exports_of_a_version_are_identical_files_whenever_they_are_made(tied):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC), tick=False):
        first = _xlsx(tied.run)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 17, 31, 7, tzinfo=datetime.UTC), tick=False):
        second = _xlsx(tied.run)
    assert first == second
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    stamp = tied.run.finished_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [stamp, stamp]


def test_two_csv_exports_of_a_version_are_identical_files(tied):
    files = []
    for moment in (
        datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
    ):
        with time_machine.travel(moment, tick=False):
            buffer = io.BytesIO()
            write_csv(buffer, run=tied.run)
            files.append(buffer.getvalue())
    assert files[0] == files[1]


def _csv_rows(run) -> list[list[str]]:
    import csv

    buffer = io.BytesIO()
    write_csv(buffer, run=run)
    return list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))


def test_the_ranking_export_names_unit_and_post_and_every_grade_carries_its_national_code(tied, world):
    from assessments.models import Scheme
    from org.models import SanctionRecord
    from org.services import group_member_set
    from tests.assessments.matrix_results_workflow import compute
    from tests.factories import CadreFactory

    newcomer = CadreFactory(organization=world.org, unit=world.unit_b, name="新来的", employee_no="K99")
    group_member_set(group=world.group, cadre=newcomer)  # no scores: 未定
    SanctionRecord.objects.create(
        cadre=tied.people["卫十一"],
        category="sanction",
        kind="gov_demerit",  # 记过: no grade that year
        decided_on=datetime.date(2025, 3, 1),
        effective_from=datetime.date(2025, 3, 1),
    )
    run = compute(world)
    header, *rows = _csv_rows(run)
    assert header[2:6] == ["工号", "姓名", "单位", "职务"]
    by_name = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["张三"]["单位"] == world.unit_a1.name and by_name["张三"]["职务"] == world.post_a.name
    assert (by_name["新来的"]["等次"], by_name["新来的"]["等次代码"]) == ("未定", "7")
    assert (by_name["卫十一"]["等次"], by_name["卫十一"]["等次代码"]) == ("不定等次", "5B")
    assert (by_name["孙三"]["等次代码"], by_name["郑七"]["等次代码"]) == ("1", "3")
    Scheme.objects.filter(pk=run.scheme_id).update(grade_scale="institution")
    run.refresh_from_db()
    run.scheme.refresh_from_db()
    header, *rows = _csv_rows(run)
    by_name = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    assert (by_name["郑七"]["等次"], by_name["郑七"]["等次代码"]) == ("基本合格", "3B")
    assert by_name["孙三"]["等次代码"] == "1" and by_name["新来的"]["等次代码"] == "7"


def test_a_zero_excellent_quota_explains_itself_with_the_numbers_of_the_data(tied, world, client):
    from django.urls import reverse

    from assessments.models import Scheme
    from tests.assessments.matrix_results_workflow import compute

    client.force_login(world.users["committee"])
    # A group with places names them too, but only in the cell's title.
    page = client.get(reverse("assessments:results_run", args=[tied.run.pk])).content.decode()
    assert 'title="本组参评 12 人,按 20% 向下取整,优秀名额 2 人"' in page and "quota-zero" not in page
    Scheme.objects.filter(pk=tied.scheme.pk).update(excellent_quota="0.050")
    run = compute(world)
    page = client.get(reverse("assessments:results_run", args=[run.pk])).content.decode()
    assert "本组参评 12 人,按 5% 向下取整,优秀名额 0 人" in page
