"""The commitment letter's deadline: reminders to the cadre before, on and after the due date, and the overdue
letter reported once to the HR whose scope holds the cadre."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from demotion.services.letters import commitment_letter_sign
from demotion.setup.letters import COMMITMENT_LETTER, LETTER_DEADLINE
from notices import registry
from notices.models import Notice
from notices.services import notices_generate
from org.models import RoleAssignment
from org.services import role_assign
from tests.demotion.test_letters_support import zhang_letter


def _letter_notices():
    return Notice.objects.filter(kind=LETTER_DEADLINE)


def _days(letter) -> dict:
    return {occurrence: day for occurrence, day, _escalation in COMMITMENT_LETTER.schedule(letter.due_date)}


def test_the_kind_is_registered():
    kind = registry.get_kind(LETTER_DEADLINE)
    assert kind is COMMITMENT_LETTER
    assert kind.unit_field == "cadre__unit"
    assert [r.occurrence for r in kind.reminders] == ["before:3", "due", "after:1"]


def test_reminders_and_escalation_each_once(world):
    # given 张三's unsigned letter (due 2023-04-01) and an organization-wide HR besides 甲 and 乙
    letter = zhang_letter(world)
    hr_all = get_user_model().objects.create_user(username="hr_all")
    role_assign(user=hr_all, role=RoleAssignment.Role.HR, organization=world.org)
    days = _days(letter)

    # when the scanner runs twice on each day of the schedule
    for occurrence in ["before:3", "due", "after:1", "escalation"]:
        notices_generate(today=days[occurrence])
        notices_generate(today=days[occurrence])

    # then 张三 got each reminder once, with a link to the letter
    mine = _letter_notices().filter(recipient=world.users["cadre"])
    assert sorted(mine.values_list("occurrence", flat=True)) == ["after:1", "before:3", "due"]
    assert {n.url for n in mine} == {reverse("demotion:letter_detail", kwargs={"pk": letter.pk})}
    assert all(n.due_date == letter.due_date for n in mine)
    # and the escalation went once to the HR covering 综合科一组 (甲 and the organization-wide HR), not to 乙
    escalated = _letter_notices().filter(occurrence="escalation")
    assert sorted(escalated.values_list("recipient__username", flat=True)) == ["hr", "hr_all"]
    assert _letter_notices().count() == 5


def test_nothing_before_the_first_reminder(world):
    letter = zhang_letter(world)
    notices_generate(today=_days(letter)["before:3"] - datetime.timedelta(days=1))
    assert not _letter_notices().exists()


def test_a_signed_letter_gets_no_further_notices(world):
    letter = zhang_letter(world)
    days = _days(letter)
    notices_generate(today=days["before:3"])
    commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    notices_generate(today=days["due"])
    notices_generate(today=days["escalation"])
    assert list(_letter_notices().values_list("occurrence", flat=True)) == ["before:3"]


def test_the_hr_deadline_list_is_scoped_by_the_cadres_unit(world, as_persona):
    zhang_letter(world)
    assert "张三" in as_persona("hr").get(reverse("notices:deadlines")).content.decode()
    assert "张三" not in as_persona("hr_other").get(reverse("notices:deadlines")).content.decode()
