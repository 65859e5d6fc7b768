import datetime

import pytest
from django.db import IntegrityError, transaction

from common.errors import ApplicationError
from common.models import AuditLog
from org import selectors, services
from org.models import Appointment, GroupMembership, Unit
from tests.factories import CadreFactory


def test_unit_paths_make_subtrees(world):
    assert world.unit_a1.path == f"{world.root.path}{world.unit_a.pk}/{world.unit_a1.pk}/"
    assert set(Unit.objects.filter(path__startswith=world.unit_a.path)) == {world.unit_a, world.unit_a1}
    assert world.unit_a1.depth == 2


def test_a_full_post_refuses_another_holder_and_changes_nothing(world):
    newcomer = CadreFactory(unit=world.unit_a1, organization=world.org)
    before = AuditLog.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        services.appointment_start(cadre=newcomer, post=world.post_a, start_date=datetime.date(2025, 1, 1))
    assert "职数" in excinfo.value.field_errors["post"][0]
    assert not newcomer.appointments.exists()
    assert AuditLog.objects.count() == before


def test_an_appointment_ends_once(world):
    appointment = world.cadre.appointments.get()
    services.appointment_end(appointment=appointment, end_date=datetime.date(2025, 3, 1), end_reason="removed")
    with pytest.raises(ApplicationError, match="已结束"):
        services.appointment_end(appointment=appointment, end_date=datetime.date(2025, 4, 1), end_reason="removed")
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason) == (datetime.date(2025, 3, 1), "removed")


def test_the_database_refuses_an_appointment_ending_before_it_starts(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            cadre=world.cadre,
            post=world.post_b,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2024, 1, 1),
            end_reason="removed",
        )


def test_employee_numbers_are_unique_within_an_organization(world):
    with pytest.raises(ApplicationError, match="工号"):
        services.cadre_create(organization=world.org, employee_no="A001", unit=world.unit_a, name="重复", gender="M")
    other_org = services.organization_create(code="other", name="另一局")
    other_unit = services.unit_create(organization=other_org, name="另一局机关")
    services.cadre_create(organization=other_org, employee_no="A001", unit=other_unit, name="同号", gender="F")


def test_a_cadre_is_in_one_group_a_year(world):
    second = services.group_create(organization=world.org, year=2025, name="所长组")
    services.group_member_set(group=second, cadre=world.cadre, reason="调整考核组")
    assert list(GroupMembership.objects.filter(cadre=world.cadre).values_list("group__name", flat=True)) == ["所长组"]
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMembership.objects.create(group=world.group, cadre=world.cadre, year=2025)


def test_sanctions_and_measures_are_told_apart(world):
    sanction = services.sanction_record_create(
        cadre=world.cadre,
        kind="gov_demerit",
        decided_on=datetime.date(2025, 5, 1),
        effective_from=datetime.date(2025, 5, 1),
        effective_until=datetime.date(2026, 5, 1),
    )
    measure = services.sanction_record_create(
        cadre=world.cadre,
        kind="demoted",
        decided_on=datetime.date(2025, 6, 1),
        effective_from=datetime.date(2025, 6, 1),
    )
    assert (sanction.category, measure.category) == ("sanction", "measure")
    with pytest.raises(ApplicationError):
        services.sanction_record_create(
            cadre=world.cadre,
            kind="demoted",
            decided_on=datetime.date(2025, 6, 1),
            effective_from=datetime.date(2025, 6, 1),
            effective_until=datetime.date(2025, 1, 1),
        )


def test_one_person_may_hold_several_roles(world):
    services.role_assign(user=world.users["cadre"], role="rater", organization=world.org)
    from org.roles import get_roles

    world.users["cadre"].refresh_from_db()
    roles = get_roles(world.users["cadre"])
    assert roles.names == ["rater", "cadre"]
    with pytest.raises(ApplicationError):
        services.role_assign(user=world.users["cadre"], role="rater", organization=world.org)


def test_selectors_scope_every_read(world):
    hr, other = world.users["hr"], world.users["hr_other"]
    assert list(selectors.cadre_list(user=hr)) == [world.cadre]
    assert list(selectors.cadre_list(user=other)) == [world.other_cadre]
    assert list(selectors.cadre_list(user=world.users["cadre"])) == [world.cadre]
    assert not selectors.cadre_list(user=world.users["rater"]).exists()
    assert not selectors.unit_list(user=world.users["cadre"]).exists()
    assert selectors.cadre_list(user=world.users["admin"]).count() == 2
    assert list(selectors.appointment_list(user=other).values_list("cadre__name", flat=True)) == ["李四"]
