"""The confirmed score, point and veto imports' job (its task lives with the job, assessments.imports.jobs)."""

from assessments.imports.jobs import assessment_import_run  # noqa: F401  (registered with the worker)
from assessments.imports.previews import import_preview_job  # noqa: F401  (their previews, for the preview job)
