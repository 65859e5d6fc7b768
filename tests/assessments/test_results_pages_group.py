"""A group's ranking table for a run: content, ordering, flags and reasons, scope, chart, query count; and the
permission matrix of the three results pages until tests/test_permission_matrix.py wires it in."""

import datetime
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Result, ResultRun, Scheme, VetoItem
from assessments.selectors.results import composite_histogram
from assessments.services import rater_assign_bulk, veto_entry_decide, veto_entry_record
from assessments.services.results import results_run_create, results_run_execute
from org.services import group_create, group_member_set
from tests.assessments import matrix_results_pages
from tests.assessments.conftest import make_scoring
from tests.assessments.matrix_results_pages import score_everyone
from tests.conftest import PERSONAS, client_for
from tests.factories import CadreFactory
from tests.test_permission_matrix import FORBIDDEN_TEXT


def _body(response) -> str:
    return response.content.decode()


def _run(world) -> ResultRun:
    run = results_run_create(organization=world.org, year=2025, enqueue=False)
    results_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def _url(run, group) -> str:
    return reverse("assessments:results_group", args=[run.pk, group.pk])


def _rows(body: str) -> list[list[str]]:
    """The table's body rows as lists of cell texts."""
    tbody = body[body.index("<tbody>", body.index('id="results-table"')) : body.index("</tbody>")]
    return [
        [re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S)
    ]


@pytest.fixture
def scored(scoring, world):
    score_everyone(scoring, [(world.cadre, "80"), (world.other_cadre, "90")])
    return scoring


@pytest.fixture
def crowded(scoring, world):
    """The group of four: 李四 90, 张三 80, 王六 80, and 赵七 with no scores at all. The bottom ratio is 10% with at
    least one place for a group of 3 or more ranked, so n = 1 and the tie of 张三 and 王六 straddles the cut. 张三 also
    has an approved veto."""
    wang = CadreFactory(unit=world.unit_a1, organization=world.org, name="王六", employee_no="A002")
    zhao = CadreFactory(unit=world.unit_a1, organization=world.org, name="赵七", employee_no="A003")
    for cadre in (wang, zhao):
        group_member_set(group=world.group, cadre=cadre)
    rater_assign_bulk(
        scheme=scoring.scheme,
        components=list(scoring.components.values()),
        raters=[scoring.rater],
        ratees=[wang, zhao],
    )
    Scheme.objects.filter(pk=scoring.scheme.pk).update(bottom_minimum_group_size=3)
    score_everyone(scoring, [(world.other_cadre, "90"), (world.cadre, "80"), (wang, "80")])
    return SimpleNamespace(wang=wang, zhao=zhao)


class TestGroupTable:
    def test_the_committee_sees_every_row_by_rank_with_components_grade_and_reasons(self, scored, world, as_persona):
        run = _run(world)
        body = _body(as_persona("committee").get(_url(run, world.group)))
        header = body[body.index("<thead>") : body.index("</thead>")]
        names = [c.name for c in scored.components.values()]
        assert [header.index(n) for n in names] == sorted(header.index(n) for n in names)
        rows = _rows(body)
        assert [r[3] for r in rows] == [["李四"], ["张三"]]
        lisi, zhangsan = rows
        # rank, group size, employee no, name, unit, the 4 component scores, bonus, deduction, composite, flags,
        # grade, why
        assert lisi[:5] == [["1"], ["2"], ["B001"], ["李四"], ["城关所"]]
        assert zhangsan[:5] == [["2"], ["2"], ["A001"], ["张三"], ["综合科一组"]]
        assert lisi[5:9] == [["90.00"]] * 4 and zhangsan[5:9] == [["80.00"]] * 4
        assert lisi[11] == ["90.00"] and zhangsan[11] == ["80.00"]
        # 20% of 2 graded, floored, is no 优秀 place: both 称职, because the quota is full
        assert lisi[13] == ["称职"] and zhangsan[13] == ["称职"]
        assert lisi[14] == ["优秀名额已满"]

    def test_flags_ties_vetoes_and_the_incomplete_last(self, scoring, crowded, world, as_persona):
        veto = veto_entry_record(
            cadre=world.other_cadre,
            item=VetoItem.objects.filter(organization=world.org).first(),
            year=2025,
            occurred_on=datetime.date(2025, 6, 1),
            evidence="事故调查报告",
            actor=world.users["hr_other"],
        )
        veto_entry_decide(entry=veto, approve=True, actor=world.users["committee"])
        run = _run(world)
        rows = _rows(_body(as_persona("admin").get(_url(run, world.group))))
        by_name = {r[3][0]: r for r in rows}
        assert [r[3][0] for r in rows] == ["李四", "张三", "王六", "赵七"]
        # competition ranking: 1, 2, 2, and the cadre without scores unranked, last
        assert [r[0] for r in rows] == [["1"], ["2"], ["2"], ["—"]]
        assert by_name["李四"][12] == ["一票否决"] and by_name["李四"][13] == ["基本称职"]
        assert "一票否决" in by_name["李四"][14]
        for name in ("张三", "王六"):
            assert by_name[name][12] == ["边界并列"]
            assert "与他人并列于末位比例边界,待党组决定" in "".join(by_name[name][14])
        assert by_name["赵七"][12] == ["评分不完整"] and by_name["赵七"][11] == ["—"]
        assert by_name["赵七"][13] == ["未定"] and "评分不完整,未参加排名" in "".join(by_name["赵七"][14])

    def test_the_institution_scale_names_the_grades(self, scored, world, as_persona):
        Scheme.objects.filter(pk=scored.scheme.pk).update(grade_scale=Scheme.GradeScale.INSTITUTION)
        run = _run(world)
        rows = _rows(_body(as_persona("committee").get(_url(run, world.group))))
        assert [r[13] for r in rows] == [["合格"], ["合格"]]

    @pytest.mark.parametrize(("persona", "sees", "hidden"), [("hr", "张三", "李四"), ("hr_other", "李四", "张三")])
    def test_hr_sees_only_the_cadres_in_its_units(self, scored, world, as_persona, persona, sees, hidden):
        run = _run(world)
        body = _body(as_persona(persona).get(_url(run, world.group)))
        rows = _rows(body)
        assert [r[3] for r in rows] == [[sees]]
        assert hidden not in body
        # the chart is drawn from the rows shown
        chart = json.loads(re.search(r'id="results-chart-data"[^>]*>(.*?)</script>', body, re.S).group(1))
        assert sum(sum(chart[k]) for k in ("bottom", "boundary", "vetoed", "others")) == 1

    def test_the_chart_bins_composites_by_five_points(self, scoring, crowded, world, as_persona):
        run = _run(world)
        body = _body(as_persona("committee").get(_url(run, world.group)))
        chart = json.loads(re.search(r'id="results-chart-data"[^>]*>(.*?)</script>', body, re.S).group(1))
        assert chart["labels"] == ["80–85", "85–90", "90–95"]
        assert chart["boundary"] == [2, 0, 0] and chart["others"] == [0, 0, 1] and chart["bottom"] == [0, 0, 0]
        assert chart["names"]["bottom"] == "后10%"
        assert "vendor/chartjs/chart.umd.min.js" in body and "js/results-chart.js" in body

    def test_a_group_outside_the_run_is_not_there(self, scored, world, as_persona):
        committee = as_persona("committee")
        other = group_create(organization=world.org, year=2025, name="所长组")
        one_group = results_run_create(organization=world.org, year=2025, group=world.group, enqueue=False)
        results_run_execute(run_id=one_group.pk)
        assert committee.get(_url(one_group, world.group)).status_code == 200
        assert committee.get(_url(one_group, other)).status_code == 404
        last_year = group_create(organization=world.org, year=2024, name="科长组")
        assert committee.get(_url(one_group, last_year)).status_code == 404

    def test_an_unfinished_run_sends_to_its_progress_page(self, scored, world, as_persona):
        run = results_run_create(organization=world.org, year=2025, enqueue=False)
        response = as_persona("committee").get(_url(run, world.group))
        assert response.status_code == 302 and response["Location"] == reverse("assessments:results_run", args=[run.pk])

    def test_the_table_runs_a_constant_number_of_queries(self, scored, world, as_persona, django_assert_num_queries):
        run = _run(world)
        client = as_persona("committee")
        client.get(_url(run, world.group))  # the first request renews the session (written once a minute)
        with CaptureQueriesContext(connection) as small:
            client.get(_url(run, world.group))
        # When 60 more cadres have results in the group (written as the computation writes them)
        component = next(iter(scored.components.values()))
        cadres = [CadreFactory(unit=world.unit_b, organization=world.org, employee_no=f"Q{i:03d}") for i in range(60)]
        Result.objects.bulk_create(
            Result(
                run=run,
                group=world.group,
                cadre=c,
                components=f"{component.pk}:{70 + i % 20}.00",
                composite=Decimal(70 + i % 20),
                rank=3 + i,
                group_size=62,
                grade="2",
            )
            for i, c in enumerate(cadres)
        )
        with django_assert_num_queries(len(small.captured_queries)):
            body = _body(client.get(_url(run, world.group)))
        assert len(_rows(body)) == 62
        # session, user, roles (2), run, group, publication, components, rows, unread notices; no session save
        assert len(small.captured_queries) <= 11  # +1: the read is recorded (common.read_audit)


def test_composite_histogram_bins_and_splits():
    def r(composite, **flags):
        return SimpleNamespace(
            composite=None if composite is None else Decimal(composite),
            in_bottom=flags.get("bottom", False),
            boundary_tie=flags.get("tie", False),
            vetoed=flags.get("veto", False),
        )

    chart = composite_histogram([r("59.99", bottom=True), r("60"), r("74.5", veto=True), r("70", tie=True), r(None)])
    assert chart["labels"] == ["55–60", "60–65", "65–70", "70–75"]
    assert chart["bottom"] == [1, 0, 0, 0]
    assert chart["others"] == [0, 1, 0, 0]
    assert chart["boundary"] == [0, 0, 0, 1] and chart["vetoed"] == [0, 0, 0, 1]
    assert composite_histogram([r(None)])["labels"] == []


@pytest.fixture
def matrix_world(world):
    world.scoring = make_scoring(world)
    matrix_results_pages.setup(world)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(matrix_world, persona):
    client = client_for(matrix_world, persona)
    failures = []
    for name, (kwargs_of, expect) in matrix_results_pages.ENTRIES.items():
        url = reverse(name, kwargs=kwargs_of(matrix_world) if kwargs_of else None)
        response = client.get(url)
        if response.status_code != expect(persona):
            failures.append(f"{persona} GET {url}: {response.status_code}, expected {expect(persona)}")
            continue
        if response.status_code == 200:
            body = _body(response)
            failures += [f"{persona} GET {url} shows {t!r}" for t in FORBIDDEN_TEXT.get(persona, []) if t in body]
    assert not failures, "\n".join(failures)
