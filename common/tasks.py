"""Tasks every deployment shares. `heartbeat` proves the whole chain works end to end: a web process
enqueues after commit, the broker carries the message, a worker picks it up and writes to the database."""

from celery import current_app, shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from common.audit import audit_log_record
from common.imports.preview_jobs import import_preview_run  # noqa: F401  (registered with the worker)
from common.models import AuditLog

HEARTBEAT_ACTION = "system.heartbeat"


@shared_task
def heartbeat(note: str = "") -> int:
    """Write one audit row saying a worker ran; returns its id. Each run is its own heartbeat, so a
    re-delivered message leaves a second row rather than corrupting anything."""
    with transaction.atomic():
        # The audit log needs a subject and a heartbeat is about the system itself, so the subject is
        # the audit log's own content type: a row that exists in every database.
        subject = ContentType.objects.get_for_model(AuditLog)
        entry = audit_log_record(actor=None, action=HEARTBEAT_ACTION, subject=subject, after={"note": note})
    return entry.pk


def enqueue_heartbeat(note: str = "", *, queue: str | None = None) -> None:
    """Send a heartbeat once the surrounding transaction commits. `queue` aims it at the workers of one
    queue, so an operator can check each queue's workers separately."""
    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: heartbeat.apply_async(args=[note], **options))


def task_enqueue(name: str, *args) -> None:
    """Hand the registered task `name` its arguments once the surrounding transaction commits. Named rather than
    imported: a service that starts a job sits below the task module that calls it back."""
    transaction.on_commit(lambda: current_app.tasks[name].delay(*args))


@shared_task(name="common.audit_seal")
def audit_seal() -> int:
    """Seal what is left unsealed in the audit chains (common.audit_chain); safe to run any time, any number of
    times."""
    from common.audit_chain import CHAINS, chain_seal

    return sum(chain_seal(label) for label in CHAINS)


@shared_task(name="common.residual_expire")
def residual_expire() -> dict[str, int]:
    """剩余信息保护: delete the files past their age (exports, import previews never confirmed), audited
    (common.residual). Safe to run any time."""
    from common.residual import residual_expire as expire

    current_app.loader.import_default_modules()  # every app's tasks, and with them every store's expiry
    return expire()


@shared_task(name="common.jobs_reap_dead")
def jobs_reap_dead() -> int:
    """A background job whose worker died (its lease expired while RUNNING) is marked failed with a reason the
    user can read, its upload removed (common.jobs.services). Safe to run any time."""
    from common.jobs.services import jobs_reap_dead as reap

    return reap()
