"""The assessments' background jobs, one module per topic. Celery finds `assessments.tasks`; importing the modules here
registers every task with the worker. Each task takes ids, calls a service and is safe to run twice. The services
that start a job enqueue it by its name after commit (they sit below the tasks, which call them); an import's and an
export's task live with their job (assessments.imports.jobs, assessments.exports.jobs) and are listed here."""

from assessments.tasks import exports, imports, results, warnings  # noqa: F401
