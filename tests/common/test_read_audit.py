"""The audit of reads: who read whose records, what, when and from where; lists record their query."""

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from common.models import AuditLog, ReadLog
from common.read_audit import registered
from tests.test_permission_matrix import (
    EXPECTED,
    matrix_world,  # noqa: F401  (fixture)
    project_url_names,
)


def test_hr_reading_a_cadre_is_recorded_with_whom_and_from_where(world, as_persona):
    client = as_persona("hr")
    # when HR opens 张三's page from a PC
    response = client.get(f"/org/cadres/{world.cadre.pk}/", REMOTE_ADDR="10.8.1.23")
    # then one row says who read whom, what and from where
    assert response.status_code == 200
    row = ReadLog.objects.get()
    assert (row.actor, row.view, row.cadre_id, row.person, row.address) == (
        world.users["hr"],
        "org:cadre_detail",
        world.cadre.pk,
        "张三(A001)",
        "10.8.1.23",
    )
    assert row.path == f"/org/cadres/{world.cadre.pk}/" and row.created_at


def test_a_list_records_its_query_not_its_rows(world, as_persona):
    as_persona("hr").get("/org/cadres/", {"q": "张", "page": "1"})
    row = ReadLog.objects.get()
    assert row.view == "org:cadre_list" and row.cadre_id is None and row.person == ""
    assert row.query == "q=%E5%BC%A0&page=1"


def test_reading_ones_own_records_or_being_refused_records_nothing(world, as_persona):
    cadre = as_persona("cadre")
    assert cadre.get("/me/").status_code == 200
    assert cadre.get("/assessments/appeals/").status_code == 200  # a cadre's list holds only their own
    assert as_persona("hr_other").get(f"/org/cadres/{world.cadre.pk}/").status_code == 404
    assert as_persona("cadre").get("/org/cadres/").status_code == 403
    assert not ReadLog.objects.exists()


def test_an_api_read_with_a_token_is_recorded_as_its_holder(world):
    _row, token = AuthToken.objects.create(user=world.users["hr"])
    response = Client().get(f"/api/org/cadres/{world.cadre.pk}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    row = ReadLog.objects.get()
    assert row.actor == world.users["hr"] and row.view == "org_api:cadre-detail" and row.cadre_id == world.cadre.pk


def test_behind_a_trusted_proxy_the_address_is_the_clients(world, as_persona, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    as_persona("hr").get(
        f"/org/cadres/{world.cadre.pk}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.8.1.23"
    )
    assert ReadLog.objects.get().address == "10.8.1.23"


def test_a_change_made_in_a_request_carries_the_address_too(world, as_persona):
    from tests.conftest import PASSWORD

    new = "Changed-Secret-456"
    as_persona("hr").post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        REMOTE_ADDR="10.8.1.99",
    )
    assert AuditLog.objects.get(action="security.password.change").address == "10.8.1.99"


def test_every_declared_page_exists():
    names = set(project_url_names())
    assert not sorted(set(registered()) - names)


@pytest.mark.django_db
def test_every_declared_page_records_its_read_when_opened(matrix_world):  # noqa: F811
    """Each declared page, opened by the superuser (who sees every row), leaves one row naming the page, and a page
    about one person names that person."""
    client = Client()
    client.force_login(matrix_world.users["admin"])
    missing = []
    for name, spec in sorted(registered().items()):
        kwargs_of, _expect = EXPECTED[name]
        url = reverse(name, kwargs=kwargs_of(matrix_world) if kwargs_of else None)
        before = ReadLog.objects.count()
        response = client.get(url)
        if response.status_code != 200:
            continue  # a POST-only route or one the superuser may not open: nothing read, nothing recorded
        if response.streaming:
            b"".join(response.streaming_content)
        rows = list(ReadLog.objects.order_by("-id")[: ReadLog.objects.count() - before])
        if len(rows) != 1 or rows[0].view != name or (not spec.listing and rows[0].cadre_id is None):
            missing.append(f"{name}: {[(r.view, r.cadre_id) for r in rows]}")
    assert not missing, "\n".join(missing)
