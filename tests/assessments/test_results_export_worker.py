"""The XLSX export on a real Celery worker: the web process (this test) and the worker are two processes that share
the database and the var directory, and nothing else. The page must follow the worker's progress and offer its file,
which a per-process store (the default cache) could never do.

Needs PostgreSQL and a broker (tests/worker_utils.py): skips without them on a developer's machine, fails in CI.
"""

import io
import time
import uuid

import openpyxl
import pytest
from django.urls import reverse

from assessments import exports
from assessments.services.results import results_run_create, results_run_execute
from cadre_eval.celery import app
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.worker_utils import (
    delete_queue,
    log_tail,
    purge,
    require_broker,
    require_postgresql,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.worker

WAIT_SECONDS = 60


def test_a_worker_writes_the_workbook_and_the_page_offers_it(
    transactional_db,
    scored,  # noqa: F811
    world,
    as_persona,
    settings,
    tmp_path,
):
    require_broker()
    require_postgresql()
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"  # what the worker's settings make of its CADRE_VAR_DIR
    run = results_run_execute(run_id=results_run_create(organization=world.org, year=2025, enqueue=False).pk)
    job = exports.results_export_job_create(run=run, user=world.users["committee"], enqueue=False)

    queue = f"test-results-export-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    purge(queue)
    worker = start_worker(queue, log_path, var_dir)
    client = as_persona("committee")
    page_url = reverse("assessments:results_export_job", kwargs={"token": job.token})
    try:
        # When the job is handed to the worker
        exports.results_export_task.apply_async(args=[job.token], queue=queue)

        # Then the page, polled as the browser does, ends up offering the workbook
        deadline = time.monotonic() + WAIT_SECONDS
        while "results-export-download" not in (page := client.get(page_url, HTTP_HX_REQUEST="true").content.decode()):
            assert "results-export-failed" not in page, page
            if "Received unregistered task" in log_tail(log_path):
                pytest.fail(
                    "the worker does not know assessments.results_export: assessments/tasks/exports.py must import "
                    "it (from assessments.exports.jobs import results_export_task)",
                    pytrace=False,
                )
            if worker.poll() is not None:
                pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"no workbook after {WAIT_SECONDS} s; worker log:\n{log_tail(log_path)}", pytrace=False)
            time.sleep(0.3)
        response = client.get(reverse("assessments:results_export_download", kwargs={"token": job.token}))
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [[c.value for c in row][2:4] for row in sheet.iter_rows(min_row=2)] == [
            ["B001", "李四"],
            ["A001", "张三"],
        ]
    finally:
        app.conf.task_always_eager = eager
        stop_worker(worker)
        purge(queue)
        delete_queue(queue)
