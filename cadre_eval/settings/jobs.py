"""Background work: Celery, the periodic jobs, and the leases by which a job whose worker died is found."""

import os

from cadre_eval.env import env

from .base import TIME_ZONE

# Celery: lose nothing. A task is acknowledged only after it ran, is re-queued when its worker dies,
# and a worker holds one task at a time. Redis re-delivers an unacknowledged task after the visibility
# timeout, which therefore sits above the longest hard time limit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 30 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Periodic jobs, all declared here (the database scheduler picks them up at beat start).
CELERY_BEAT_SCHEDULE = {
    "notices-scan": {"task": "notices.scan", "schedule": env.int("NOTICE_SCAN_INTERVAL_SECONDS", 300)},
    # 主动让贤: opens the cases of every published year (missed by nothing) and escalates those past their deadline.
    "demotion-stepdown-sweep": {"task": "demotion.stepdown_sweep", "schedule": 15 * 60},
    # 主动让贤承诺书: a letter for every new middle-manager appointment.
    "demotion-letters-sync": {"task": "demotion.letters_sync", "schedule": 60 * 60},
    # The audit chains are sealed after each commit; this seals whatever a process that died in between left.
    "audit-seal": {"task": "common.audit_seal", "schedule": 60},
    # 回炉再造: withdraws the recall cases a revised grade no longer supports (missed by nothing).
    "recall-sweep": {"task": "recall.sweep", "schedule": 60 * 60},
    # 民主测评: seals the evaluations whose closing time has passed.
    "ballots-close-due": {"task": "ballots.close_due", "schedule": 5 * 60},
    # 任期: starts the next term of appointments that run on, and catches what reached appointments past the services.
    "tenure-terms-sync": {"task": "tenure.terms_sync", "schedule": 60 * 60},
    # 剩余信息保护: deletes exported files past EXPORT_RETENTION_DAYS and import previews never confirmed (audited).
    "residual-expire": {"task": "common.residual_expire", "schedule": 60 * 60},
    # A background job whose worker died (its lease expired while running) is marked failed, its upload removed; a
    # result computation's run is marked failed with it, so HR can compute again.
    "jobs-reap-dead": {"task": "common.jobs_reap_dead", "schedule": 60},
    # 预警目录: every early-warning kind that has a scan, once a day (each warning told once; safe to run twice).
    "notices-warnings-scan": {"task": "notices.warnings_scan", "schedule": 24 * 60 * 60},
}
# A running background job's lease (common.jobs): renewed with each progress step (a result computation's worker renews
# it from a thread of its own every quarter of the lease, so a long statement does not stop it); past it, the job is
# taken for one whose worker died. "jobs-reap-dead" runs every 60 s, so a dead job, and a dead computation's run with
# it, reads failed at most lease + 60 s after its worker died: 6 minutes with the default lease.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", 5 * 60)

# Notices: a claimed e-mail whose worker died is offered again after the lease; failures back off exponentially.
CADRE_BASE_URL = env.str("CADRE_BASE_URL", "http://127.0.0.1:8000")
NOTICE_CLAIM_LEASE_SECONDS = env.int("NOTICE_CLAIM_LEASE_SECONDS", 10 * 60)
NOTICE_EMAIL_MAX_ATTEMPTS = env.int("NOTICE_EMAIL_MAX_ATTEMPTS", 6)
NOTICE_EMAIL_BACKOFF_SECONDS = env.int("NOTICE_EMAIL_BACKOFF_SECONDS", 60)
NOTICE_SCAN_MAX_SECONDS = env.int("NOTICE_SCAN_MAX_SECONDS", 4 * 60)
# Sender tasks per scan; run workers with at least this much concurrency in all.
NOTICE_SENDERS = env.int("NOTICE_SENDERS", 2)
NOTICE_ALLOW_SEND_IN_TRANSACTION = False

# Annual results: a whole-year computation of at least this many memberships runs on PostgreSQL in shares of its
# groups at once, one database connection (and so one server core) each.
RESULTS_PARALLEL_WORKERS = env.int("RESULTS_PARALLEL_WORKERS", min(os.cpu_count() or 1, 4))
RESULTS_PARALLEL_MIN_MEMBERS = env.int("RESULTS_PARALLEL_MIN_MEMBERS", 50_000)
