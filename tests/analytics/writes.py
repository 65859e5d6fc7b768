"""Write-matrix entries for analytics (merged into tests/test_write_matrix.py): it only reads, so every URL is
read-only and POSTing to one changes nothing."""

READ_ONLY: set = {
    "analytics:leniency", "analytics:leniency_export", "analytics:fairness", "analytics:fairness_export",
    "analytics:moved", "analytics:moved_export",
    "analytics_api:leniency-list", "analytics_api:fairness-list", "analytics_api:moved-list",
}  # fmt: skip


def writes(Case, api) -> dict:
    return {}
