"""What the assessments API tests share (no tests here): signed-in API clients, an organization-wide HR user, and a
query counter for the list endpoints. Each test module wraps them in its own fixtures."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from org.models import RoleAssignment
from org.services import role_assign
from tests.factories import UserFactory

BASE = "/api/assessments"


def client_of(user) -> APIClient:
    # force_login, not force_authenticate: each request loads the user afresh, as in production, so roles are not
    # cached across requests and query counts are those of a real call.
    client = APIClient()
    client.force_login(user)
    return client


def persona_clients(world):
    """clients("hr") → a JSON client signed in as that persona (or pass a user)."""

    def make(who):
        return client_of(world.users[who] if isinstance(who, str) else who)

    return make


def make_hr_all(world):
    """HR whose scope is the whole organization: the one who sets up schemes (the world's HR users are scoped to a
    subtree)."""
    user = UserFactory(username="hr_all")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    return user


def queries_of(client, url, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def refused(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message"], body
    return body
