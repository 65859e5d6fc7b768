"""The rater leniency page, its downloads and its endpoint, on the scored year of tests/analytics/conftest.py."""

import io
import zipfile

from django.urls import reverse

from assessments.models import Result
from tests.conftest import client_for


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_the_page_flags_the_planted_lenient_rater_and_nobody_else(world, scored):
    # given the admin, who sees every cadre
    response = client_for(world, "admin").get(reverse("analytics:leniency"))
    assert response.status_code == 200
    report = response.context["report"]
    # then rater 4 alone is flagged, as lenient
    assert [(r.rater.name, r.z > 0) for r in report.flagged] == [("评分人4", True)]
    assert all(r.n == 12 for r in report.raters)
    body = response.content.decode()
    assert "明显偏宽" in body and "评分人4" in body
    # and the page says the official composite is never changed by the advisory one
    assert "不改变正式综合分和排名" in body
    # and draws the raters as SVG, with no inline style (CSP)
    assert "<svg" in body and "style=" not in body


def test_the_advisory_composite_never_changes_the_official_one(world, scored):
    before = list(Result.objects.order_by("pk").values_list("composite", "rank"))
    response = client_for(world, "admin").get(reverse("analytics:leniency"))
    rows = response.context["report"].composites
    assert len(rows) == 12
    official = {r.cadre.pk: (r.official, r.official_rank) for r in rows}
    assert official == {
        cadre: (float(c), rank) for cadre, c, rank in Result.objects.values_list("cadre_id", "composite", "rank")
    }
    assert list(Result.objects.order_by("pk").values_list("composite", "rank")) == before


def test_hr_of_one_side_sees_only_its_cadres(world, scored):
    response = client_for(world, "hr_other").get(reverse("analytics:leniency"))
    body = response.content.decode()
    names = {r.cadre.name for r in response.context["report"].composites}
    assert names == {c.name for c in scored.station}
    assert "科员0" not in body and "张三" not in body
    # each rater is judged on the scores of this side's six cadres only
    assert all(r.n == 6 for r in response.context["report"].raters)


def test_the_downloads_are_the_same_bytes_for_the_same_data(world, scored):
    client = client_for(world, "admin")
    url = reverse("analytics:leniency_export")
    for file_format in ("csv", "xlsx"):
        first = client.get(url, {"format": file_format, "year": 2025})
        second = client.get(url, {"format": file_format, "year": 2025})
        assert first.status_code == 200
        body = b"".join(first.streaming_content) if first.streaming else first.content
        again = b"".join(second.streaming_content) if second.streaming else second.content
        assert body == again
    csv_text = _text(client.get(url, {"format": "csv", "part": "raters"}))
    assert csv_text.splitlines()[0].startswith("期间,评分人工号,评分人")
    assert [line for line in csv_text.splitlines() if "明显偏宽" in line][0].split(",")[2] == "评分人4"
    assert "正式综合分" in _text(client.get(url, {"format": "csv", "part": "composites"})).splitlines()[0]
    workbook = zipfile.ZipFile(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert "xl/worksheets/sheet2.xml" in workbook.namelist()


def test_the_endpoint_answers_the_same_report(world, scored):
    response = client_for(world, "committee").get(reverse("analytics_api:leniency-list"), {"year": 2025})
    assert response.status_code == 200
    data = response.json()
    assert data["advisory_only"] is True
    assert [r["rater_name"] for r in data["raters"] if r["flagged"]] == ["评分人4"]
    assert len(data["composites"]) == 12


def test_a_year_without_a_scheme_is_refused_with_a_clear_error(world, scored):
    client = client_for(world, "hr")
    response = client.get(reverse("analytics:leniency"), {"year": "2019"})
    assert response.status_code == 400
    assert "年度“2019”没有现行考核方案" in response.content.decode()
    api = client.get(reverse("analytics_api:leniency-list"), {"year": "abc"})
    assert api.status_code == 400 and "year" in api.json()["errors"]
    assert client.get(reverse("analytics:leniency_export"), {"format": "pdf"}).status_code == 404


def test_another_organization_is_not_found(world, scored):
    assert client_for(world, "hr").get(reverse("analytics:leniency"), {"organization": 99999}).status_code == 404


def test_raters_outside_a_subtree_hr_users_scope_are_pseudonyms(world, scored):
    # The raters work in the bureau's root unit: outside 城关所, whose HR reads the page
    body = client_for(world, "hr_other").get(reverse("analytics:leniency")).content.decode()
    assert "评议人 A" in body and "评分人1" not in body and "R01" not in body
    api = client_for(world, "hr_other").get("/api/analytics/raters/").json()
    assert api["raters"] and all(r["rater"] is None and r["rater_employee_no"] == "" for r in api["raters"])
    assert {r["rater_name"] for r in api["raters"]} >= {"评议人 A", "评议人 B"}
    # HR of the whole organization (the admin here) sees who they are
    assert "评分人1" in client_for(world, "admin").get(reverse("analytics:leniency")).content.decode()
