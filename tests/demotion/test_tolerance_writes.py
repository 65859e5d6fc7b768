"""This area's write-matrix entries (tests/demotion/writes_tolerance.py) run against a world holding only what they
need, so that they are proved here even while another area's setup is being changed; tests/test_write_matrix.py runs
them again with everyone's."""

import pytest

from tests.assessments.conftest import make_scoring
from tests.assessments.test_api_support import make_hr_all
from tests.demotion import matrix_tolerance, writes_tolerance
from tests.test_write_matrix import ALL, Case, _clients, api, attempt


@pytest.fixture
def tolerance_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.scoring = make_scoring(world)
    matrix_tolerance.setup(world)
    world.users["hr_all"] = make_hr_all(world)
    world.users["pingyi"] = world.scoring.rater_user
    return world


@pytest.mark.parametrize("persona", ALL)
def test_the_write_entries(tolerance_world, persona):
    clients = _clients(tolerance_world)
    failures = []
    for name, cases in sorted(writes_tolerance.writes(Case, api).items()):
        for case in cases:
            problem = attempt(name, case, clients, tolerance_world, persona)
            if problem:
                failures.append(f"{persona} {case.method.upper()} {name} ({case.label}): {problem}")
    assert not failures, "\n".join(failures)
