"""Write-matrix entries for HR's year page (merged into tests/test_write_matrix.py): the reminder to the raters who
owe scores (notices and an audit row when someone owes; HR whose units owe nothing are admitted and change nothing)
and the export of the missing scores, a read recorded in the audit log."""

READ_ONLY = {"overview:year"}

HR = frozenset({"admin", "hr", "hr_all", "hr_other"})


def writes(Case, api) -> dict:
    org_year = lambda w, p: {"organization": str(w.org.pk), "year": "2025"}  # noqa: E731
    return {
        "overview:year_remind": [Case("remind the raters who owe scores", data=org_year, admitted=HR)],
        "overview:year_missing_export": [
            Case(
                "download the missing scores",
                method="get",
                kwargs=lambda w: {"file_format": "csv"},
                data=org_year,
                writers=HR,
            )
        ],
    }
