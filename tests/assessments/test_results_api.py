"""The ranking list endpoint: the current run (or a named one), scope, filters, a page of 100, pinned queries."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Grade, Result, ResultRun
from assessments.serializers.results import ResultRowSerializer
from org.services import group_create
from tests.assessments.matrix_results_mine import ENTRIES, add_members, compute, publish, score_period
from tests.conftest import PERSONAS, client_for
from tests.factories import CadreFactory, OrganizationFactory

URL_NAME = "assessments_api:result-list"


def _url(**params):
    from urllib.parse import urlencode

    return reverse(URL_NAME) + (f"?{urlencode(params)}" if params else "")


@pytest.fixture
def ranked(scoring, world):
    """The whole year scored: 张三 80, 李四 90; computed (not published)."""
    for kind in ["Q1", "H1", "Q2", "Q3", "H2", "Q4", "Y"]:
        score_period(scoring, kind, {world.cadre: 80, world.other_cadre: 90})
    return compute(world.org)


def test_the_committee_reads_the_whole_ranking_with_its_fields(ranked, world, as_persona):
    response = as_persona("committee").get(_url(organization=world.org.pk, year=2025))

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first, second = data["results"]
    assert first == {
        "id": first["id"],
        "run": ranked.pk,
        "cadre": world.other_cadre.pk,
        "cadre_name": "李四",
        "employee_no": "B001",
        "group": world.group.pk,
        "group_name": "科长组",
        "composite": "90.00",
        "rank": 1,
        "group_size": 2,
        # 20% of two is none: the 优秀 quota is reached before anyone.
        "grade": Grade.COMPETENT,
        "grade_label": "称职",
        "proposed_grade": Grade.COMPETENT,
        "in_bottom": False,
        "boundary_tie": False,
        "vetoed": False,
        "excellent_tie": False,
        "quota_reached": True,
        "incomplete": False,
        "special_status": "",
        "sanction_effect": "",
    }
    assert (second["cadre_name"], second["rank"], second["composite"], second["grade_label"]) == (
        "张三",
        2,
        "80.00",
        "称职",
    )
    # What the schema documents is what is sent.
    assert set(first) == set(ResultRowSerializer().fields)


def test_hr_sees_only_the_cadres_in_their_scope(ranked, world, as_persona):
    names = {
        persona: [r["cadre_name"] for r in as_persona(persona).get(_url(year=2025)).json()["results"]]
        for persona in ["hr", "hr_other", "admin"]
    }

    assert names == {"hr": ["张三"], "hr_other": ["李四"], "admin": ["李四", "张三"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_call_it(ranked, world, persona):
    OrganizationFactory(code="elsewhere", name="另一局")  # as in the matrix: the superuser must choose an organization
    response = client_for(world, persona).get(_url())
    assert response.status_code == ENTRIES[URL_NAME][1](persona)


def test_filters_by_group_grade_and_bottom_set(ranked, world, as_persona):
    Result.objects.filter(run=ranked, cadre=world.cadre).update(in_bottom=True, grade=Grade.BASIC)
    client = as_persona("committee")

    def names(**params):
        return [r["cadre_name"] for r in client.get(_url(year=2025, **params)).json()["results"]]

    other_group = group_create(organization=world.org, year=2025, name="所长组")
    assert names(group=world.group.pk) == ["李四", "张三"]
    assert names(group=other_group.pk) == []
    assert names(grade=Grade.COMPETENT) == ["李四"]
    assert names(grade=Grade.BASIC) == ["张三"]
    assert names(grade=Grade.EXCELLENT) == []
    assert names(in_bottom="true") == ["张三"]
    assert names(in_bottom="false") == ["李四"]
    assert names(grade=Grade.COMPETENT, in_bottom="true") == []
    assert names(grade="", in_bottom="") == ["李四", "张三"]  # a filter form's "all"


def test_bad_filters_are_refused(ranked, world, as_persona):
    client = as_persona("committee")
    other_org = OrganizationFactory(code="other", name="别的局")

    for params, field in [({"grade": "9"}, "grade"), ({"organization": other_org.pk}, "organization")]:
        response = client.get(_url(**params))
        assert response.status_code == 400
        assert field in response.json()["errors"]


def test_the_current_run_is_the_published_one_and_a_run_can_be_named(ranked, world, as_persona):
    newer = compute(world.org)  # a newer run does not replace the one the committee confirmed and HR published
    Result.objects.filter(run=ranked, cadre=world.cadre).update(grade=Grade.BASIC)
    publish(ranked)
    client = as_persona("committee")

    current = client.get(_url(year=2025)).json()["results"]
    named = client.get(_url(run=newer.pk)).json()["results"]

    assert {r["run"] for r in current} == {ranked.pk}
    assert [r["grade"] for r in current] == [Grade.COMPETENT, Grade.BASIC]
    assert {r["run"] for r in named} == {newer.pk}
    assert [r["grade"] for r in named] == [Grade.COMPETENT, Grade.COMPETENT]


def test_a_run_of_another_organization_is_refused_like_a_missing_one(ranked, world, as_persona):
    response = as_persona("hr").get(_url(run=10**9))
    assert response.status_code == 400 and "run" in response.json()["errors"]


def test_no_run_yet_is_an_empty_page(scoring, world, as_persona):
    response = as_persona("committee").get(_url(year=2025))

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def _bulk_results(run, world, count: int):
    """`count` more result rows in the run (as a computation would write them), for page and query-count checks."""
    cadres = CadreFactory.create_batch(count, unit=world.unit_a1, organization=world.org)
    Result.objects.bulk_create(
        [
            Result(run=run, group=world.group, cadre=c, composite=70 + i % 20, rank=3 + i, group_size=2 + count)
            for i, c in enumerate(cadres)
        ]
    )


def test_a_page_is_100_rows(ranked, world, as_persona):
    _bulk_results(ranked, world, 120)
    client = as_persona("committee")

    first = client.get(_url(year=2025)).json()
    second = client.get(_url(year=2025, page=2)).json()

    assert first["count"] == 122 and len(first["results"]) == 100 and first["next"]
    assert len(second["results"]) == 22
    assert [r["rank"] for r in first["results"]][:3] == [1, 2, 3]


def test_the_query_count_is_pinned(ranked, world, as_persona, django_assert_num_queries):
    """Session, user, roles (2), the only organization, the current run (2), count, page, the scheme's grade
    scale; no session save (written at most once a minute: common.middleware.SessionRenewalMiddleware)."""
    client = as_persona("hr")
    client.get(_url())  # warm the session
    with django_assert_num_queries(12) as few:  # +1: the read is recorded (common.read_audit)
        client.get(_url(year=2025, grade=Grade.COMPETENT, in_bottom="false"))

    _bulk_results(ranked, world, 150)
    with django_assert_num_queries(len(few)):
        response = client.get(_url(year=2025, grade="", in_bottom=""))
    assert len(response.json()["results"]) == 100


def test_the_token_works_as_for_every_endpoint(ranked, world):
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    client = APIClient()
    _row, token = AuthToken.objects.create(user=world.users["committee"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.get(_url(year=2025)).json()["count"] == 2


def test_the_endpoint_is_in_the_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    assert "  /api/assessments/results/:" in text
    for parameter in ["organization", "year", "run", "group", "grade", "in_bottom", "page"]:
        assert f"name: {parameter}\n" in text


def test_members_added_later_are_not_in_an_older_run(ranked, world, scoring, as_persona):
    add_members(world, scoring, 2)
    assert as_persona("committee").get(_url(year=2025)).json()["count"] == 2
    assert ResultRun.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_this_areas_matrix_entries_hold_with_the_matrix_texts(scoring, world, persona):
    """What tests/test_permission_matrix.py will check once the entries are wired in: each status, and no name
    from the other side of the tree in a 200 body."""
    from tests.assessments import matrix_results_mine
    from tests.test_permission_matrix import FORBIDDEN_TEXT

    world.scoring = scoring
    OrganizationFactory(code="elsewhere", name="另一局")  # as in the matrix: the superuser must choose an organization
    matrix_results_mine.setup(world)
    client = client_for(world, persona)
    for name, (kwargs_of, expect) in matrix_results_mine.ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs_of(world) if kwargs_of else None))
        assert response.status_code == expect(persona), name
        if response.status_code == 200:
            body = response.content.decode()
            for text in FORBIDDEN_TEXT.get(persona, []):
                assert text not in body, f"{persona} {name} shows {text}"


def test_grades_and_the_bottom_set_are_as_the_committee_settled_them(ranked, world, as_persona):
    from assessments.models import TieDecision

    Result.objects.filter(run=ranked, cadre=world.other_cadre).update(excellent_tie=True, quota_reached=False)
    Result.objects.filter(run=ranked, cadre=world.cadre).update(boundary_tie=True)
    for cadre, kind in [(world.other_cadre, TieDecision.Kind.EXCELLENT), (world.cadre, TieDecision.Kind.BOTTOM)]:
        TieDecision.objects.create(run=ranked, cadre=cadre, kind=kind, chosen=True, reason="党组会议决定")
    client = as_persona("committee")

    rows = {r["cadre_name"]: r for r in client.get(_url(year=2025)).json()["results"]}

    assert (rows["李四"]["grade"], rows["李四"]["grade_label"], rows["李四"]["proposed_grade"]) == ("1", "优秀", "2")
    assert rows["张三"]["in_bottom"] is True and rows["张三"]["boundary_tie"] is True
    assert [r["cadre_name"] for r in client.get(_url(year=2025, in_bottom="true")).json()["results"]] == ["张三"]
    assert [r["cadre_name"] for r in client.get(_url(year=2025, grade="1")).json()["results"]] == ["李四"]
