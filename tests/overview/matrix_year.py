"""Permission-matrix entries for HR's year page, its reminder and its export of the missing scores (merged into
tests/test_permission_matrix.py). HR see only the cells of their units' cadres (tests/overview/test_year_page.py)."""

HR = {"admin", "hr", "hr_other"}


def _page(ok: set):
    return lambda p: 302 if p == "anonymous" else (200 if p in ok else 403)


ENTRIES: dict = {
    "overview:year": (None, _page(HR)),
    "overview:year_remind": (None, lambda p: 302 if p == "anonymous" else 405),  # POST only
    "overview:year_missing_export": (lambda w: {"file_format": "csv"}, _page(HR)),
}


def setup(world) -> None:
    """Nothing: the pages read what the other areas set up."""
