"""Write-matrix entries for the step-down list's downloads (merged into tests/test_write_matrix.py). A read that
writes: each download is recorded in the audit log (a disclosure of personnel data), as assessments' CSV is."""

READ_ONLY: set = set()

STAFF = frozenset({"admin", "hr", "hr_all", "hr_other", "committee"})


def writes(Case, api) -> dict:
    year = lambda w, p: {"year": "2025"}  # noqa: E731
    return {
        "demotion:stepdown_export_csv": [Case("download the CSV", method="get", data=year, writers=STAFF)],
        "demotion:stepdown_export_xlsx": [Case("download the XLSX", method="get", data=year, writers=STAFF)],
    }
