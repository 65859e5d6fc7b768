"""The early warnings in the demo: a cadre who reaches retirement age in eight months, a measure whose waiting
period ends in three weeks and an appointment whose probation (试用期) ends in three weeks are planted (through org's
services), then the daily scan runs once over everything the other parts of the demo planted, so that the inbox of
`hr` (HR of the whole bureau) shows the catalog's warnings."""

import datetime
import random

from django.utils import timezone

from common.workdays import add_months
from org.models import Appointment, Cadre, Organization, SanctionRecord
from org.services import appointment_probation_set, cadre_update, sanction_record_create


def _born_to_retire_in(today: datetime.date, *, months: int) -> datetime.date:
    """A man's birth date whose retirement day (60, raised as the 2025 decision says) falls about `months` ahead."""
    from org.services.warnings import raising_months

    birth = add_months(today, months - 12 * 60)
    while add_months(birth, 12 * 60 + raising_months(original_years=60, birth_date=birth)) > add_months(today, months):
        birth = add_months(birth, -1)
    return birth


def demo_warnings_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    from notices.warnings.services import warnings_scan

    today = timezone.localdate()
    plain = Cadre.objects.filter(organization=organization, user__isnull=True, left_on__isnull=True).order_by(
        "-employee_no"
    )
    near_retirement = plain.filter(gender=Cadre.Gender.MALE).first()
    if near_retirement is not None:
        cadre_update(
            cadre=near_retirement,
            birth_date=_born_to_retire_in(today, months=8),
            reason="演示:临近退休年龄",
        )
    measured = plain.exclude(pk__in=[near_retirement.pk] if near_retirement is not None else []).first()
    if measured is not None:
        # 调整职务: no promotion for a year, from 49 weeks ago: the period ends in three weeks.
        effective = add_months(today + datetime.timedelta(days=21), -12)
        sanction_record_create(
            cadre=measured,
            kind=SanctionRecord.Kind.POST_ADJUSTED,
            decided_on=effective,
            effective_from=effective,
            document_no=f"党组干任〔{effective.year}〕7号",
            note="因工作失误调整职务",
        )
    planted = [c.pk for c in (near_retirement, measured) if c is not None]
    # The probation of a newly promoted leader is a year: the appointment that started closest to a year before the
    # planted end (and no later), so that the warning reads like one.
    probation_end = today + datetime.timedelta(days=21)
    on_probation = (
        Appointment.objects.filter(
            cadre__in=plain.exclude(pk__in=planted),
            end_date__isnull=True,
            start_date__lte=add_months(probation_end, -12),
        )
        .order_by("-start_date", "pk")
        .first()
    )
    if on_probation is not None:
        appointment_probation_set(
            appointment=on_probation, probation_ends_on=probation_end, reason="演示:任职试用期将满"
        )
    warnings_scan(today=today)
