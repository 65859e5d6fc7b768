"""Yellow and red cards: two approved yellow cards within the policy's window make one red card, in whichever order
they were dated or recorded, the window's last day included; a red card on a section-level cadre carries the fixed
deduction and becomes a recall candidate; the committee decides, HR records, and a refusal changes nothing."""

import datetime

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from recall.models import Card, RecallCase
from recall.services.cards import card_approve, card_record, card_reject, within_window
from recall.services.policies import recall_policy_create
from tests.factories import CadreFactory
from tests.recall.conftest import LATER, approved_card

D = datetime.date


# --- the window, as a rule --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "months", "red"),
    [
        (D(2025, 3, 5), D(2026, 2, 27), 12, True),
        (D(2026, 2, 27), D(2025, 3, 5), 12, True),  # the other way round
        (D(2023, 11, 1), D(2024, 12, 16), 12, False),
        (D(2024, 12, 16), D(2023, 11, 1), 12, False),
        (D(2023, 11, 1), D(2024, 12, 16), None, True),  # "none": however far apart
        (D(2025, 3, 5), D(2026, 3, 5), 12, True),  # the window's last day
        (D(2025, 3, 5), D(2026, 3, 6), 12, False),  # the day after it
        (D(2024, 2, 29), D(2025, 2, 28), 12, True),  # no 29 February: the month's last day
        (D(2024, 2, 29), D(2025, 3, 1), 12, False),
    ],
)
def test_the_window_is_a_month_period_from_the_earlier_card(first, second, months, red):
    assert within_window(first, second, months) is red


def reds(world) -> list[Card]:
    return list(Card.objects.filter(cadre=world.cadre, color="red"))


def _window(world, months):
    world.policy.card_window_months = months
    world.policy.save(update_fields=["card_window_months"])


# --- through the services ---------------------------------------------------------------------------------------


def test_two_yellows_eleven_months_apart_make_one_red_card_linked_to_both(recall_world):
    w = recall_world
    # Given a yellow card of 5 March 2025, approved
    first = approved_card(w, issued_on=D(2025, 3, 5))
    assert reds(w) == []
    # When a second one of 27 February 2026 is approved
    second = approved_card(w, issued_on=D(2026, 2, 27))
    # Then one red card exists, dated the later card's day, linked to both, approved
    (red,) = reds(w)
    assert red.source == Card.Source.TWO_YELLOWS and red.state == Card.State.APPROVED
    assert red.issued_on == D(2026, 2, 27)
    assert set(red.yellows.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert AuditLog.objects.filter(action="recall.card.combine", subject_id=str(red.pk)).count() == 1
    # And 张三, a 组长 of 一级主任科员, is section level: the fixed deduction and a candidate of the open batch
    assert red.deduction == w.policy.red_card_deduction
    case = RecallCase.objects.get(cadre=w.cadre)
    assert (case.card, case.batch, case.category.source, case.state) == (red, w.batch, "red_card", "proposed")


def test_cards_more_than_twelve_months_apart_stay_yellow_unless_the_window_is_none(recall_world):
    w = recall_world
    approved_card(w, issued_on=D(2023, 11, 1))
    approved_card(w, issued_on=D(2024, 12, 16))
    assert reds(w) == []

    # With a policy of no window ("none": cumulative), a further yellow card pairs with the oldest unpaired one
    _window(w, None)
    approved_card(w, issued_on=D(2025, 1, 20))
    (red,) = reds(w)
    assert sorted(red.yellows.values_list("issued_on", flat=True)) == [D(2023, 11, 1), D(2025, 1, 20)]


def test_with_no_window_the_two_cards_of_2023_and_2024_make_a_red_card(recall_world):
    w = recall_world
    _window(w, None)
    approved_card(w, issued_on=D(2023, 11, 1))
    approved_card(w, issued_on=D(2024, 12, 16))
    assert len(reds(w)) == 1


@pytest.mark.parametrize(("second", "red"), [(D(2026, 3, 5), True), (D(2026, 3, 6), False)])
def test_the_windows_last_day_counts_and_the_next_does_not(recall_world, second, red):
    w = recall_world
    approved_card(w, issued_on=D(2025, 3, 5))
    approved_card(w, issued_on=second)
    assert bool(reds(w)) is red


def test_a_card_recorded_later_but_dated_earlier_pairs_the_other_way(recall_world):
    w = recall_world
    approved_card(w, issued_on=D(2026, 2, 27))
    approved_card(w, issued_on=D(2025, 3, 5))
    (red,) = reds(w)
    assert red.issued_on == D(2026, 2, 27)


def test_a_red_card_is_created_once_and_a_third_yellow_waits_for_a_fourth(recall_world):
    w = recall_world
    for day in (D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)):
        approved_card(w, issued_on=day)
    (red,) = reds(w)
    assert Card.objects.filter(cadre=w.cadre, color="yellow", red_card__isnull=True).count() == 1
    approved_card(w, issued_on=D(2025, 4, 1))
    assert len(reds(w)) == 2 and red.yellows.count() == 2


def test_cards_dated_before_the_policy_do_not_count(recall_world):
    w = recall_world
    approved_card(w, issued_on=D(2018, 3, 1))  # before 1 May 2018
    approved_card(w, issued_on=D(2018, 6, 1))
    assert reds(w) == []


def test_the_window_is_the_one_of_the_policy_in_force_on_the_later_card(recall_world):
    w = recall_world
    recall_policy_create(
        organization=w.org, actor=w.users["hr_all"], effective_from=D(2025, 1, 1), card_window_months=6
    )
    approved_card(w, issued_on=D(2024, 12, 1))
    approved_card(w, issued_on=D(2025, 7, 1))  # seven months: outside the new six-month window
    assert reds(w) == []


def test_a_red_card_on_a_cadre_below_section_level_costs_nothing_and_is_not_proposed(recall_world):
    w = recall_world
    clerk = CadreFactory(organization=w.org, unit=w.unit_a1, name="王科员", employee_no="A009", rank_grade="一级科员")
    red = approved_card(w, color="red", issued_on=D(2025, 5, 1), cadre=clerk)
    assert red.deduction is None
    assert not RecallCase.objects.filter(cadre=clerk).exists()


def test_without_an_open_batch_a_red_card_waits_for_the_batch_proposal(recall_world):
    w = recall_world
    w.batch.state = "closed"
    w.batch.save(update_fields=["state"])
    red = approved_card(w, color="red", issued_on=D(2025, 5, 1))
    assert red.deduction == w.policy.red_card_deduction
    assert not RecallCase.objects.exists()


# --- who and when -----------------------------------------------------------------------------------------------


def _row(card) -> tuple:
    return tuple(Card.objects.filter(pk=card.pk).values_list("state", "decided_by", "decision_reason", "deduction")[0])


def test_hr_records_within_scope_and_says_what_is_missing(recall_world):
    w = recall_world
    with pytest.raises(ApplicationError) as error:
        card_record(cadre=w.cadre, color="yellow", issued_on=D(2025, 1, 1), reason="x", actor=w.users["hr_other"])
    assert error.value.code == "permission_denied"
    with pytest.raises(ApplicationError) as error:
        card_record(cadre=w.cadre, color="yellow", issued_on=D(2025, 1, 1), reason="  ", actor=w.users["hr"])
    assert error.value.field_errors == {"reason": ["请填写警示事由。"]}
    with pytest.raises(ApplicationError) as error:
        card_record(
            cadre=w.cadre, color="yellow", issued_on=D(2099, 1, 1), reason="x", actor=w.users["hr"], today=LATER
        )
    assert error.value.field_errors == {"issued_on": ["日期不能晚于今天。"]}
    assert not Card.objects.exists()


def test_only_the_committee_decides_never_on_its_own_card_and_a_refusal_changes_nothing(recall_world):
    w = recall_world
    card = card_record(cadre=w.cadre, color="yellow", issued_on=D(2025, 1, 1), reason="扣分", actor=w.users["hr"])
    before = _row(card)
    for persona in ("hr", "admin", "cadre"):
        with pytest.raises(ApplicationError) as error:
            card_approve(card=card, actor=w.users[persona])
        assert error.value.code == "permission_denied"
    # a committee member who is the cadre himself
    from org.services import role_assign

    role_assign(user=w.users["cadre"], role="committee", organization=w.org)
    w.users["cadre"]._cadre_roles = None
    del w.users["cadre"]._cadre_roles
    with pytest.raises(ApplicationError) as error:
        card_approve(card=card, actor=w.users["cadre"])
    assert "本人" in error.value.message
    with pytest.raises(ApplicationError) as error:
        card_reject(card=card, actor=w.users["committee"], reason=" ")
    assert error.value.field_errors == {"reason": ["请填写不予认定的理由。"]}
    assert _row(card) == before

    card_reject(card=card, actor=w.users["committee"], reason="扣分已撤销")
    with pytest.raises(ApplicationError) as error:
        card_approve(card=Card.objects.get(pk=card.pk), actor=w.users["committee"])
    assert "不予认定" in error.value.message and error.value.code == "invalid_state"
    assert Card.objects.get(pk=card.pk).state == "rejected"
