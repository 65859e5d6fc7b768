# Celery finds `tenure.tasks`; each area's tasks live in their own module.
from tenure.tasks import terms  # noqa: F401
