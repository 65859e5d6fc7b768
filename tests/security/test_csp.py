"""Content-Security-Policy: every response says scripts and styles come from the site's own files, and no page of the
project (nor the admin) carries an inline script, style element, style attribute or event handler without the
request's nonce — which the browser would refuse."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import (
    EXPECTED,
    admin_urls_without_arguments,
    matrix_world,  # noqa: F401  (fixture)
    project_url_names,
)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_sends_the_policy(world, as_persona):
    response = as_persona("hr").get("/org/units/")
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'" and "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    # the login page and the API too
    assert "Content-Security-Policy" in Client().get("/accounts/login/")
    assert "Content-Security-Policy" in as_persona("hr").get("/api/org/cadres/")


class InlineFinder(HTMLParser):
    """What a browser under the policy would refuse: an inline script or style element without the nonce, any style
    attribute, any on… event handler attribute, any javascript: link."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []
        self._script_open: str | None = None
        self._data: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        nonced = self.nonce is not None and attributes.get("nonce") == self.nonce
        if tag == "style" and not nonced:
            self.found.append("<style> without the nonce")
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json" and not nonced:
            self._script_open = tag
            self._data = []

    def handle_data(self, data):
        if self._script_open:
            self._data.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_open:
            body = "".join(self._data).strip()
            if body:
                self.found.append(f"inline <script>: {body[:60]!r}")
            self._script_open = None


def inline_code(response) -> list[str]:
    nonce = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    finder = InlineFinder(nonce.group(1) if nonce else None)
    finder.feed(response.content.decode())
    return finder.found


def _html(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    )


@pytest.mark.parametrize("persona", ["admin", "hr", "committee", "rater", "cadre", "auditadmin"])
def test_no_page_carries_inline_code(matrix_world, persona):  # noqa: F811
    client = Client()
    client.force_login(matrix_world.users[persona])
    failures, checked = [], 0
    for name in project_url_names():
        kwargs_of, _expect = EXPECTED[name]
        response = client.get(reverse(name, kwargs=kwargs_of(matrix_world) if kwargs_of else None))
        if not _html(response):
            continue
        checked += 1
        failures += [f"{name}: {found}" for found in inline_code(response)]
    assert checked >= 5
    assert not failures, "\n".join(failures)


def test_the_admin_carries_no_inline_code(matrix_world):  # noqa: F811
    client = Client()
    client.force_login(matrix_world.users["admin"])
    pages = [reverse(name) for name in admin_urls_without_arguments()]
    pages += [
        reverse("admin:org_unit_change", args=[matrix_world.unit_a.pk]),
        reverse("admin:org_cadre_change", args=[matrix_world.cadre.pk]),
        reverse("admin:auth_user_change", args=[matrix_world.users["hr"].pk]),
    ]
    failures = []
    for url in pages:
        response = client.get(url)
        if _html(response):
            failures += [f"{url}: {found}" for found in inline_code(response)]
    assert not failures, "\n".join(failures)


def test_the_api_documentation_nonces_its_one_style_block(world, as_persona):
    response = as_persona("hr").get("/api/docs/")
    assert response.status_code == 200
    assert inline_code(response) == []
    assert "<style nonce=" in response.content.decode()
    script = as_persona("hr").get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
