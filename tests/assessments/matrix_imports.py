"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.
"""

ENTRIES: dict = {}


def setup(world) -> None:
    pass
