"""The results usage page and its downloads: counts, links to the prefilled measure form, scope, query count, CSV
(UTF-8 with BOM) and XLSX with formula-safe cells, each download audited."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import AuditLog
from demotion.models import DismissalProtection
from org.services import sanction_record_create
from tests.conftest import client_for
from tests.demotion.matrix_measures import publish_year, seed_national_rules
from tests.factories import CadreFactory

D = datetime.date
EXCELLENT, BASIC, INCOMPETENT = "1", "3", "4"


@pytest.fixture(autouse=True)
def national_rules(db):
    seed_national_rules()


@pytest.fixture
def published(world):
    publish_year(world, 2024, {world.cadre: BASIC, world.other_cadre: INCOMPETENT})
    return publish_year(world, 2025, {world.cadre: BASIC, world.other_cadre: INCOMPETENT})


def _body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


def test_without_a_published_year_the_page_says_so(world):
    html = client_for(world, "committee").get(reverse("demotion:usage")).content.decode()
    assert "还没有已公布的年度考核结果" in html


def test_the_page_shows_the_lists_with_counts_and_links(world, published):
    html = client_for(world, "hr").get(reverse("demotion:usage"), {"on": "2026-03-01"}).content.decode()
    assert 'id="count-admonish" class="badge rounded-pill text-bg-primary">1<' in html
    assert 'id="count-not_reappointed" class="badge rounded-pill text-bg-primary">1<' in html
    assert 'id="count-dismiss" class="badge rounded-pill text-bg-secondary">0<' in html
    assert "限期改正" in html and "2026-07-20" in html
    assert reverse("demotion:measure_create") + "?cadre=A001&kind=admonishment" in html
    assert "李四" not in html


def test_the_committee_sees_everyone_but_no_recording_links(world, published):
    html = client_for(world, "committee").get(reverse("demotion:usage")).content.decode()
    assert "张三" in html and "李四" in html and "予以辞退" in html
    assert reverse("demotion:measure_create") not in html


def test_an_unknown_year_or_organization_is_not_found(world, published):
    client = client_for(world, "committee")
    assert client.get(reverse("demotion:usage"), {"year": "2019"}).status_code == 404
    assert client.get(reverse("demotion:usage"), {"organization": "99999"}).status_code == 404


def test_the_page_costs_the_same_for_two_cadres_or_twenty(world, published, django_assert_num_queries):
    # given a year where every list has its reads: 张三 优秀 with a running sanction, 李四 不称职 a second time
    publish_year(world, 2026, {world.cadre: EXCELLENT, world.other_cadre: INCOMPETENT}, published_on=D(2027, 1, 20))
    sanction_record_create(cadre=world.cadre, kind="demoted", decided_on=D(2026, 6, 1), effective_from=D(2026, 6, 1))
    client = client_for(world, "committee")
    url = reverse("demotion:usage") + "?on=2027-03-01"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # when eighteen more cadres have grades of every kind, sanctions and protections
    more = {CadreFactory(organization=world.org, unit=world.unit_b): g for g in [EXCELLENT, BASIC, INCOMPETENT] * 6}
    for cadre in more:
        sanction_record_create(cadre=cadre, kind="gov_warning", decided_on=D(2026, 9, 1), effective_from=D(2026, 9, 1))
        DismissalProtection.objects.create(cadre=cadre, kind="medical", starts_on=D(2026, 1, 1))
    publish_year(world, 2025, more | {world.other_cadre: INCOMPETENT}, published_on=D(2026, 2, 1))
    publish_year(
        world, 2026, more | {world.cadre: EXCELLENT, world.other_cadre: INCOMPETENT}, published_on=D(2027, 1, 21)
    )
    # then the page reads no more than before
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    lists = response.context["lists"]
    assert len(lists.rows("promote_excluded")) == 7 and len(lists.rows("dismiss")) == 7


# --- downloads --------------------------------------------------------------------------------------------------


@pytest.fixture
def formula_cadre(world):
    cadre = CadreFactory(organization=world.org, unit=world.unit_a1, name="=HYPERLINK(1)", employee_no="@A9")
    publish_year(world, 2025, {world.cadre: BASIC, cadre: BASIC, world.other_cadre: BASIC})
    return cadre


def test_the_csv_is_utf8_with_bom_formula_safe_scoped_and_audited(world, formula_cadre):
    url = reverse("demotion:usage_export")
    response = client_for(world, "hr").get(url, {"year": 2025, "list": "admonish", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "名单,工号,姓名,单位,考核组,考核等次,运用建议,说明"
    assert "'@A9,'=HYPERLINK(1)" in text and "张三" in text and "李四" not in text
    audit = AuditLog.objects.get(action="demotion.usage.export")
    assert audit.actor == world.users["hr"]
    assert audit.after == {"format": "csv", "year": 2025, "lists": ["admonish"], "rows": 2, "on": audit.after["on"]}


def test_the_xlsx_keeps_formulas_as_text_one_sheet_a_list(world, formula_cadre):
    response = client_for(world, "committee").get(reverse("demotion:usage_export"), {"year": 2025, "format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名单", "工号", "姓名")
    names = {row[2] for row in rows[1:]}
    assert names == {"张三", "李四", "=HYPERLINK(1)"}
    cell = next(c for c in sheet["C"] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s" and cell.quotePrefix
    assert AuditLog.objects.filter(action="demotion.usage.export", after__format="xlsx").count() == 1


@pytest.mark.parametrize("query", [{"year": 2025, "list": "everyone"}, {"year": 2025, "format": "pdf"}, {"year": 2030}])
def test_a_bad_download_is_not_found_and_not_audited(world, formula_cadre, query):
    response = client_for(world, "committee").get(reverse("demotion:usage_export"), query)
    assert response.status_code == 404
    assert not AuditLog.objects.filter(action="demotion.usage.export").exists()


def test_cadres_may_not_download(world, formula_cadre):
    assert client_for(world, "cadre").get(reverse("demotion:usage_export"), {"year": 2025}).status_code == 403
