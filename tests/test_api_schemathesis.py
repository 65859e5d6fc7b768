"""The API keeps its schema: schemathesis generates requests for every operation `/api/schema/` documents, as each
staff role of the demo bureau, and every answer must be no server error, carry a documented status code and content
type, and have a body that the documented schema accepts.

Schemathesis drives the in-process WSGI application inside this one test, so that the requests see the test
database (the demo loaded in the test's transaction) and nothing listens on a port. The run is bounded: a few
examples per operation and role, fixed seeds (`derandomize`), and a time box shared evenly by the operations: on a
slow machine each gets fewer examples, so that the run stays short but every operation is still called by every
role.
"""

import time
from collections import defaultdict

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from org.demo import DEMO_ORG_CODE
from org.models import Organization
from security.services.tokens import api_token_issue

# The demo's staff accounts, each as a client of the API signs in: the roles that hold API tokens with a token,
# the rater (who holds none) with a session cookie and its CSRF token. Examples per operation for each.
ROLES = {
    "hr": ("token", 6),  # 组织人事(全局)
    "hr_suo": ("token", 4),  # 组织人事(基层所): a subtree
    "dangzu": ("token", 4),  # 党组成员
    "pingyi": ("session", 3),  # 评议人
}
# Operations not called, and why. Every other operation of the schema is.
EXCLUDED = {
    ("POST", "/api/auth/logout/"): (
        "revokes the very token the run signs in with, so that every later case would only test an anonymous "
        "caller; tests/security/test_tokens.py covers signing out"
    ),
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Seconds for the calls: on a slow machine each operation gets fewer examples per role (at least one).
TIME_BOX = 90.0
DETAIL_IDS = 2  # real ids tried on a detail operation, besides generated ones


def _credentials(username: str, kind: str) -> dict:
    user = get_user_model().objects.get(username=username)
    if kind == "token":
        token, _ = api_token_issue(user=user)
        return {"Authorization": f"Token {token}"}, {}
    client = Client()
    client.force_login(user)
    csrf = "s" * 32  # any 32 letters: the cookie and the header need only agree
    return {"X-CSRFToken": csrf}, {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}


def _real_ids(client: Client, headers: dict, path: str) -> list:
    """A few ids of the rows behind a detail operation, read from the list it belongs to."""
    list_path = path.split("{id}")[0]
    response = client.get(list_path, headers=headers)
    if response.status_code != 200:
        return []
    data = response.json()
    rows = data.get("results", []) if isinstance(data, dict) else data
    ids = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
    return ids[:DETAIL_IDS]


@pytest.fixture
def demo(db, settings):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo")
    return Organization.objects.get(code=DEMO_ORG_CODE)


@pytest.fixture
def in_process():
    """The WSGI application, called in this process. Django closes the database connection when a request starts
    and ends; inside the test's transaction it must not (Django's own test client disconnects the same receivers,
    and connects them again after each of its requests)."""
    handler = WSGIHandler()

    def application(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return handler(environ, start_response)

    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _explore(strategy, examples: int, call) -> None:
    """`examples` cases of the strategy, each handed to `call`; a failure is recorded, not raised (no shrinking)."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        call(case)

    run()


def test_every_operation_answers_as_documented_for_every_staff_role(demo, in_process):
    credentials = {username: _credentials(username, kind) for username, (kind, _) in ROLES.items()}
    hr_headers = credentials["hr"][0]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", in_process, headers=hr_headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    documented = {(op.method.upper(), op.path) for op in operations}
    assert documented >= set(EXCLUDED), "an excluded operation is no longer in the schema"
    operations = [op for op in operations if (op.method.upper(), op.path) not in EXCLUDED]
    reader = Client()
    ids = {op.path: _real_ids(reader, hr_headers, op.path) for op in operations if "{id}" in op.path}

    failures: dict = defaultdict(list)  # "role METHOD path" -> one message per distinct failure
    cases: dict = defaultdict(int)

    def call(case, username, label):
        cases[username] += 1
        headers, cookies = credentials[username]
        try:
            case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                text = f"{failure.title}: {failure.message}"[:800]
                if text not in failures[f"{username} {label}"]:
                    failures[f"{username} {label}"].append(text)

    started = time.monotonic()
    for index, op in enumerate(operations):
        label = f"{op.method.upper()} {op.path}"
        strategy = st.one_of(
            [op.as_strategy()] + [op.as_strategy(path_parameters={"id": pk}) for pk in ids.get(op.path, [])]
        )
        # The time left is shared evenly by the operations left: when the cases so far say that the full number
        # of examples would not fit, each role gets proportionally fewer, never fewer than one.
        spent = time.monotonic() - started
        scale = 1.0
        if cases:
            per_case = spent / sum(cases.values())
            full = per_case * sum(examples for _, examples in ROLES.values())
            scale = min(1.0, max(0.0, TIME_BOX - spent) / (len(operations) - index) / full)
        for username, (_, examples) in ROLES.items():
            examples = max(1, round(examples * scale))
            _explore(strategy, examples, lambda case, who=username, what=label: call(case, who, what))

    total = sum(len(messages) for messages in failures.values())
    print(
        f"\n{len(operations)} operations ({len(EXCLUDED)} excluded), {sum(cases.values())} cases {dict(cases)}, "
        f"{total} failures, {time.monotonic() - started:.0f} s"
    )
    report = "\n".join(f"{key}\n    " + "\n    ".join(messages) for key, messages in failures.items())
    assert not failures, f"{total} failures:\n{report}"
