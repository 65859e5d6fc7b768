"""Permission-matrix entries for this area's pages and endpoints (merged into tests/test_permission_matrix.py)."""

ENTRIES: dict = {}


def setup(world) -> None:
    """Adds the objects the entries' kwargs need."""
