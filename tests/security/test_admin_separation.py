"""三员分立: the system, security and audit administrators each do their part in the admin, and none the others'."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from common.audit_display import audit_entries
from common.models import AuditLog
from org.models import RoleAssignment
from security.models import AdminRole
from security.services.admins import admin_role_assign

User = get_user_model()


def admin_client(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _user_form(**fields) -> dict:
    data = {"username": "", "first_name": "", "last_name": "", "email": "", "is_active": "on"}
    data.update({"date_joined_0": "2025-01-01", "date_joined_1": "08:00:00"})
    data.update({f"initial-{k}": v for k, v in data.items() if k.startswith("date_joined")})
    data.update(fields)
    return data


def test_the_system_administrator_creates_accounts_but_no_superuser(world):
    client = admin_client(world, "sysadmin")
    # when the system administrator adds an account
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "new_clerk",
            "usable_password": "true",
            "password1": "Fresh-Secret-11",
            "password2": "Fresh-Secret-11",
        },
    )
    assert response.status_code == 302
    clerk = User.objects.get(username="new_clerk")
    assert AuditLog.objects.filter(action="auth.user.admin_add", subject_id=str(clerk.pk)).exists()
    # and tries to make it a superuser and staff on its change page
    page = client.get(f"/admin/auth/user/{clerk.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page and 'name="is_staff"' not in page
    client.post(
        f"/admin/auth/user/{clerk.pk}/change/", _user_form(username="new_clerk", is_superuser="on", is_staff="on")
    )
    clerk.refresh_from_db()
    # then the flags he may not set stay off
    assert not clerk.is_superuser and not clerk.is_staff


@pytest.mark.parametrize("other", ["auditadmin", "secadmin", "admin"])
def test_the_system_administrator_cannot_touch_the_other_administrators(world, other):
    client = admin_client(world, "sysadmin")
    target = world.users[other]
    # the account is not there for him: no password reset that would make him the auditor
    assert client.get(f"/admin/auth/user/{target.pk}/change/").status_code == 302  # "does not exist" → back to list
    assert client.get(f"/admin/auth/user/{target.pk}/password/").status_code == 404
    listed = client.get("/admin/auth/user/").context["cl"].result_list
    assert target not in listed and world.users["hr"] in listed


def test_the_system_administrator_reads_no_audit_record(world):
    client = admin_client(world, "sysadmin")
    assert client.get("/admin/common/auditlog/").status_code == 403
    row = AuditLog.objects.order_by("id").first()
    assert client.get(f"/admin/common/auditlog/{row.pk}/change/").status_code == 403
    assert client.post(f"/admin/common/auditlog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    # nor a catalog's history on its change page
    page = client.get(f"/admin/org/unit/{world.unit_a.pk}/change/")
    assert page.status_code == 200
    assert "变更记录" not in page.content.decode() and page.context["audit"] is None
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_the_audit_administrator_reads_the_trail_and_changes_nothing(world):
    client = admin_client(world, "auditadmin")
    row = AuditLog.objects.order_by("id").first()
    assert client.get("/admin/common/auditlog/").status_code == 200
    assert client.get(f"/admin/common/auditlog/{row.pk}/change/").status_code == 200
    assert client.post(f"/admin/common/auditlog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditLog.objects.filter(pk=row.pk).exists()
    for page in ["/admin/auth/user/", "/admin/org/roleassignment/", "/admin/org/unit/", "/admin/org/cadre/"]:
        assert client.get(page).status_code == 403, page


def test_the_security_administrator_grants_roles_but_not_to_himself_nor_to_an_administrator(world):
    client = admin_client(world, "secadmin")

    def grant(user):
        return client.post(
            "/admin/org/roleassignment/add/",
            {"user": user.pk, "role": RoleAssignment.Role.HR, "organization": world.org.pk, "unit": world.unit_b.pk},
        )

    assert grant(world.users["rater"]).status_code == 302
    assert RoleAssignment.objects.filter(user=world.users["rater"], role="hr", unit=world.unit_b).exists()
    for user, why in [
        (world.users["secadmin"], "不能给自己授予角色"),
        (world.users["sysadmin"], "管理员账号不得兼任业务角色"),
    ]:
        response = grant(user)
        assert response.status_code == 200 and why in response.content.decode()
        assert not RoleAssignment.objects.filter(user=user).exists()
    # and he reads no cadre record nor the audit trail
    assert client.get("/admin/org/cadre/").status_code == 403
    assert client.get("/admin/common/auditlog/").status_code == 403


def test_the_security_administrator_names_administrators_but_not_himself(world):
    client = admin_client(world, "secadmin")
    response = client.post("/admin/security/adminrole/add/", {"user": world.users["norole"].pk, "role": "auditadmin"})
    assert response.status_code == 302
    assert AdminRole.objects.get(user=world.users["norole"]).role == "auditadmin"
    assert User.objects.get(username="norole").is_staff
    # the trail says it in words, not by the role's code
    row = AuditLog.objects.get(action="security.admin_role.assign", subject_id=str(world.users["norole"].pk))
    [entry] = audit_entries([row])
    assert (entry.action, entry.actor, [(c.label, c.new) for c in entry.changes]) == (
        "指定管理员",
        "secadmin",
        [("管理员类别", "审计管理员")],
    )
    own = AdminRole.objects.get(user=world.users["secadmin"])
    assert client.get(f"/admin/security/adminrole/{own.pk}/change/").status_code == 200  # read only
    client.post(f"/admin/security/adminrole/{own.pk}/change/", {"user": own.user_id, "role": "sysadmin"})
    assert client.post(f"/admin/security/adminrole/{own.pk}/delete/", {"post": "yes"}).status_code == 403
    own.refresh_from_db()
    assert own.role == "secadmin"


def test_an_administrator_holds_no_business_role_and_the_superuser_is_none_of_the_three(world):
    from common.errors import ApplicationError

    with pytest.raises(ApplicationError, match="不得兼任"):
        admin_role_assign(user=world.users["hr"], role="sysadmin", actor=world.users["secadmin"])
    with pytest.raises(ApplicationError, match="超级用户仅用于安装"):
        admin_role_assign(user=world.users["admin"], role="auditadmin", actor=world.users["secadmin"])
    assert not AdminRole.objects.filter(user__in=[world.users["hr"], world.users["admin"]]).exists()


@pytest.mark.parametrize(("persona", "landing"), [("sysadmin", "/admin/"), ("secadmin", "/admin/")])
def test_the_administrators_land_on_their_own_page(world, persona, landing):
    response = admin_client(world, persona).get("/")
    assert response.status_code == 302 and response["Location"] == landing
