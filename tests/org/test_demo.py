import re

import pytest
from django.core.management import call_command
from django.test import Client

from org.demo import DEMO_ACCOUNTS, DEMO_ORG_CODE
from org.models import AssessmentGroup, Cadre, Organization, Unit


@pytest.fixture
def demo(db, settings):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo", year=2025)
    return Organization.objects.get(code=DEMO_ORG_CODE)


def login(username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "demo-Pass-1"})
    assert response.status_code == 302, username
    return client


def test_demo_bureau_has_12_stations_20_offices_and_their_32_heads_in_two_groups(demo):
    assert Unit.objects.filter(organization=demo, kind=Unit.Kind.STATION).count() == 12
    # (and one office closed last year, kept for its history)
    assert Unit.objects.filter(organization=demo, kind=Unit.Kind.OFFICE, closed_on__isnull=True).count() == 20
    sizes = sorted(g.memberships.count() for g in AssessmentGroup.objects.filter(organization=demo, year=2025))
    assert sizes == [12, 20]
    assert Cadre.objects.filter(organization=demo).count() > 100


def test_loading_the_demo_twice_changes_nothing(demo):
    before = Cadre.objects.count()
    call_command("load_demo", year=2025)
    assert Cadre.objects.count() == before


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("admin", "/admin/"),
        ("hr", "/overview/year/"),
        ("hr_suo", "/overview/year/"),
        ("dangzu", "/committee/"),
        ("pingyi", "/rater/"),
        ("ganbu", "/me/"),
        ("kezhang", "/rater/"),
        ("rangxian", "/me/"),
        ("hr2", "/overview/year/"),
    ],
)
def test_every_demo_account_logs_in_and_lands_home(demo, username, landing):
    assert username in {a[0] for a in DEMO_ACCOUNTS}
    response = login(username).get("/")
    assert response["Location"] == landing


def test_station_hr_sees_only_the_stations(demo):
    body = login("hr_suo").get("/org/units/").content.decode()
    assert "城关所" in body and "梨园所" in body
    assert "政工科" not in body and "局领导班子" not in body
    all_body = login("hr").get("/org/units/").content.decode()
    assert "政工科" in all_body and "城关所" in all_body


def test_the_second_organization_and_the_first_see_nothing_of_each_other(demo):
    second = Organization.objects.get(code="demo2")
    assert Unit.objects.filter(organization=second, kind=Unit.Kind.STATION).count() == 2
    assert AssessmentGroup.objects.get(organization=second, year=2025).memberships.count() == 4
    hr2 = login("hr2")
    units, cadres = hr2.get("/org/units/").content.decode(), hr2.get("/org/cadres/").content.decode()
    assert "城南所" in units and "方明远" in cadres
    assert "城关所" not in units and "政工科" not in units and demo.name not in units + cadres
    first = login("hr")
    assert "城南所" not in first.get("/org/units/").content.decode()
    assert first.get("/org/cadres/", {"q": "方明远"}).context["page"].paginator.count == 0
    assert hr2.get("/org/cadres/").context["page"].paginator.count == 12
    someone = Cadre.objects.filter(organization=demo).first()
    assert hr2.get(f"/org/cadres/{someone.pk}/").status_code == 404


def test_demo_cadre_sees_own_profile_and_multi_role_account_has_both(demo):
    assert "城关所" in login("ganbu").get("/me/").content.decode()
    kezhang = login("kezhang")
    assert kezhang.get("/me/").status_code == 200
    assert kezhang.get("/rater/").status_code == 200
    assert kezhang.get("/org/units/").status_code == 403


def test_demo_accounts_command_prints_url_and_accounts(capsys, demo):
    call_command("demo_accounts", url="http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    for username, _, _ in DEMO_ACCOUNTS:
        assert username in out


def test_the_demo_fills_the_upkeep_and_account_pages(demo, capsys):
    from django.contrib.auth import get_user_model

    from org.models import Appointment

    # logins awaiting activation and one switched off, decision documents, a closed unit, a cadre who left
    users = get_user_model().objects.filter(cadre__organization=demo)
    assert users.filter(is_active=True, password__startswith="!").count() >= 3
    assert users.filter(is_active=False).count() == 1  # switched off while seconded elsewhere
    assert not Appointment.objects.filter(cadre__organization=demo, start_document_no="").exists()
    closed = Unit.objects.get(organization=demo, closed_on__isnull=False)
    assert closed.posts.get().ended_on is not None
    assert Cadre.objects.filter(organization=demo, left_on__isnull=False).count() == 1
    # the demo accounts keep their passwords
    for username, _, _ in DEMO_ACCOUNTS:
        assert get_user_model().objects.get(username=username).has_usable_password()

    # and `make run` prints a code that activates a demo cadre's login
    call_command("demo_accounts", url="http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    username, code = re.search(r"用户名 (\S+) .*激活码 ([A-Z0-9-]{14}) ", out).group(1, 2)
    response = Client().post(
        "/accounts/activate/",
        {"username": username, "code": code, "password1": "Demo-activate-9", "password2": "Demo-activate-9"},
    )
    assert response.status_code == 302
    assert "ganbu" not in username and get_user_model().objects.get(username=username).has_usable_password()
