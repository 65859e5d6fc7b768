"""The results export's job (its task lives with the job, assessments.exports.jobs)."""

from assessments.exports.jobs import results_export_task  # noqa: F401  (registered with the worker)
