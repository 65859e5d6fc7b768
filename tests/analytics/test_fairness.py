"""Group fairness on made-up composites with known answers, and its page, download and endpoint."""

import random

import pytest
from django.urls import reverse

from analytics.stats.fairness import KRUSKAL_WALLIS, MANN_WHITNEY, MIN_SUBGROUP, Subgroup, compare
from tests.analytics.conftest import build_scored
from tests.conftest import client_for


def _subgroup(key: str, n: int, centre: float, seed: int) -> Subgroup:
    rng = random.Random(seed)
    return Subgroup(key, key, tuple(round(rng.gauss(centre, 3), 2) for _ in range(n)))


@pytest.mark.parametrize("seed", range(10))
def test_a_five_point_shift_is_detected_with_thirty_per_subgroup(seed):
    # given 街道 heads scoring five points above 区直 heads, thirty of each, spread 3
    result = compare([_subgroup("区直", 30, 80, seed), _subgroup("街道", 30, 85, seed + 100)])
    assert result.test == MANN_WHITNEY and result.significant
    assert result.highest.key == "街道"
    assert 2.5 < result.median_gap < 7.5  # a median of thirty moves by about one point either way
    assert result.effect > 0.5  # most 街道 heads score above most 区直 heads


@pytest.mark.parametrize("seed", range(10))
def test_the_same_shift_is_not_judged_with_four_per_subgroup(seed):
    result = compare([_subgroup("区直", 4, 80, seed), _subgroup("街道", 4, 85, seed + 100)])
    assert result.too_small and not result.significant and result.p_value is None
    assert result.median_gap is not None  # the medians are still shown


@pytest.mark.parametrize("seed", range(10))
def test_no_shift_is_not_significant_often(seed):
    # given no difference at all, the test stays quiet (at α = 0.05 a false alarm is rare; these seeds have none)
    result = compare([_subgroup("区直", 30, 80, seed), _subgroup("街道", 30, 80, seed + 100)])
    assert not result.significant


def test_three_kinds_use_kruskal_wallis():
    result = compare([_subgroup("所", 20, 80, 1), _subgroup("科室", 20, 80, 2), _subgroup("街道", 20, 86, 3)])
    assert result.test == KRUSKAL_WALLIS and result.significant
    assert result.highest.key == "街道" and 0 < result.effect <= 1


def test_one_kind_has_nothing_to_compare():
    result = compare([_subgroup("所", 12, 80, 1)])
    assert result.single and result.test == "" and not result.significant


def test_the_page_says_which_kind_runs_higher_and_suggests_the_next_version(world):
    # given thirty 机关科室 heads five points above thirty 市场监管所 heads in one group
    build_scored(world, lenient=0, shift=5, per_side=30)
    response = client_for(world, "admin").get(reverse("analytics:fairness"))
    assert response.status_code == 200
    [group] = [g for g in response.context["report"].groups if g.group_name == "中层正职组"]
    assert group.comparison.significant
    assert group.verdict.startswith("机关科室组中位数比市场监管所组高 ")
    assert "差异显著" in group.verdict
    assert "不溯及既往" in group.suggestion
    body = response.content.decode()
    assert "差异显著" in body and "<svg" in body and "style=" not in body


def test_hr_of_one_side_sees_one_kind_only(world):
    build_scored(world, lenient=0, shift=5, per_side=30)
    response = client_for(world, "hr_other").get(reverse("analytics:fairness"))
    [group] = response.context["report"].groups
    assert group.comparison.single and [s.label for s in group.comparison.subgroups] == ["市场监管所"]
    assert "张三" not in response.content.decode()


def test_small_subgroups_get_the_note_instead_of_a_verdict(world):
    build_scored(world, lenient=0, shift=5, per_side=4)
    # the committee sees both sides
    data = client_for(world, "committee").get(reverse("analytics_api:fairness-list")).json()
    [group] = [g for g in data["groups"] if g["group_name"] == "中层正职组"]
    assert group["too_small"] and group["p_value"] is None and group["suggestion"] == ""
    assert f"每类至少 {MIN_SUBGROUP} 人" in group["verdict"]


def test_the_download_is_the_same_bytes_for_the_same_data(world):
    build_scored(world, lenient=0, shift=5, per_side=10)
    client = client_for(world, "admin")
    url = reverse("analytics:fairness_export")
    first = client.get(url, {"format": "xlsx"}).content
    assert first == client.get(url, {"format": "xlsx"}).content
    csv = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert "中层正职组,机关科室,10," in csv and "中层正职组,市场监管所,10," in csv


def test_equal_composites_everywhere_are_no_difference():
    same = [Subgroup(k, k, (80.0,) * 10) for k in ("所", "科室", "街道")]
    result = compare(same)
    assert result.p_value == 1.0 and not result.significant
    result = compare(same[:2])
    assert result.p_value == 1.0 and result.effect == 0.0
