# Celery finds `demotion.tasks`; each area's tasks live in their own module.
from demotion.tasks import cases, letters  # noqa: F401
