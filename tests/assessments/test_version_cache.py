"""What a published version shows is computed once and kept in the cache (assessments.selectors.version_cache), and
still served to each user only within their scope: HR of one subtree and HR of the other reading the same published
version get only their own rows, from the group page and from the ranking endpoint alike; the cadre's own page shows
only the cadre's rows. A new version (a revision adopted by the publication) is a new key; a run not published is
read live."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString

from assessments.models import Publication, Result
from assessments.selectors import version_cache
from assessments.selectors.results import TableRow
from assessments.services.results import results_run_create, results_run_execute
from tests.assessments.matrix_results_mine import score_period
from tests.assessments.test_results_pages_group import _body, _rows
from tests.assessments.test_results_pages_group import _run as compute


@pytest.fixture
def year(scoring, world):
    """The whole year scored: 张三 (unit_a1, HR 'hr') 80, 李四 (unit_b, HR 'hr_other') 90; computed."""
    for kind in ["Q1", "H1", "Q2", "Q3", "H2", "Q4", "Y"]:
        score_period(scoring, kind, {world.cadre: 80, world.other_cadre: 90})
    return compute(world)


def publish(world, run) -> Publication:
    return Publication.objects.update_or_create(
        organization=world.org,
        year=run.year,
        defaults={"run": run, "state": Publication.State.PUBLISHED, "published_on": datetime.date(2026, 3, 3)},
    )[0]


def _group_url(run, world) -> str:
    return reverse("assessments:results_group", args=[run.pk, world.group.pk])


def _api_url(world) -> str:
    return reverse("assessments_api:result-list") + f"?organization={world.org.pk}&year=2025"


def _keys() -> list[str]:
    return [key for key in cache._cache if ":assessments:" in key]  # the local-memory cache of the tests


def _names(rows) -> list[str]:
    return [" ".join(cell) for row in rows for cell in row if cell and cell[0] in ("张三", "李四")]


def test_hr_of_either_subtree_gets_only_its_own_rows_of_one_cached_version(year, world, as_persona):
    publish(world, year)
    hr, hr_other, committee = as_persona("hr"), as_persona("hr_other"), as_persona("committee")

    assert _names(_rows(_body(hr.get(_group_url(year, world))))) == ["张三"]
    keys = _keys()
    assert keys  # the whole group's rows were computed and kept
    # the other subtree's HR reads the same cached value, and gets only its own row
    assert _names(_rows(_body(hr_other.get(_group_url(year, world))))) == ["李四"]
    assert _names(_rows(_body(hr.get(_group_url(year, world))))) == ["张三"]
    assert _keys() == keys
    assert sorted(_names(_rows(_body(committee.get(_group_url(year, world)))))) == ["张三", "李四"]

    for _ in range(2):  # computed, then from the cache
        assert [r["cadre_name"] for r in hr.get(_api_url(world)).json()["results"]] == ["张三"]
        assert [r["cadre_name"] for r in hr_other.get(_api_url(world)).json()["results"]] == ["李四"]
        assert hr.get(_api_url(world)).json()["count"] == 1
        assert [r["cadre_name"] for r in committee.get(_api_url(world)).json()["results"]] == ["李四", "张三"]


def test_a_cadre_reads_only_their_own_rows_and_others_stay_out(year, world, as_persona):
    publish(world, year)
    for persona, other in [("cadre", "李四"), ("other_cadre", "张三")]:
        for _ in range(2):
            body = _body(as_persona(persona).get(reverse("assessments:my_results")))
            assert "2025" in body and other not in body
    # the group page and the ranking stay closed to a cadre, cached or not
    assert as_persona("cadre").get(_group_url(year, world)).status_code in (403, 404)
    assert as_persona("cadre").get(_api_url(world)).status_code == 403


def test_a_run_not_published_is_read_live(year, world, as_persona):
    as_persona("hr").get(_group_url(year, world))
    as_persona("hr").get(_api_url(world))
    as_persona("cadre").get(reverse("assessments:my_results"))
    assert _keys() == []
    Result.objects.filter(run=year, cadre=world.cadre).update(composite="77.00")
    assert "77.00" in _body(as_persona("hr").get(_group_url(year, world)))


def test_a_new_version_is_a_new_key(year, world, as_persona):
    publication = publish(world, year)
    hr = as_persona("hr")
    first = hr.get(_api_url(world)).json()["results"][0]["composite"]
    # the published version's rows do not change; a revision is a new run that the publication adopts
    revision = results_run_create(organization=world.org, year=2025, enqueue=False, after_publication=True)
    revision = results_run_execute(run_id=revision.pk)
    Result.objects.filter(run=revision, cadre=world.cadre).update(composite="71.00")
    Publication.objects.filter(pk=publication.pk).update(run=revision, updated_at=publication.updated_at)
    assert hr.get(_api_url(world)).json()["results"][0]["composite"] == "71.00" != first
    assert _names(_rows(_body(hr.get(_group_url(revision, world))))) == ["张三"]
    assert "71.00" in _body(hr.get(_group_url(revision, world)))


def test_the_key_names_the_run_the_publication_and_the_language(year, world):
    publication = publish(world, year)
    key = version_cache.run_key(year, publication, "group", 1)
    assert f"{year.pk}." in key and f".{publication.pk}." in key and ":zh-hans:" in key


def test_a_page_from_the_cache_is_the_page_computed_afresh(year, world, as_persona):
    """The group page, the ranking and the cadre's own page answer the same bytes from the cache as computed."""
    publish(world, year)
    pages = [
        ("hr", _group_url(year, world)),
        ("committee", _group_url(year, world)),
        ("hr_other", _api_url(world)),
        ("cadre", reverse("assessments:my_results")),
    ]
    for persona, url in pages:
        client = as_persona(persona)
        client.get(url)  # the session's first request renews it
        cache.clear()
        computed = client.get(url)
        assert _keys()
        cached = client.get(url)
        assert computed.status_code == cached.status_code == 200
        # the CSRF tokens and the CSP nonce differ by request
        strip = lambda body: re.sub(rb"[A-Za-z0-9+/_-]{20,}", b"", body)  # noqa: E731
        assert strip(cached.content) == strip(computed.content), (persona, url)


def test_a_cached_group_keeps_each_row_as_markup_and_plain_values(year, world, as_persona):
    """Every request unpickles the group's value: its rows are the markup and what the chart counts, not a Result
    with its cadre, unit and group."""
    publish(world, year)
    as_persona("committee").get(_group_url(year, world))
    (key,) = [key for key in _keys() if ":group:" in key]
    rows = cache.get(key.split(":", 2)[2])["rows"]  # the local-memory cache's key without its prefix and version
    assert len(rows) == 2
    for row in rows.values():
        assert isinstance(row, TableRow)
        assert all(value is None or type(value) in (str, SafeString, Decimal, bool) for value in row), row
    assert {row.composite for row in rows.values()} == set(
        Result.objects.filter(run=year, group=world.group).values_list("composite", flat=True)
    )
