"""A refused request is logged as one line: the status and the path, no traceback."""

import logging

import pytest


@pytest.mark.parametrize(
    ("persona", "url", "status"), [("cadre", "/org/cadres/", 403), ("hr", "/org/cadres/999999/", 404)]
)
def test_a_refusal_is_one_line_without_a_traceback(world, as_persona, caplog, persona, url, status):
    # given a persona asking for a page it may not see (403) or that is not there for it (404)
    client = as_persona(persona)
    # when the request is answered
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(url)
    # then one warning line names the path, and it carries no traceback
    assert response.status_code == status
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert url in records[0].getMessage()
    assert records[0].exc_info is None and records[0].exc_text is None
    formatted = logging.Formatter().format(records[0])
    assert "Traceback" not in formatted and "\n" not in formatted
