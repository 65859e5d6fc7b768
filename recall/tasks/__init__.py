# Celery finds `recall.tasks`; each area's tasks live in their own module.
from recall.tasks import cases  # noqa: F401
