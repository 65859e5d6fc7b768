"""HR's upkeep of cadres, appointments and group memberships (org.services.cadre_upkeep, appointments, groups),
within the HR user's scope; and the year-lock registry (org.year_locks) that fixes a computed year's groups."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from common.errors import ApplicationError
from common.models import AuditLog
from org.models import AccountActivation, Appointment, Cadre, GroupMembership, Post
from org.services import (
    account_activate,
    account_activation_issue,
    appointment_dismiss,
    appointment_record,
    cadre_add,
    cadre_edit,
    cadre_leave,
    group_create,
    group_member_move,
    group_member_set,
    post_create,
)
from org.year_locks import register_year_lock, unregister_year_lock, year_lock_reasons

User = get_user_model()


def particulars(cadre, **changes) -> dict:
    values = {
        "name": cadre.name,
        "gender": cadre.gender,
        "birth_date": cadre.birth_date,
        "rank_grade": cadre.rank_grade,
        "unit": cadre.unit,
    }
    return {**values, **changes}


def test_hr_adds_a_cadre_with_a_login_to_activate(world):
    cadre = cadre_add(
        unit=world.unit_a1,
        employee_no=" A009 ",
        name="王九",
        gender="F",
        rank_grade="一级科员",
        actor=world.users["hr"],
    )
    assert (cadre.employee_no, cadre.organization, cadre.unit) == ("A009", world.org, world.unit_a1)
    assert cadre.user.username == "A009" and not cadre.user.has_usable_password()
    with pytest.raises(ApplicationError, match="工号“A009”已存在"):
        cadre_add(unit=world.unit_a1, employee_no="A009", name="王九", gender="F", actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        cadre_add(unit=world.unit_b, employee_no="B009", name="李九", gender="M", actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="出生日期不能晚于今天") as refused:
        cadre_add(
            unit=world.unit_a1,
            employee_no="A010",
            name="周十",
            gender="M",
            birth_date=datetime.date(2999, 1, 1),
            actor=world.users["hr"],
        )
    assert list(refused.value.field_errors) == ["birth_date"]
    assert not Cadre.objects.filter(employee_no__in=["B009", "A010"]).exists()


def test_hr_moves_a_cadre_to_another_unit_of_its_scope(world):
    # when HR moves 张三 from 综合科一组 up to 综合科 and corrects his rank grade
    cadre_edit(
        cadre=world.cadre,
        actor=world.users["hr"],
        reason="工作调整",
        **particulars(world.cadre, unit=world.unit_a, rank_grade="三级主任科员"),
    )

    # then his unit and grade change, audited; his appointment is untouched
    world.cadre.refresh_from_db()
    assert (world.cadre.unit, world.cadre.rank_grade) == (world.unit_a, "三级主任科员")
    row = AuditLog.objects.get(action="org.cadre.update", subject_id=str(world.cadre.pk))
    assert row.before["unit_id"] == world.unit_a1.pk and row.after["unit_id"] == world.unit_a.pk
    assert row.reason == "工作调整" and world.cadre.appointments.get().end_date is None


def test_a_cadre_is_not_moved_out_of_ones_scope(world):
    with pytest.raises(ApplicationError, match="不在您的管理范围内") as refused:
        cadre_edit(cadre=world.cadre, actor=world.users["hr"], **particulars(world.cadre, unit=world.unit_b))
    assert list(refused.value.field_errors) == ["unit"]
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        cadre_edit(cadre=world.other_cadre, actor=world.users["hr"], **particulars(world.other_cadre, name="李四四"))
    assert Cadre.objects.get(pk=world.cadre.pk).unit == world.unit_a1
    assert Cadre.objects.get(pk=world.other_cadre.pk).name == "李四"


def test_a_renamed_cadre_keeps_the_name_on_the_login(world):
    User.objects.filter(pk=world.cadre.user_id).update(first_name="张三")
    world.cadre.refresh_from_db()
    cadre_edit(cadre=world.cadre, actor=world.users["hr"], **particulars(world.cadre, name="张叁"))
    assert User.objects.get(pk=world.cadre.user_id).first_name == "张叁"


def test_an_appointment_rests_on_its_decision_document(world):
    post = post_create(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    other = Cadre.objects.create(
        organization=world.org, unit=world.unit_a1, employee_no="A009", name="王九", gender="M"
    )
    # without a document number it is refused, field by field
    with pytest.raises(ApplicationError) as refused:
        appointment_record(
            cadre=other,
            post=post,
            start_date=datetime.date(2025, 6, 1),
            document_no="",
            document_date=datetime.date(2025, 5, 28),
            actor=world.users["hr"],
        )
    assert refused.value.field_errors == {"document_no": ["请填写任免文号。"]}
    appointment = appointment_record(
        cadre=other,
        post=post,
        start_date=datetime.date(2025, 6, 1),
        document_no="测组〔2025〕1号",
        document_date=datetime.date(2025, 5, 28),
        actor=world.users["hr"],
        reason="党组会议研究",
    )
    assert (appointment.start_document_no, appointment.start_document_date) == (
        "测组〔2025〕1号",
        datetime.date(2025, 5, 28),
    )
    row = AuditLog.objects.get(action="org.appointment.start", subject_id=str(appointment.pk))
    assert row.after["start_document_no"] == "测组〔2025〕1号" and row.reason == "党组会议研究"

    # and its end rests on one too; the rank grade stays
    appointment_dismiss(
        appointment=appointment,
        end_date=datetime.date(2025, 9, 1),
        end_reason=Appointment.EndReason.REMOVED,
        document_no="测组〔2025〕9号",
        document_date=datetime.date(2025, 8, 28),
        actor=world.users["hr"],
    )
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason, appointment.end_document_no) == (
        datetime.date(2025, 9, 1),
        Appointment.EndReason.REMOVED,
        "测组〔2025〕9号",
    )
    assert Cadre.objects.get(pk=other.pk).rank_grade == other.rank_grade


def test_step_down_and_recall_end_appointments_only_through_their_workflows(world):
    appointment = world.cadre.appointments.get()
    for reason in (Appointment.EndReason.STEP_DOWN, Appointment.EndReason.RECALL):
        with pytest.raises(ApplicationError, match="由其办理流程结束任职"):
            appointment_dismiss(
                appointment=appointment,
                end_date=datetime.date(2025, 9, 1),
                end_reason=reason,
                document_no="测组〔2025〕9号",
                document_date=datetime.date(2025, 8, 28),
                actor=world.users["hr"],
            )
    assert Appointment.objects.get(pk=appointment.pk).end_date is None


def test_an_appointment_outside_ones_scope_is_refused(world):
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        appointment_record(
            cadre=world.cadre,
            post=world.post_b,
            start_date=datetime.date(2025, 6, 1),
            document_no="测组〔2025〕1号",
            document_date=datetime.date(2025, 5, 28),
            actor=world.users["hr"],
        )
    assert not world.post_b.appointments.filter(cadre=world.cadre).exists()


def test_a_cadre_who_leaves_keeps_every_record_and_loses_the_login(world):
    code = account_activation_issue(cadres=[world.cadre], actor=world.users["hr"])[0]
    appointment = world.cadre.appointments.get()
    memberships = GroupMembership.objects.filter(cadre=world.cadre).count()

    # when HR records that 张三 has left
    cadre_leave(
        cadre=world.cadre,
        left_on=datetime.date(2025, 7, 31),
        end_reason=Appointment.EndReason.EXCHANGE,
        reason="交流到外单位",
        actor=world.users["hr"],
    )

    # then his appointment ends that day, his login and open code are off, and nothing is deleted
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason) == (datetime.date(2025, 7, 31), "exchange")
    user = User.objects.get(pk=world.cadre.user_id)
    assert not user.is_active
    assert AccountActivation.objects.get(user=user).voided_at is not None
    with pytest.raises(ApplicationError, match="已使用或已作废"):
        account_activate(username=user.username, code=code.code, password1="Qw-x-2025-ok", password2="Qw-x-2025-ok")
    cadre = Cadre.objects.get(pk=world.cadre.pk)
    assert (cadre.left_on, cadre.left_reason, cadre.user_id) == (datetime.date(2025, 7, 31), "交流到外单位", user.pk)
    assert GroupMembership.objects.filter(cadre=cadre).count() == memberships
    assert AuditLog.objects.get(action="org.cadre.leave").after["is_active"] is False
    with pytest.raises(ApplicationError, match="已于 2025-07-31 离开本单位"):
        cadre_leave(cadre=cadre, left_on=datetime.date(2025, 8, 1), end_reason="exchange", reason="再次", actor=None)


def test_leaving_before_a_current_appointment_began_changes_nothing(world):
    with pytest.raises(ApplicationError, match="离开日期须晚于现任职务"):
        cadre_leave(
            cadre=world.cadre,
            left_on=datetime.date(2023, 1, 1),
            end_reason="exchange",
            reason="交流",
            actor=world.users["hr"],
        )
    assert Cadre.objects.get(pk=world.cadre.pk).left_on is None
    assert User.objects.get(pk=world.cadre.user_id).is_active
    assert world.cadre.appointments.get().end_date is None


def test_hr_moves_a_cadre_between_the_groups_of_a_year(world):
    team = group_create(organization=world.org, year=2025, name="一般干部组")
    group_member_move(cadre=world.cadre, group=team, actor=world.users["hr"], reason="职务调整")
    # one group a year: he left 科长组
    assert GroupMembership.objects.get(cadre=world.cadre, year=2025).group == team
    row = AuditLog.objects.get(action="org.group.member_set", actor=world.users["hr"])
    assert (row.before, row.after) == ({"group": world.group.pk}, {"group": team.pk})
    with pytest.raises(ApplicationError, match="已在该考核组"):
        group_member_move(cadre=world.cadre, group=team, actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        group_member_move(cadre=world.other_cadre, group=team, actor=world.users["hr"])


def locked_2025(organization, year):
    """A fake of what the assessment app registers: 2025 has computed results."""
    return "已计算年度考核结果(第 1 版),须重新计算后再调整" if year == 2025 else None


@pytest.fixture
def computed_2025():
    register_year_lock(locked_2025)
    yield
    unregister_year_lock(locked_2025)


def test_the_registry_says_why_a_year_is_fixed(world, computed_2025):
    assert year_lock_reasons(organization=world.org, year=2025) == ["已计算年度考核结果(第 1 版),须重新计算后再调整"]
    assert year_lock_reasons(organization=world.org, year=2026) == []
    register_year_lock(locked_2025)  # registering twice registers once
    assert len(year_lock_reasons(organization=world.org, year=2025)) == 1


def test_a_computed_year_keeps_its_groups(world, computed_2025):
    team = group_create(organization=world.org, year=2025, name="一般干部组")
    with pytest.raises(ApplicationError, match="须重新计算后再调整") as refused:
        group_member_move(cadre=world.cadre, group=team, actor=world.users["hr"])
    assert refused.value.code == "year_locked"
    with pytest.raises(ApplicationError, match="已不能调整"):
        group_member_set(group=team, cadre=world.other_cadre)
    assert GroupMembership.objects.get(cadre=world.cadre, year=2025).group == world.group
    assert not team.memberships.exists()
    # another year is free
    later = group_create(organization=world.org, year=2026, name="科长组")
    assert group_member_move(cadre=world.cadre, group=later, actor=world.users["hr"]).group == later


def test_without_a_registered_check_every_year_is_open(world):
    assert year_lock_reasons(organization=world.org, year=2025) == []
