"""Cadres' logins: created or linked without a usable password, activated with a one-time code that is kept only as a
hash, expires, serves once and is voided by the next one; switched off and on; HR cannot take over or switch off a
login with staff rights. The world: tests/conftest.py (HR "hr" over 综合科, "hr_other" over 城关所)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditLog
from org.accounts.codes import ALPHABET, code_matches, code_normalize
from org.accounts.state import AccountState, account_state
from org.models import AccountActivation, Cadre, RoleAssignment
from org.services import (
    account_activate,
    account_activation_issue,
    account_lock,
    account_unlock,
    cadre_account_ensure,
    cadre_create,
    role_assign,
)

User = get_user_model()
NEW_PASSWORD = "Qw-new-secret-2025"


@pytest.fixture
def newcomer(world):
    """王九 of 综合科一组, on the roster without a login."""
    return cadre_create(organization=world.org, employee_no="A009", unit=world.unit_a1, name="王九", gender="M")


def activate(username, code, password=NEW_PASSWORD, again=None):
    return account_activate(username=username, code=code, password1=password, password2=again or password)


def test_a_cadre_gets_a_login_named_by_employee_number_with_no_usable_password(world, newcomer):
    # when HR creates logins for a cadre without one
    plan = cadre_account_ensure(cadres=[newcomer], actor=world.users["hr"])

    # then the cadre has a login named by 工号 that cannot sign in yet, and the change is audited on the cadre
    newcomer.refresh_from_db()
    assert plan.create == [newcomer] and newcomer.user.username == "A009"
    assert newcomer.user.is_active and not newcomer.user.has_usable_password()
    assert account_state(newcomer.user) == AccountState.PENDING
    row = AuditLog.objects.get(action="org.account.create", subject_id=str(newcomer.pk))
    assert row.actor == world.users["hr"] and row.after["username"] == "A009"


def test_the_username_follows_the_setting(world, newcomer, settings):
    settings.CADRE_USERNAME_FORMAT = "{organization}-{employee_no}"
    cadre_account_ensure(cadres=[newcomer], actor=world.users["hr"])
    newcomer.refresh_from_db()
    assert newcomer.user.username == "test-A009"


def test_an_existing_user_of_that_name_is_linked_but_not_one_with_staff_rights(world, newcomer):
    # given a plain user named A009, and a cadre A008 whose name is an HR user's
    plain = User.objects.create_user(username="A009")
    staff = User.objects.create_user(username="A008")
    role_assign(user=staff, role=RoleAssignment.Role.HR, organization=world.org, unit=world.unit_b)
    other = cadre_create(organization=world.org, employee_no="A008", unit=world.unit_a1, name="赵八", gender="F")

    # when HR of 综合科 creates their logins
    plan = cadre_account_ensure(cadres=[newcomer, other], actor=world.users["hr"])

    # then the plain user is linked, and the staff login is left alone, with the reason
    newcomer.refresh_from_db()
    other.refresh_from_db()
    assert newcomer.user == plain and plan.link == [newcomer]
    assert other.user is None
    assert [(c, why) for c, why in plan.skipped] == [(other, "同名账号“A008”由系统管理员管理")]


def test_a_login_name_already_held_by_another_cadre_is_not_taken(world, newcomer):
    # given 张三's login is called A009
    User.objects.filter(pk=world.cadre.user_id).update(username="A009")
    plan = cadre_account_ensure(cadres=[newcomer], actor=world.users["hr"])
    assert plan.count == 0 and "已是其他干部的账号" in plan.skipped[0][1]
    assert Cadre.objects.get(pk=newcomer.pk).user_id is None


def test_hr_cannot_make_logins_outside_its_units_and_nothing_changes(world, newcomer):
    users = User.objects.count()
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        cadre_account_ensure(cadres=[newcomer], actor=world.users["hr_other"])
    assert User.objects.count() == users and Cadre.objects.get(pk=newcomer.pk).user_id is None


def test_codes_are_stored_only_as_hashes_and_a_new_one_voids_the_last(world, newcomer):
    # when HR prints the sheet twice
    first = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0]
    second = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0]

    # then each code is readable (no confusable characters) and only hashes are kept
    for issued in (first, second):
        assert set(code_normalize(issued.code)) <= set(ALPHABET) and len(code_normalize(issued.code)) == 12
    rows = list(AccountActivation.objects.filter(user__username="A009").order_by("created_at", "pk"))
    assert len(rows) == 2
    for row in rows:
        assert first.code not in row.code_hash and code_normalize(first.code) not in row.code_hash
    assert code_matches(first.code, rows[0].code_hash) and code_matches(second.code, rows[1].code_hash)
    # and no audit row carries a code
    for logged in AuditLog.objects.values_list("before", "after", "reason"):
        assert code_normalize(first.code) not in code_normalize(str(logged)) and first.code not in str(logged)
    # the first was voided when the second was issued
    assert rows[0].voided_at is not None and rows[1].is_open

    # and the first no longer activates, the second does
    with pytest.raises(ApplicationError, match="已使用或已作废") as refused:
        activate("A009", first.code)
    assert refused.value.code == "activation_failed"
    user = activate("A009", second.code.lower().replace("-", " "))
    assert user.check_password(NEW_PASSWORD)


def test_a_code_serves_once(world, newcomer):
    code = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0].code
    activate("A009", code)
    with pytest.raises(ApplicationError, match="已使用或已作废"):
        activate("A009", code, password="Another-pass-2025")
    user = User.objects.get(username="A009")
    assert user.check_password(NEW_PASSWORD) and not user.check_password("Another-pass-2025")
    assert AuditLog.objects.filter(action="org.account.activate", actor=user).count() == 1


def test_a_code_expires_after_the_configured_days(world, newcomer, settings, time_machine):
    settings.CADRE_ACTIVATION_DAYS = 3
    time_machine.move_to(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC), tick=False)
    issued = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0]
    assert issued.expires_at == datetime.datetime(2025, 3, 6, 9, 0, tzinfo=datetime.UTC)

    # when the cadre comes a minute too late
    time_machine.move_to(datetime.datetime(2025, 3, 6, 9, 1, tzinfo=datetime.UTC), tick=False)
    with pytest.raises(ApplicationError, match="已过期"):
        activate("A009", issued.code)

    # then nothing changed: no password, the code unused
    assert not User.objects.get(username="A009").has_usable_password()
    assert AccountActivation.objects.get(user__username="A009").used_at is None


def test_a_wrong_code_or_an_unknown_name_says_the_same(world, newcomer):
    account_activation_issue(cadres=[newcomer], actor=world.users["hr"])
    for username in ("A009", "nobody"):
        with pytest.raises(ApplicationError) as refused:
            activate(username, "AAAA-AAAA-AAAA")
        assert refused.value.message == "用户名或激活码不正确。" and refused.value.code == "activation_failed"


def test_the_password_is_checked_by_djangos_validators_in_chinese(world, newcomer):
    code = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0].code
    with pytest.raises(ApplicationError) as refused:
        activate("A009", code, password="12345678")
    assert "密码" in refused.value.message and refused.value.field_errors["password1"]
    with pytest.raises(ApplicationError, match="两次输入的密码不一致"):
        activate("A009", code, again="Something-else-99")
    # the code is still good for a proper password
    assert activate("A009", code).has_usable_password()


def test_a_switched_off_login_cannot_be_activated_nor_printed(world, newcomer):
    code = account_activation_issue(cadres=[newcomer], actor=world.users["hr"])[0].code
    account_lock(cadres=[Cadre.objects.get(pk=newcomer.pk)], actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="已停用"):
        activate("A009", code)
    with pytest.raises(ApplicationError, match="账号已停用,请先启用"):
        account_activation_issue(cadres=[Cadre.objects.get(pk=newcomer.pk)], actor=world.users["hr"])


def test_lock_and_unlock_switch_logins_and_are_audited(world):
    # when HR switches 张三's login off
    changed = account_lock(cadres=[world.cadre], actor=world.users["hr"], reason="借调期间")
    assert changed == [world.cadre] and not User.objects.get(pk=world.cadre.user_id).is_active
    # then his session is over
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(pk=world.cadre.user_id))
    assert client.get("/me/").status_code == 302
    # and on again
    account_unlock(cadres=[Cadre.objects.get(pk=world.cadre.pk)], actor=world.users["hr"])
    assert User.objects.get(pk=world.cadre.user_id).is_active
    actions = list(AuditLog.objects.filter(subject_id=str(world.cadre.pk)).values_list("action", "reason"))
    assert ("org.account.lock", "借调期间") in actions and ("org.account.unlock", "") in actions


def test_hr_cannot_switch_off_or_take_over_a_login_with_staff_rights(world):
    # given 张三 also holds the committee role
    role_assign(user=world.cadre.user, role=RoleAssignment.Role.COMMITTEE, organization=world.org)
    before = User.objects.get(pk=world.cadre.user_id).password
    with pytest.raises(ApplicationError, match="由系统管理员管理"):
        account_lock(cadres=[world.cadre], actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="由系统管理员管理"):
        account_activation_issue(cadres=[world.cadre], actor=world.users["hr"])
    user = User.objects.get(pk=world.cadre.user_id)
    assert user.is_active and user.password == before
    assert not AccountActivation.objects.filter(user=user).exists()
    # the administrator may
    assert account_lock(cadres=[world.cadre], actor=world.users["admin"]) == [world.cadre]


def test_a_cadre_who_has_left_cannot_be_switched_back_on(world):
    Cadre.objects.filter(pk=world.cadre.pk).update(left_on=timezone.localdate())
    cadre = Cadre.objects.select_related("user", "unit", "organization").get(pk=world.cadre.pk)
    account_lock(cadres=[cadre], actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="已离开本单位"):
        account_unlock(cadres=[cadre], actor=world.users["hr"])
    assert not User.objects.get(pk=cadre.user_id).is_active
