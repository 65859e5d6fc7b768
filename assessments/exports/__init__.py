"""The ranking table for the party committee: one row per cadre of a run (the whole year, or one group), as CSV
written while it is sent and as XLSX built by a background job.

The table is also an interchange format: other cadre-management software reads its columns by name and the grade
by its national code (等次代码: 1 优秀 … 6 不进行考核), so it is always written in the default language whatever the
language of the page that asked for it.

Every text cell a spreadsheet could take for a formula (one beginning with = + - @, a tab or a carriage return) is
written as text: in CSV with the quote prefix of common.exports, in XLSX as a string cell (never through
xlsxwriter's formula detection) carrying Excel's quote-prefix style, so it stays text even when edited.

Both formats read the rows as plain tuples from one scoped query, a chunk at a time (a server-side cursor on
PostgreSQL), and map codes to labels through small precomputed tables: memory stays flat whatever the size.
"""

from assessments.exports.jobs import (
    EXPORT_DIR,
    ExportJob,
    ExportStatus,
    results_export_file,
    results_export_job,
    results_export_job_create,
    results_export_job_run,
    results_export_task,
)
from assessments.exports.table import (
    CSV_CONTENT_TYPE,
    HEADER,
    csv_chunks,
    export_count,
    export_file_name,
    export_header,
    export_values,
    results_csv_response,
    results_export_record,
    write_csv,
    write_xlsx,
)
from common.exports import XLSX_CONTENT_TYPE

__all__ = [
    "CSV_CONTENT_TYPE",
    "EXPORT_DIR",
    "HEADER",
    "XLSX_CONTENT_TYPE",
    "ExportJob",
    "ExportStatus",
    "csv_chunks",
    "export_count",
    "export_file_name",
    "export_header",
    "export_values",
    "results_csv_response",
    "results_export_file",
    "results_export_job",
    "results_export_job_create",
    "results_export_job_run",
    "results_export_record",
    "results_export_task",
    "write_csv",
    "write_xlsx",
]
