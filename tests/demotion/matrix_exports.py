"""Permission-matrix entries for the step-down list's downloads (merged into tests/test_permission_matrix.py).

The matrix requests a URL without a query string, and the downloads require `?year=`: staff get the 400 page that
says so, everyone else is refused before. What the rows hold, and that HR get only their units' rows, is tested in
tests/demotion/test_exports_stepdowns.py."""

STAFF = {"admin", "hr", "hr_other", "committee"}


def _without_year(persona):
    if persona == "anonymous":
        return 302
    return 400 if persona in STAFF else 403


ENTRIES: dict = {
    "demotion:stepdown_export_csv": (None, _without_year),
    "demotion:stepdown_export_xlsx": (None, _without_year),
}


def setup(world) -> None:
    """Nothing: the downloads need no object of their own."""
