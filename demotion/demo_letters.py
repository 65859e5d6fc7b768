"""The commitment letters of the demo bureau (org.demo): a policy whose start covers the demo's middle-manager
appointments, the letters it asks for, most signed within the month, one signed late, one unsigned and overdue, and
one for a fresh appointment not yet due. ganbu (城关所所长) has signed his.

The signatures are past events written as demo data: each gets its audit row (actor the cadre's account when he has
one), saying so, with the simulated signing time in the row's after."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from common.audit import audit_log_record, snapshot
from demotion.models import CommitmentLetter
from demotion.services.letters import LETTER_FIELDS, commitment_letters_sync, step_down_policy_update
from org import services as org_services
from org.models import Appointment, Cadre, Post

DEMO_REASON = "示例数据:模拟的历史签署记录"


def _fresh_appointment(*, organization, today: datetime.date, rng) -> Appointment | None:
    """A staff member of a station made its 副所长 a few days ago (a letter not yet due)."""
    posts = Post.objects.filter(unit__organization=organization, kind=Post.Kind.MIDDLE, name="副所长").order_by(
        "unit__sort_order", "pk"
    )
    for post in posts:
        if Appointment.objects.filter(post=post, end_date__isnull=True).count() >= post.headcount:
            continue
        # A staff member who has never held a post.
        cadre = Cadre.objects.filter(unit=post.unit, appointments__isnull=True).order_by("employee_no").first()
        if cadre is None:
            continue
        return org_services.appointment_start(
            cadre=cadre, post=post, start_date=today - datetime.timedelta(days=5), reason="示例数据:新任副所长"
        )
    return None


def _demo_sign(letter: CommitmentLetter, signed_on: datetime.date, rng) -> None:
    signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(rng.randint(8, 17), 30)))
    before = snapshot(letter, LETTER_FIELDS)
    updated = CommitmentLetter.objects.filter(pk=letter.pk, signed_at__isnull=True).update(
        signed_at=signed_at, signed_name=letter.cadre.name, signed_by=letter.cadre.user
    )
    if updated != 1:
        return
    letter.refresh_from_db()
    audit_log_record(
        actor=letter.cadre.user,
        action="demotion.letter.sign",
        subject=letter,
        before=before,
        after={**snapshot(letter, LETTER_FIELDS), "late": signed_on > letter.due_date},
        reason=DEMO_REASON,
    )


def demo_letters_load(*, organization, year, rng) -> None:
    today = timezone.localdate()
    hr = get_user_model().objects.filter(username="hr").first()
    step_down_policy_update(
        organization=organization,
        actor=hr,
        letters_from=datetime.date(year - 7, 1, 1),
        letter_months=1,
        application_working_days=3,
        reason="示例数据:局党组印发《中层负责人主动让贤实施办法》",
    )
    fresh = _fresh_appointment(organization=organization, today=today, rng=rng)
    commitment_letters_sync(organization=organization, today=today)
    letters = list(
        CommitmentLetter.objects.filter(organization=organization)
        .select_related("cadre", "cadre__user", "appointment")
        .order_by("appointment__start_date", "pk")
    )
    past = [
        letter for letter in letters if letter.due_date < today and (fresh is None or letter.appointment_id != fresh.pk)
    ]
    # The two exceptions: deputies without an account (ganbu and kezhang sign theirs in time).
    others = [letter for letter in past if letter.cadre.user_id is None]
    unsigned = others[-1] if others else None
    late = others[-2] if len(others) > 1 else None
    for letter in past:
        if letter is unsigned:
            continue
        if letter is late:
            _demo_sign(letter, letter.due_date + datetime.timedelta(days=rng.randint(5, 20)), rng)
            continue
        days = (letter.due_date - letter.appointment.start_date).days
        _demo_sign(letter, letter.appointment.start_date + datetime.timedelta(days=rng.randint(1, max(days, 1))), rng)
