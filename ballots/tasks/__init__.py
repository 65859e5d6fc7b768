# Celery finds `ballots.tasks`; each area's tasks live in their own module.
from ballots.tasks import evaluations  # noqa: F401
