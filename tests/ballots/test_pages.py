"""HR's pages: setting up an evaluation (errors next to the field), its page with the turnout, issuing codes (the
file is the answer), the steps on, the results and their files."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ballots import codes as code_rules
from ballots.models import BallotCode, CodeBatch, Evaluation
from tests.ballots.conftest import cast, closed_evaluation, issue, make_evaluation


def _when(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _form(world, **change) -> dict:
    data = {
        "unit": str(world.unit_a.pk),
        "title": "科室负责人民主测评",
        "year": "2025",
        "subject_kind": "cadre",
        "subject_numbers": "A001",
        "opens_at": _when(0),
        "closes_at": _when(5),
        "min_ballots": "5",
        "items-0-text": "总体评价",
        "items-0-scale": "grade4",
        "categories-0-name": "班子成员",
        "categories-0-weight": "30",
        "categories-1-name": "职工代表",
        "categories-1-weight": "70",
    }
    for option, points in {"excellent": 100, "competent": 80, "basic": 60, "incompetent": 40, "good": 100,
                           "fairly_good": 80, "average": 60, "poor": 40}.items():  # fmt: skip
        data[f"points-{option}"] = str(points)
    for row in range(8):
        data.setdefault(f"items-{row}-scale", "grade4")
    data.update(change)
    return data


def test_hr_sets_up_an_evaluation_on_the_page(world, as_persona):
    client = as_persona("hr")
    page = client.get(reverse("ballots:evaluation_create"))
    assert page.status_code == 200 and "总体评价" in page.content.decode()  # the usual first item is offered
    response = client.post(reverse("ballots:evaluation_create"), _form(world))
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ballots:evaluation_detail", args=[evaluation.pk]
    )
    assert [str(s) for s in evaluation.subjects.all()] == ["张三"]
    assert [(c.name, str(c.weight)) for c in evaluation.categories.all()] == [
        ("班子成员", "30.00"),
        ("职工代表", "70.00"),
    ]


def test_errors_are_shown_next_to_their_rows(world, as_persona):
    client = as_persona("hr")
    data = _form(world, **{"categories-1-weight": "60", "subject_numbers": "A001 Z999", "items-2-text": " "})
    data["categories-2-name"], data["categories-2-weight"] = "", "5"  # a weight without a name, on row 3
    response = client.post(reverse("ballots:evaluation_create"), data)
    assert response.status_code == 200 and not Evaluation.objects.exists()
    form = response.context["form"]
    assert form.errors["subject_numbers"] == ["找不到以下工号的干部(或不在组织单位之下):Z999。"]
    # fix the 工号: now the service's errors, mapped back to the rows on the page
    data["subject_numbers"] = "A001"
    response = client.post(reverse("ballots:evaluation_create"), data)
    form = response.context["form"]
    assert form.errors["categories-2-name"] == ["请填写类别名称。"]
    assert "各类别权重合计应为100%,现为95%。" in form.errors["__all__"]


def test_the_evaluation_page_shows_the_form_the_turnout_and_the_steps(made, world, as_persona):
    codes = issue(made, world, size=5)
    cast(made, codes[0], {"张三": "competent", "王五": "competent"})
    response = as_persona("hr").get(reverse("ballots:evaluation_detail", args=[made.evaluation.pk]))
    body = response.content.decode()
    assert "1 / 5" in body and "(20.0%)" in body  # 中层干部 of 综合科
    assert "“中层干部”还差 4 张有效票达到显示门槛。" in body
    assert made.evaluation.public_key in body  # the vote page's address
    assert "结束测评并计票" in body and "disabled" in body  # four codes still out before the closing time
    assert "还有4张测评码未使用" in body


def test_the_evaluation_page_asks_a_fixed_number_of_queries(world, as_persona):
    made = make_evaluation(world)
    for _ in range(3):
        issue(made, world, size=2)
    client = as_persona("hr")
    url = reverse("ballots:evaluation_detail", args=[made.evaluation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        issue(made, world, size=2, category="职工代表")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_the_list_page_asks_a_fixed_number_of_queries(world, as_persona):
    make_evaluation(world, title="一")
    client = as_persona("committee")
    url = reverse("ballots:evaluation_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for title in ("二", "三", "四"):
        make_evaluation(world, title=title)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(more) == len(few) and response.context["page"].paginator.count == 4


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_issuing_answers_with_the_file_that_holds_the_codes(made, world, as_persona, file_format):
    response = as_persona("hr").post(
        reverse("ballots:codes_issue", args=[made.evaluation.pk]),
        {"unit": world.unit_a.pk, "category": made.categories["职工代表"].pk, "size": 12, "file_format": file_format},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    batch = CodeBatch.objects.get()
    hashes = set(BallotCode.objects.values_list("code_hash", flat=True))
    if file_format == "pdf":
        reader = PdfReader(io.BytesIO(response.content))
        assert len(reader.pages) == 2  # ten slips a page
        text = "".join(page.extract_text() for page in reader.pages)
        found = [code.replace("-", "") for code in code_rules_codes(text)]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("批次", "序号", "发放单位", "参评人员类别", "测评码", "测评地址(含测评码)", "截止时间")
        found = [row[4].replace("-", "") for row in rows[1:]]
        assert all(row[5].endswith(f"#code={row[4].replace('-', '')}") for row in rows[1:])
        assert all("/ballots/vote/" in row[5] and "?" not in row[5] for row in rows[1:])
    # every code in the file is one of the batch's, and the batch has no other
    assert len(found) == 12 == batch.size and {code_rules.code_hash(c) for c in found} == hashes


def code_rules_codes(text: str) -> list[str]:
    return re.findall(rf"[{code_rules.ALPHABET}]{{5}}-[{code_rules.ALPHABET}]{{5}}", text)


def test_a_refused_issue_shows_the_form_again(made, world, as_persona):
    response = as_persona("hr").post(
        reverse("ballots:codes_issue", args=[made.evaluation.pk]),
        {"unit": world.unit_b.pk, "category": made.categories["职工代表"].pk, "size": 3, "file_format": "pdf"},
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not BallotCode.objects.exists()


def test_hr_closes_on_the_page_and_reads_the_results(made, world, as_persona):
    codes = issue(made, world, size=1)
    cast(made, codes[0], {"张三": "excellent", "王五": "competent"})
    Evaluation.objects.filter(pk=made.evaluation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    client = as_persona("hr")
    response = client.post(reverse("ballots:evaluation_close", args=[made.evaluation.pk]), follow=True)
    assert "测评已结束,计票完成。" in response.content.decode()
    results = client.get(reverse("ballots:results", args=[made.evaluation.pk])).content.decode()
    assert made.refresh().tally.head in results
    assert "有效票不足,不予显示" in results  # one ballot, minimum five


def test_a_refused_step_says_why_and_changes_nothing(made, world, as_persona):
    issue(made, world, size=1)
    response = as_persona("hr").post(reverse("ballots:evaluation_close", args=[made.evaluation.pk]), follow=True)
    assert "还有1张测评码未使用" in response.content.decode()
    assert made.refresh().state == "open"


def test_the_result_sheet_prints_the_head_and_the_counts(world, as_persona):
    made = closed_evaluation(world)
    response = as_persona("committee").get(reverse("ballots:results_sheet", args=[made.evaluation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = text.replace("\n", "")
    assert made.evaluation.tally.head in flat and made.evaluation.tally.results_digest in flat
    assert "有效票总数:4" in flat and "不予显示" in flat and "93.33" in flat
    # the same results print the same bytes
    again = as_persona("committee").get(reverse("ballots:results_sheet", args=[made.evaluation.pk]))
    assert again.content == response.content


def test_results_are_not_there_before_the_close(made, as_persona):
    response = as_persona("hr").get(reverse("ballots:results", args=[made.evaluation.pk]))
    assert "测评尚未结束,结果尚未生成" in response.content.decode()
    assert as_persona("hr").get(reverse("ballots:results_sheet", args=[made.evaluation.pk])).status_code == 404
