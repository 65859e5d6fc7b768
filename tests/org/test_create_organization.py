"""`create_organization`: a new installation gets its organization, root unit and first HR user, who activates the
login with the printed one-time code — no demo and no admin needed."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from org.models import Organization, RoleAssignment, Unit
from org.services import unit_create

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


def test_a_new_organization_with_its_first_hr_user(db, capsys):
    call_command(
        "create_organization", code="scj", name="某县市场监督管理局", hr_username="renshi", hr_name="李人事",
        base_url="https://cadre.example.org",
    )  # fmt: skip
    out = capsys.readouterr().out
    organization = Organization.objects.get(code="scj")
    root = Unit.objects.get(organization=organization)
    assert (root.name, root.parent, root.kind) == ("某县市场监督管理局", None, Unit.Kind.BUREAU)
    role = RoleAssignment.objects.get(user__username="renshi")
    assert (role.role, role.organization, role.unit) == ("hr", organization, None)
    assert "https://cadre.example.org/accounts/activate/" in out

    # the printed code activates the login, and HR lands on the year page, which points a new bureau to its units
    code = CODE.search(out).group(0)
    client = Client()
    password = "Renshi-pass-2025"
    response = client.post(
        "/accounts/activate/", {"username": "renshi", "code": code, "password1": password, "password2": password}
    )
    assert response.status_code == 302
    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == "/overview/year/"
    assert 'href="/org/units/"' in landing.content.decode().split('id="first-steps"')[1]
    # and can build the tree from there
    unit_create(organization=organization, parent=root, name="办公室")


def test_an_existing_code_or_username_changes_nothing(world):
    with pytest.raises(CommandError, match="机构代码“test”已存在"):
        call_command("create_organization", code="test", name="另一局", hr_username="new-hr")
    with pytest.raises(CommandError, match="用户名“hr”已存在"):
        call_command("create_organization", code="other", name="另一局", hr_username="hr")
    assert not Organization.objects.filter(code="other").exists()
