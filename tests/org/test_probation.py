"""试用期: HR records when a newly promoted leader's probation ends (on the appointing page, through the API), after
the start or refused on its field; the early warning tells HR of the cadre's unit once as the end comes within
PROBATION_WARNING_DAYS, and not for an ended appointment, a past end, one beyond the window or a switched-off kind."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from rest_framework.test import APIClient

from common.errors import ApplicationError
from common.models import AuditLog
from notices.models import Notice
from notices.warnings.registry import warning_kinds
from notices.warnings.services import warning_switch_set, warnings_scan
from org.models import Appointment, Cadre, Post
from org.services import (
    appointment_dismiss,
    appointment_probation_set,
    appointment_record,
    cadre_create,
    post_create,
)
from org.services.warnings import KIND as RETIREMENT_KIND
from org.services.warnings import PROBATION_KIND
from tests.assessments.test_api_support import make_hr_all

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 6, 1)
START = D(2025, 6, 20)


def _newcomer(world, employee_no="A009", name="王九") -> Cadre:
    return cadre_create(organization=world.org, employee_no=employee_no, unit=world.unit_a1, name=name, gender="M")


def _appoint(world, cadre, *, probation_ends_on=None) -> Appointment:
    post = post_create(unit=world.unit_a1, name=f"副组长{cadre.employee_no}", kind=Post.Kind.DEPUTY)
    return appointment_record(
        cadre=cadre,
        post=post,
        start_date=START,
        document_no="测组〔2025〕1号",
        document_date=START,
        probation_ends_on=probation_ends_on,
        actor=world.users["hr"],
    )


# --- recording it ------------------------------------------------------------------------------------------------


def test_the_probation_end_is_recorded_with_the_appointment_and_audited(world):
    appointment = _appoint(world, _newcomer(world), probation_ends_on=D(2026, 6, 20))
    assert Appointment.objects.get(pk=appointment.pk).probation_ends_on == D(2026, 6, 20)
    row = AuditLog.objects.get(action="org.appointment.start", subject_id=str(appointment.pk))
    assert row.after["probation_ends_on"] == "2026-06-20"


@pytest.mark.parametrize("ends_on", [D(2025, 6, 20), D(2025, 1, 1)])
def test_a_probation_end_not_after_the_start_is_refused_on_its_field(world, ends_on):
    newcomer = _newcomer(world)
    with pytest.raises(ApplicationError) as refused:
        _appoint(world, newcomer, probation_ends_on=ends_on)
    assert refused.value.field_errors == {"probation_ends_on": ["试用期满日期必须晚于任职日期。"]}
    assert not newcomer.appointments.exists()


def test_the_database_refuses_a_probation_end_before_the_start(world):
    appointment = world.cadre.appointments.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(probation_ends_on=appointment.start_date)


def test_the_probation_end_of_an_open_appointment_is_set_later_audited(world):
    appointment = world.cadre.appointments.get()
    with pytest.raises(ApplicationError) as refused:
        appointment_probation_set(appointment=appointment, probation_ends_on=D(2020, 1, 1), actor=world.users["hr"])
    assert refused.value.field_errors == {"probation_ends_on": ["试用期满日期必须晚于任职日期。"]}
    appointment_probation_set(
        appointment=appointment, probation_ends_on=D(2024, 3, 1), actor=world.users["hr"], reason="补录"
    )
    assert Appointment.objects.get(pk=appointment.pk).probation_ends_on == D(2024, 3, 1)
    row = AuditLog.objects.get(action="org.appointment.probation", subject_id=str(appointment.pk))
    assert (row.before["probation_ends_on"], row.after["probation_ends_on"], row.reason) == (None, "2024-03-01", "补录")


def test_the_appointing_page_takes_the_probation_end_and_the_cadre_page_shows_it(world):
    client = Client()
    client.force_login(world.users["hr"])
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    newcomer = _newcomer(world)
    url = f"/org/cadres/{newcomer.pk}/appoint/"
    assert "试用期满日期" in client.get(url).content.decode()
    fields = {
        "post": post.pk,
        "start_date": "2025-06-01",
        "start_reason": "appointed",
        "document_no": "测组〔2025〕1号",
        "document_date": "2025-05-28",
    }
    body = client.post(url, {**fields, "probation_ends_on": "2025-05-01"}).content.decode()
    assert "试用期满日期必须晚于任职日期。" in body and not newcomer.appointments.exists()
    response = client.post(url, {**fields, "probation_ends_on": "2026-06-01"})
    assert response.status_code == 302
    assert newcomer.appointments.get().probation_ends_on == D(2026, 6, 1)
    page = client.get(f"/org/cadres/{newcomer.pk}/").content.decode()
    assert "试用期满日期" in page and "2026-06-01" in page


def test_the_appointing_page_leaves_the_probation_end_empty(world):
    client = Client()
    client.force_login(world.users["hr"])
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    newcomer = _newcomer(world)
    response = client.post(
        f"/org/cadres/{newcomer.pk}/appoint/",
        {
            "post": post.pk,
            "start_date": "2025-06-01",
            "start_reason": "appointed",
            "document_no": "测组〔2025〕1号",
            "document_date": "2025-05-28",
            "probation_ends_on": "",
        },
    )
    assert response.status_code == 302 and newcomer.appointments.get().probation_ends_on is None


def test_the_api_takes_and_shows_the_probation_end(world):
    client = APIClient()
    client.force_authenticate(world.users["hr"])
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    newcomer = _newcomer(world)
    body = {
        "cadre": newcomer.pk,
        "post": post.pk,
        "start_date": "2025-06-01",
        "document_no": "测组〔2025〕1号",
        "document_date": "2025-05-28",
    }
    response = client.post("/api/org/appointments/", {**body, "probation_ends_on": "2025-06-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"probation_ends_on": ["试用期满日期必须晚于任职日期。"]}
    response = client.post("/api/org/appointments/", {**body, "probation_ends_on": "2026-06-01"}, format="json")
    assert response.status_code == 201 and response.json()["probation_ends_on"] == "2026-06-01"
    shown = client.get(f"/api/org/appointments/{response.json()['id']}/").json()
    assert shown["probation_ends_on"] == "2026-06-01"
    other_post = post_create(unit=world.unit_a1, name="副组长二", kind=Post.Kind.DEPUTY)
    other = _newcomer(world, "A010", "赵十")
    response = client.post("/api/org/appointments/", {**body, "cadre": other.pk, "post": other_post.pk}, format="json")
    assert response.status_code == 201 and response.json()["probation_ends_on"] is None


# --- the warning -------------------------------------------------------------------------------------------------


def _told() -> list[tuple[str, str]]:
    return sorted(Notice.objects.filter(kind=PROBATION_KIND).values_list("recipient__username", "title"))


@pytest.fixture
def probations(world, settings):
    settings.PROBATION_WARNING_DAYS = 30
    soon = _appoint(world, _newcomer(world), probation_ends_on=TODAY + 20 * DAY)
    _appoint(world, _newcomer(world, "A010", "赵十"), probation_ends_on=TODAY + 31 * DAY)  # beyond the window
    _appoint(world, _newcomer(world, "A011", "钱十一"), probation_ends_on=TODAY - DAY)  # already past
    ended = _appoint(world, _newcomer(world, "A012", "孙十二"), probation_ends_on=TODAY + 10 * DAY)
    appointment_dismiss(
        appointment=ended,
        end_date=D(2026, 3, 1),
        end_reason=Appointment.EndReason.REMOVED,
        document_no="测组〔2026〕2号",
        document_date=D(2026, 3, 1),
        actor=world.users["hr"],
    )
    return soon


def test_the_kind_sits_next_to_retirement_in_the_catalog():
    codes = [k.code for k in warning_kinds()]
    assert codes.index(PROBATION_KIND) == codes.index(RETIREMENT_KIND) + 1
    kind = next(k for k in warning_kinds() if k.code == PROBATION_KIND)
    assert str(kind.label) == "试用期满预警"


def test_the_catalog_says_the_windows_as_set(settings):
    settings.PROBATION_WARNING_DAYS = 45
    settings.RETIREMENT_WARNING_MONTHS = 6
    kinds = {kind.code: str(kind.description) for kind in warning_kinds()}
    assert "45天内" in kinds[PROBATION_KIND]
    assert "6个月内" in kinds[RETIREMENT_KIND]


def test_a_probation_ending_within_the_window_is_told_to_hr_once(world, probations):
    warnings_scan(today=TODAY)
    assert _told() == [("hr", "试用期满预警:王九(综合科一组副组长A009)")]
    notice = Notice.objects.get(kind=PROBATION_KIND)
    assert notice.subject_id == str(probations.pk) and notice.occurrence == f"probation:{probations.pk}:2026-06-21"
    assert "2026年6月21日" in notice.body and "2025年6月20日" in notice.body and "考核" in notice.body
    assert notice.url == f"/org/cadres/{probations.cadre_id}/"
    # a second scan, the same day or later, adds nothing
    warnings_scan(today=TODAY)
    warnings_scan(today=TODAY + 5 * DAY)
    assert Notice.objects.filter(kind=PROBATION_KIND, subject_id=str(probations.pk)).count() == 1
    sent = AuditLog.objects.filter(action="notices.warning.send", subject_id=str(probations.pk))
    assert sent.count() == 1 and sent.get().after["kind"] == PROBATION_KIND


def test_the_window_ends_on_its_last_day(world, probations):
    warnings_scan(today=TODAY + DAY)  # 赵十's end, 31 days from TODAY, is now the window's last day
    assert [title for _r, title in _told()] == [
        "试用期满预警:王九(综合科一组副组长A009)",
        "试用期满预警:赵十(综合科一组副组长A010)",
    ]


def test_a_moved_probation_end_is_told_again(world, probations):
    warnings_scan(today=TODAY)
    appointment_probation_set(appointment=probations, probation_ends_on=TODAY + 25 * DAY, actor=world.users["hr"])
    warnings_scan(today=TODAY)
    assert Notice.objects.filter(kind=PROBATION_KIND, subject_id=str(probations.pk)).count() == 2


def test_no_warning_for_an_ended_appointment_a_past_end_or_beyond_the_window(world, probations):
    warnings_scan(today=TODAY)
    names = [title for _r, title in _told()]
    assert not any(name in title for title in names for name in ("赵十", "钱十一", "孙十二"))


def test_no_warning_once_the_cadre_left(world, probations):
    Cadre.objects.filter(pk=probations.cadre_id).update(left_on=TODAY - DAY)
    warnings_scan(today=TODAY)
    assert _told() == []


def test_a_probation_warning_switched_off_is_not_told(world, probations):
    warning_switch_set(organization=world.org, kind=PROBATION_KIND, enabled=False, actor=make_hr_all(world))
    warnings_scan(today=TODAY)
    assert _told() == []
