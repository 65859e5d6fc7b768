"""The demo's part for HR's upkeep pages: logins waiting for activation (the 办公室 and 城关所), one switched off,
the appointment decision documents (任免文号), a unit closed last year with its ended post, and a cadre who has
left. Loaded after every other part of the demo, with its own random numbers, so the others' demo data stays the
same."""

import datetime
import random

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction

from org import services
from org.models import Appointment, Cadre, Organization, Post, Unit

DOCUMENT_PREFIX = "示市监党"
ACTIVATION_UNITS = ("办公室", "城关所")
CLOSED_UNIT = "原食品安全协调科"


def _document_no(appointment: Appointment, number: int) -> str:
    return f"{DOCUMENT_PREFIX}〔{appointment.start_date.year}〕{number}号"


@transaction.atomic
def demo_upkeep_load(*, organization: Organization, year: int) -> None:
    rng = random.Random(year)
    # The decision documents of the appointments on record (任免文号, dated a few days before they began); another
    # part of the demo that recorded its own keeps it.
    for number, appointment in enumerate(
        Appointment.objects.filter(cadre__organization=organization, start_document_no="").order_by("start_date", "pk"),
        start=1,
    ):
        Appointment.objects.filter(pk=appointment.pk).update(
            start_document_no=_document_no(appointment, number),
            start_document_date=appointment.start_date - datetime.timedelta(days=rng.randint(1, 10)),
        )
    # Logins to activate: every cadre of 办公室 and 城关所 without one; the last of them switched off.
    cadres = list(
        Cadre.objects.filter(organization=organization, unit__name__in=ACTIVATION_UNITS, user__isnull=True)
        .select_related("unit", "organization")
        .order_by("employee_no")
    )
    services.cadre_account_ensure(cadres=cadres, actor=None, reason="演示:待激活的登录账号")
    if len(cadres) > 1:
        services.account_lock(cadres=[cadres[-1]], actor=None, reason="演示:借调外单位期间停用")
    # A unit closed last year: its post ended first, nobody left in it.
    offices = Unit.objects.get(organization=organization, name="机关科室")
    closed = services.unit_create(organization=organization, parent=offices, name=CLOSED_UNIT, sort_order=99)
    post = services.post_create(unit=closed, name="科长", kind=Post.Kind.MIDDLE)
    services.post_end(post=post, ended_on=datetime.date(year - 1, 3, 31), actor=None, reason="机构改革,职能并入")
    services.unit_close(unit=closed, closed_on=datetime.date(year - 1, 3, 31), actor=None, reason="机构改革,职能并入")
    # A cadre who retired last year: on record, no longer current.
    leaving = (
        Cadre.objects.filter(organization=organization, unit__name="西河所", user__isnull=True, appointments=None)
        .select_related("unit", "organization")
        .order_by("employee_no")
        .last()
    )
    if leaving is not None:
        services.cadre_leave(
            cadre=leaving,
            left_on=datetime.date(year - 1, 12, 31),
            end_reason=Appointment.EndReason.RETIRED,
            reason="退休",
            actor=None,
        )


def demo_activation_cadre(organization: Organization) -> Cadre | None:
    """The demo cadre whose code `make run` prints, so that activation can be tried: the first of 城关所 whose login
    waits for activation."""
    return (
        Cadre.objects.filter(
            organization=organization,
            unit__name="城关所",
            user__is_active=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("user", "unit", "organization")
        .order_by("employee_no")
        .first()
    )
