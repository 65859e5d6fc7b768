"""Commitment letters: the sync (which appointments, due dates, idempotent), signing and the policy."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from common.errors import ApplicationError
from common.models import AuditLog
from demotion.models import CommitmentLetter, StepDownPolicy
from demotion.services.letters import commitment_letter_sign, commitment_letters_sync, step_down_policy_update
from org.models import Appointment, Post, RoleAssignment
from org.services import appointment_end, appointment_start, role_assign
from tests.demotion.test_letters_support import policy, zhang_letter
from tests.factories import CadreFactory, PostFactory, UserFactory


def _middle_post(world, unit=None, name="副组长"):
    return PostFactory(unit=unit or world.unit_a1, name=name, kind=Post.Kind.MIDDLE)


# --- sync ---------------------------------------------------------------------------------------------------------


def test_sync_creates_one_letter_per_current_middle_appointment_and_is_idempotent(world):
    # given a policy reaching back to 2020 (张三's 组长 post is middle; 李四's 所长 is principal)
    policy(world)
    # when the sync runs twice
    first = commitment_letters_sync(today=datetime.date(2023, 3, 2))
    second = commitment_letters_sync(today=datetime.date(2023, 3, 2))
    # then 张三 has one letter, due a month after the appointment, and 李四 none
    assert (first, second) == (1, 0)
    letter = CommitmentLetter.objects.get()
    assert letter.cadre == world.cadre
    assert letter.due_date == datetime.date(2023, 4, 1)
    assert letter.organization == world.org
    assert not letter.is_signed
    assert "测试局党组" in letter.text and "张三" in letter.text and "综合科一组组长" in letter.text
    assert "3个工作日内" in letter.text and "保留职级" in letter.text
    assert AuditLog.objects.filter(action="demotion.letter.create").count() == 1


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2025, 3, 31), datetime.date(2025, 4, 30)),
        (datetime.date(2025, 12, 15), datetime.date(2026, 1, 15)),
    ],
)
def test_due_date_follows_the_month_end_rule(world, start, due):
    policy(world)
    cadre = CadreFactory(unit=world.unit_a1, organization=world.org, name="赵六")
    appointment = appointment_start(cadre=cadre, post=_middle_post(world), start_date=start)
    commitment_letters_sync(organization=world.org, today=start)
    assert CommitmentLetter.objects.get(appointment=appointment).due_date == due


def test_the_policy_months_and_working_days_are_used(world):
    policy(world, letter_months=2, application_working_days=5)
    letter = zhang_letter(world)
    assert letter.due_date == datetime.date(2023, 5, 1)
    assert "5个工作日内" in letter.text


def test_letters_from_is_respected(world):
    # given a policy from 2023-03-02: 张三 was appointed the day before
    policy(world, letters_from=datetime.date(2023, 3, 2))
    later = CadreFactory(unit=world.unit_a1, organization=world.org, name="赵六")
    appointment_start(cadre=later, post=_middle_post(world), start_date=datetime.date(2023, 3, 2))
    # when the sync runs
    commitment_letters_sync(today=datetime.date(2023, 3, 3))
    # then only the appointment from that day on has a letter
    assert list(CommitmentLetter.objects.values_list("cadre__name", flat=True)) == ["赵六"]


def test_only_middle_posts_and_current_appointments(world):
    policy(world)
    staff_post = PostFactory(unit=world.unit_a1, name="科员", kind=Post.Kind.STAFF)
    deputy_post = PostFactory(unit=world.unit_a1, name="副职", kind=Post.Kind.DEPUTY)
    one = CadreFactory(unit=world.unit_a1, organization=world.org, name="甲一")
    two = CadreFactory(unit=world.unit_a1, organization=world.org, name="甲二")
    three = CadreFactory(unit=world.unit_a1, organization=world.org, name="甲三")
    appointment_start(cadre=one, post=staff_post, start_date=datetime.date(2024, 1, 1))
    appointment_start(cadre=two, post=deputy_post, start_date=datetime.date(2024, 1, 1))
    ended = appointment_start(cadre=three, post=_middle_post(world), start_date=datetime.date(2024, 1, 1))
    appointment_end(appointment=ended, end_date=datetime.date(2024, 2, 1), end_reason=Appointment.EndReason.STEP_DOWN)
    commitment_letters_sync(today=datetime.date(2024, 3, 1))
    assert list(CommitmentLetter.objects.values_list("cadre__name", flat=True)) == ["张三"]


def test_without_a_policy_the_sync_creates_one_from_today_which_does_not_reach_back(world):
    # when the sync runs for an organization without a policy
    created = commitment_letters_sync(organization=world.org, today=datetime.date(2025, 6, 1))
    # then a policy from today exists (audited), and 张三's 2023 appointment has no letter
    assert created == 0
    policy_ = StepDownPolicy.objects.get(organization=world.org)
    assert policy_.letters_from == datetime.date(2025, 6, 1)
    assert (policy_.letter_months, policy_.application_working_days) == (1, 3)
    assert AuditLog.objects.filter(action="demotion.policy.create").count() == 1
    assert not CommitmentLetter.objects.exists()
    # and a second run changes nothing
    commitment_letters_sync(organization=world.org, today=datetime.date(2025, 6, 2))
    assert StepDownPolicy.objects.get(organization=world.org).letters_from == datetime.date(2025, 6, 1)
    assert AuditLog.objects.filter(action="demotion.policy.create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_syncs_create_each_letter_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs a database with real concurrent connections")
    policy(world)
    errors = []

    def run():
        try:
            commitment_letters_sync(today=datetime.date(2023, 3, 2))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert CommitmentLetter.objects.count() == 1
    assert AuditLog.objects.filter(action="demotion.letter.create").count() == 1


# --- signing ------------------------------------------------------------------------------------------------------


def _state(letter):
    letter.refresh_from_db()
    return (letter.signed_at, letter.signed_name, letter.signed_by_id, AuditLog.objects.count())


def test_the_cadre_signs_with_his_name_trimmed(world):
    letter = zhang_letter(world)
    with time_machine.travel(datetime.datetime(2023, 3, 20, 10, 0, tzinfo=datetime.UTC), tick=False):
        signed = commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="  张三 ")
    assert signed.signed_name == "张三"
    assert signed.signed_by == world.users["cadre"]
    assert signed.signed_at == datetime.datetime(2023, 3, 20, 10, 0, tzinfo=datetime.UTC)
    row = AuditLog.objects.get(action="demotion.letter.sign")
    assert row.actor == world.users["cadre"]
    assert row.before["signed_at"] is None and row.after["signed_name"] == "张三" and row.after["late"] is False


def test_signing_after_the_due_date_is_allowed_and_marked_late(world):
    letter = zhang_letter(world)
    with time_machine.travel(datetime.datetime(2023, 5, 10, 10, 0, tzinfo=datetime.UTC), tick=False):
        commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    assert AuditLog.objects.get(action="demotion.letter.sign").after["late"] is True


@pytest.mark.parametrize(
    ("persona", "name", "field"),
    [
        ("cadre", "李四", "signed_name"),
        ("cadre", "张 三", "signed_name"),
        ("cadre", "   ", "signed_name"),
        ("hr", "张三", None),
        ("admin", "张三", None),
        ("other_cadre", "张三", None),
    ],
)
def test_refused_signatures_change_nothing(world, persona, name, field):
    letter = zhang_letter(world)
    before = _state(letter)
    with pytest.raises(ApplicationError) as error:
        commitment_letter_sign(letter=letter, actor=world.users[persona], signed_name=name)
    if field:
        assert error.value.field_errors[field]
        if name.strip():
            assert error.value.field_errors[field] == ["签名须与本人姓名一致"]
    assert _state(letter) == before


def test_a_letter_is_signed_once(world):
    letter = zhang_letter(world)
    commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    before = _state(letter)
    with pytest.raises(ApplicationError, match="不能重复签署"):
        commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    assert _state(letter) == before


# --- the policy ---------------------------------------------------------------------------------------------------


def _hr_all(world):
    user = UserFactory(username="hr_all")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    return user


def test_organization_wide_hr_updates_the_policy_with_before_and_after(world):
    policy(world)
    updated = step_down_policy_update(
        organization=world.org,
        actor=_hr_all(world),
        letters_from=datetime.date(2024, 1, 1),
        letter_months=2,
        application_working_days=5,
        reason="党组会议纪要〔2024〕1号",
    )
    assert (updated.letters_from, updated.letter_months, updated.application_working_days) == (
        datetime.date(2024, 1, 1),
        2,
        5,
    )
    row = AuditLog.objects.get(action="demotion.policy.update")
    assert row.before["letter_months"] == 1 and row.after["letter_months"] == 2
    assert row.reason == "党组会议纪要〔2024〕1号"


@pytest.mark.parametrize("persona", ["hr", "hr_other", "committee", "cadre"])
def test_others_cannot_update_the_policy(world, persona):
    policy(world)
    audit = AuditLog.objects.count()
    with pytest.raises(ApplicationError):
        step_down_policy_update(
            organization=world.org,
            actor=world.users[persona],
            letters_from=datetime.date(2024, 1, 1),
            letter_months=2,
            application_working_days=5,
        )
    assert StepDownPolicy.objects.get().letter_months == 1
    assert AuditLog.objects.count() == audit


@pytest.mark.parametrize(
    ("months", "days", "field"), [(0, 3, "letter_months"), (13, 3, "letter_months"), (1, 0, "application_working_days")]
)
def test_bad_policy_values_are_refused_field_by_field(world, months, days, field):
    policy(world)
    with pytest.raises(ApplicationError) as error:
        step_down_policy_update(
            organization=world.org,
            actor=world.users["admin"],
            letters_from=datetime.date(2024, 1, 1),
            letter_months=months,
            application_working_days=days,
        )
    assert list(error.value.field_errors) == [field]
    assert StepDownPolicy.objects.get().letter_months == 1


def test_a_policy_change_leaves_issued_letters_as_they_were(world):
    letter = zhang_letter(world)
    step_down_policy_update(
        organization=world.org,
        actor=world.users["admin"],
        letters_from=datetime.date(2020, 1, 1),
        letter_months=3,
        application_working_days=5,
    )
    commitment_letters_sync(today=datetime.date(2023, 3, 3))
    again = CommitmentLetter.objects.get()
    assert (again.pk, again.due_date, again.text) == (letter.pk, letter.due_date, letter.text)


# --- the periodic task ------------------------------------------------------------------------------------------


def test_the_periodic_task_is_safe_to_run_twice(world):
    from demotion.tasks.letters import letters_sync

    policy(world)
    assert letters_sync.apply().get() == 1
    assert letters_sync.apply().get() == 0
    assert CommitmentLetter.objects.count() == 1
