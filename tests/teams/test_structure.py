"""结构 on a made-up roster with known answers (pure: no database)."""

import datetime
from decimal import Decimal

from teams.structure import DEFAULT_TARGETS, MemberFacts, age_on, compute

ON = datetime.date(2025, 6, 30)
ROSTER = [
    MemberFacts(1, "甲", "M", datetime.date(1980, 6, 15), "party", "postgraduate", "法学", datetime.date(2020, 1, 1)),
    MemberFacts(2, "乙", "F", datetime.date(1990, 1, 10), "none", "undergraduate", "经济", datetime.date(2023, 7, 1)),
    MemberFacts(3, "丙", "M", datetime.date(1975, 12, 31), "party", "college", " 法学 ", datetime.date(2024, 1, 1)),
    MemberFacts(4, "丁", "F", None, "", "", "", None),  # nothing known but the gender
]


def test_ages_are_full_years_on_the_day():
    assert age_on(datetime.date(1980, 6, 30), ON) == 45  # birthday today
    assert age_on(datetime.date(1980, 7, 1), ON) == 44  # tomorrow
    assert age_on(datetime.date(1976, 2, 29), datetime.date(2025, 2, 28)) == 48


def test_the_indicators_of_a_known_roster():
    s = compute(ROSTER, approved=5, on=ON).as_dict()
    assert (s["members"], s["approved"], s["vacancies"]) == (4, 5, 1)
    # ages 45, 35 and 49 (丁 unknown)
    assert s["mean_age"] == "43.0"
    assert s["age_bands"] == {"<35": 0, "35-39": 1, "40-44": 0, "45-49": 2, "50-54": 0, "≥55": 0}
    assert (s["under_40"], s["under_45"], s["share_under_45"]) == (1, 1, "33.3")
    assert (s["women"], s["share_women"]) == (2, "50.0")
    assert (s["non_party"], s["share_non_party"]) == (1, "33.3")  # of the three whose status is known
    assert s["education"] == {"postgraduate": 1, "undergraduate": 1, "college": 1, "secondary": 0}
    assert s["degree_percent"] == "66.7"
    assert s["specialties"] == ["法学", "经济"]
    # years in post: 2007, 730 and 546 days
    assert (s["tenure_min"], s["tenure_max"], s["tenure_mean"], s["tenure_spread"]) == ("1.5", "5.5", "3.0", "4.0")
    assert s["missing"] == {"birth_date": 1, "political_status": 1, "education": 1, "specialty": 1, "post_start": 1}


def test_the_score_is_the_share_of_the_targets_met():
    s = compute(ROSTER, approved=5, on=ON)
    met = {t["key"]: t["met"] for t in s.targets}
    # the two targets switched off by default are not counted
    assert set(met) == {k for k, v in DEFAULT_TARGETS.items() if v is not None}
    assert met == {
        "max_vacancies": False,  # one post vacant
        "min_under_45": True,
        "min_women": True,
        "min_degree_percent": True,
        "min_specialties": True,
        "max_mean_age": True,
        "min_tenure_spread_years": True,
    }
    assert s.score == Decimal("85.71")


def test_targets_are_data():
    targets = {**DEFAULT_TARGETS, "max_vacancies": 1, "min_non_party": 2, "min_under_45": None}
    s = compute(ROSTER, approved=5, on=ON, targets=targets)
    met = {t["key"]: t["met"] for t in s.targets}
    assert met["max_vacancies"] and not met["min_non_party"] and "min_under_45" not in met
    assert s.score == Decimal("85.71")  # 6 of 7


def test_an_empty_team_has_vacancies_and_no_ages():
    s = compute([], approved=3, on=ON)
    assert s.values["vacancies"] == 3 and s.values["mean_age"] is None
    assert {t["key"]: t["met"] for t in s.targets}["max_mean_age"] is False
