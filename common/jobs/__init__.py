"""Background jobs: one model (common.models.BackgroundJob) for every piece of work a worker carries out for a user
— the check of an uploaded import file (its preview), the roster import, the score, point and veto imports, the XLSX
export of the results.

    services   create (hand to a worker after commit), claim, progress, finish, fail, run (the guard every job
               body runs inside), jobs_reap_dead (beat: a RUNNING job whose lease expired is failed, its upload
               removed)
    selectors  the jobs a user may follow: their own, or every one for the admin
    files      uploads and produced workbooks through Django's storage API (STORAGES["default"]), so the web and
               the worker processes may run on different hosts over a shared store (S3, MinIO)
    views/api  one progress page (/jobs/<id>/) and one API shape (/api/jobs/<id>/) for every kind

What every kind has is a column: kind, status, progress, organization, requester, file name, message, timestamps,
the lease. What only one kind needs (the year, the uploaded file's storage name, the preview's fingerprint, the
roster's name choices, the result run and group of an export) is in the JSON `arguments`: it is written once when
the job is made and read only by that kind's worker, never filtered on, so a new kind needs no migration and no
column stays empty for four kinds out of five. Likewise `result` holds what a finished job shows (an import's
summary and issues, an export's row count and the storage name of its workbook).

A job runs once: the worker claims it by a conditional UPDATE (QUEUED → RUNNING); a second delivery of the same
task finds it RUNNING or finished and does nothing. While it runs its lease is renewed with each progress step; a
worker that dies leaves a RUNNING job whose lease expires, and beat's `common.jobs_reap_dead` marks it failed with a
reason the user can read. No lock files.
"""
