"""Permission-matrix entries for the analytics pages, downloads and endpoints (merged into
tests/test_permission_matrix.py): HR and the party committee read (the admin too), each within their units; nobody
else. What the rows hold, and that HR see only their units' cadres, is tested in tests/analytics/test_pages.py."""

STAFF = {"admin", "hr", "hr_other", "committee"}


def _page(persona):
    if persona == "anonymous":
        return 302
    return 200 if persona in STAFF else 403


def _api(persona):
    if persona == "anonymous":
        return 401
    return 200 if persona in STAFF else 403


ENTRIES: dict = {
    "analytics:leniency": (None, _page),
    "analytics:leniency_export": (None, _page),
    "analytics:fairness": (None, _page),
    "analytics:fairness_export": (None, _page),
    "analytics:moved": (None, _page),
    "analytics:moved_export": (None, _page),
    "analytics_api:leniency-list": (None, _api),
    "analytics_api:fairness-list": (None, _api),
    "analytics_api:moved-list": (None, _api),
}


def setup(world) -> None:
    """Nothing: the matrix world's scheme (2025, scores of 张三 and 李四) is what these pages read."""
