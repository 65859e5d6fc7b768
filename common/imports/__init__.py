"""What every file import shares (the roster; scores, points and vetoes): the steps are the same, only the file's
columns and what a row writes differ.

    issues    what is wrong with a file: row, column, reason; the errors an import raises
    reading   a file into numbered rows of cells (xlsx sheet choice, csv encodings, the header row)
    uploads   files kept between preview and confirmation, under a name the server chooses
    preview_jobs  the preview as a background job: the upload stored and checked by a worker within a time budget,
              the page following it, the confirmation handing the file to the import job
    jobs      confirmed imports as background jobs (common.jobs): enqueue, and the import a worker carries out
    preview   the preview's tables, each cut to its first rows
    template  the blank file's data sheet and instructions sheet (openpyxl)

The pages share their partials too: templates/common/_import_upload_form.html, _import_preview_status.html,
_import_plan.html and _import_job_status.html.
"""
