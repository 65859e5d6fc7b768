"""The navigation menu is rendered once per process for each set of roles and language: a user whose roles change
sees the menu of the new roles at once, and two users of different roles never see each other's."""

from django.test import Client

from org.models import RoleAssignment
from org.services import role_assign

MENU_START = '<ul class="navbar-nav me-auto">'
MENU_END = "bi-bell-fill"  # the notices link, right after the menu


def _menu(client: Client) -> str:
    response = client.get("/notices/")
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index(MENU_START) : body.index(MENU_END)]


def test_the_menu_follows_the_roles_of_whoever_asks(world):
    cadre, hr = Client(), Client()
    cadre.force_login(world.users["cadre"])
    hr.force_login(world.users["hr"])
    # given the menu already rendered for HR
    assert "花名册导入" in _menu(hr)
    # then a cadre is not served HR's menu
    cadre_menu = _menu(cadre)
    assert "花名册导入" not in cadre_menu and "我的考核结果" in cadre_menu
    # and once the cadre is made HR too, the next page shows HR's entries
    role_assign(user=world.users["cadre"], role=RoleAssignment.Role.HR, organization=world.org)
    assert "花名册导入" in _menu(cadre)


def test_the_menu_follows_the_language(world):
    client = Client()
    client.force_login(world.users["hr"])
    assert "花名册导入" in _menu(client)
    client.cookies["django_language"] = "en"
    english = _menu(client)
    assert "Roster import" in english and "花名册导入" not in english
