"""The analytics pages read a year in a few queries, not one per cadre or rater: with 40 cadres and 10 raters
(400 scores) each page stays under a bound below the number of cadres."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analytics.conftest import build_scored
from tests.conftest import client_for

BOUND = 30  # sessions, roles, the inbox badge and the read audit included (23 today)


@pytest.mark.parametrize("name", ["analytics:leniency", "analytics:fairness", "analytics:moved"])
def test_the_pages_do_not_query_per_row(world, name):
    build_scored(world, per_side=20)
    client = client_for(world, "admin")
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    assert len(captured) < BOUND, "\n".join(q["sql"][:120] for q in captured)
