"""Waiting periods (影响期): the months of the rules, the month-end rule, an organization's own rule over the
national default, the end day counted, sanctions as well as measures, and the cost of asking for many cadres."""

import datetime

import pytest

from demotion.models import WaitingPeriodRule
from demotion.selectors.measures import blocks_promotion, rule_of, rules_for, waiting_periods
from org.models import SanctionRecord
from org.services import sanction_record_create
from tests.demotion.matrix_measures import seed_national_rules
from tests.factories import CadreFactory

D = datetime.date


@pytest.fixture(autouse=True)
def national_rules(db):
    seed_national_rules()


def _record(cadre, kind, effective_from):
    return sanction_record_create(cadre=cadre, kind=kind, decided_on=effective_from, effective_from=effective_from)


def test_the_national_defaults_are_seeded(db):
    rules = rules_for(organization_ids=[])
    assert rule_of(rules, 0, "admonishment").no_promotion_months == 6
    assert rule_of(rules, 0, "removed").no_leading_post_months == 12
    assert rule_of(rules, 0, "demoted").no_promotion_months == 24
    assert rule_of(rules, 0, "post_adjusted").no_promotion_months == 12


@pytest.mark.parametrize(
    "kind, start, promotion_end",
    [
        ("admonishment", D(2025, 8, 31), D(2026, 2, 28)),  # no 31 February: the month's last day
        ("admonishment", D(2023, 8, 31), D(2024, 2, 29)),  # a leap year
        ("admonishment", D(2025, 3, 1), D(2025, 9, 1)),
        ("transferred", D(2024, 2, 29), D(2025, 2, 28)),
        ("demoted", D(2025, 5, 31), D(2027, 5, 31)),
    ],
)
def test_the_period_ends_on_the_same_day_or_the_months_last_day(world, kind, start, promotion_end):
    # given a measure taking effect on `start`
    _record(world.cadre, kind, start)
    # when its waiting period is read on the day it starts
    (period,) = waiting_periods(cadre_ids=[world.cadre.pk], on=start)[world.cadre.pk]
    # then promotion is barred until the corresponding day (民法典 Art. 202)
    assert period.no_promotion_until == promotion_end
    assert period.basis


def test_the_end_day_is_the_last_day_of_the_period(world):
    # given a 诫勉 from 1 March 2025 (six months: through 1 September)
    _record(world.cadre, "admonishment", D(2025, 3, 1))
    # then it blocks promotion on the effective day and the last day, not the day before nor the day after
    assert not blocks_promotion(cadre_ids=[world.cadre.pk], on=D(2025, 2, 28))
    assert world.cadre.pk in blocks_promotion(cadre_ids=[world.cadre.pk], on=D(2025, 3, 1))
    assert world.cadre.pk in blocks_promotion(cadre_ids=[world.cadre.pk], on=D(2025, 9, 1))
    assert not blocks_promotion(cadre_ids=[world.cadre.pk], on=D(2025, 9, 2))
    # and once over it is no longer running, though still there when asked for every period
    assert waiting_periods(cadre_ids=[world.cadre.pk], on=D(2025, 9, 2)) == {}
    assert len(waiting_periods(cadre_ids=[world.cadre.pk], on=D(2025, 9, 2), running=False)[world.cadre.pk]) == 1


def test_removal_bars_leading_posts_for_a_year_and_promotion_for_two(world):
    _record(world.cadre, "removed", D(2025, 1, 15))
    (period,) = waiting_periods(cadre_ids=[world.cadre.pk], on=D(2026, 6, 1))[world.cadre.pk]
    assert (period.no_leading_post_until, period.no_promotion_until) == (D(2026, 1, 15), D(2027, 1, 15))
    assert period.ends_on == D(2027, 1, 15)
    assert period.blocks_promotion_on(D(2026, 6, 1)) and not period.blocks_leading_post_on(D(2026, 6, 1))


def test_an_organizations_own_rule_beats_the_national_default(world):
    # given the organization's own rule: 诫勉 bars promotion for 12 months here
    WaitingPeriodRule.objects.create(
        organization=world.org, kind="admonishment", no_promotion_months=12, basis="本局干部管理办法"
    )
    _record(world.cadre, "admonishment", D(2025, 3, 1))
    # and a cadre of another organization with the same measure
    elsewhere = CadreFactory(name="外局干部", employee_no="X001")
    _record(elsewhere, "admonishment", D(2025, 3, 1))
    # when both are read at once
    periods = waiting_periods(cadre_ids=[world.cadre.pk, elsewhere.pk], on=D(2025, 3, 1))
    # then each gets their own organization's rule
    assert periods[world.cadre.pk][0].no_promotion_until == D(2026, 3, 1)
    assert periods[world.cadre.pk][0].basis == "本局干部管理办法"
    assert periods[elsewhere.pk][0].no_promotion_until == D(2025, 9, 1)


def test_a_reminder_talk_has_no_waiting_period(world):
    _record(world.cadre, "reminder_talk", D(2025, 3, 1))
    assert waiting_periods(cadre_ids=[world.cadre.pk], on=D(2025, 3, 1)) == {}


def test_sanctions_have_waiting_periods_too(world):
    record = _record(world.cadre, "gov_demerit", D(2025, 4, 30))
    assert record.category == SanctionRecord.Category.SANCTION
    (period,) = waiting_periods(cadre_ids=[world.cadre.pk], on=D(2025, 5, 1))[world.cadre.pk]
    assert (period.kind, period.category_label, period.no_promotion_until) == ("gov_demerit", "处分", D(2026, 4, 30))


def test_a_measure_not_yet_in_effect_is_not_running(world):
    _record(world.cadre, "demoted", D(2025, 7, 1))
    assert waiting_periods(cadre_ids=[world.cadre.pk], on=D(2025, 6, 30)) == {}


def test_many_cadres_cost_two_queries(world, django_assert_num_queries):
    cadres = [CadreFactory(organization=world.org, unit=world.unit_b) for _ in range(30)]
    for i, cadre in enumerate(cadres):
        _record(cadre, ["admonishment", "removed", "gov_warning"][i % 3], D(2025, 1, 1 + i % 28))
    with django_assert_num_queries(2):
        periods = waiting_periods(cadre_ids=[c.pk for c in cadres], on=D(2025, 3, 1))
    assert len(periods) == 30
