"""A run's rows are removed in two statements whatever their number (assessments.results.engine.rows_delete): the
appeals naming one let go of it, then one DELETE; no row is read. (Its time and memory on a million rows:
bench/run_cleanup.py.)"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Appeal, Result
from assessments.results.engine import rows_delete
from assessments.services.results import results_run_create, results_run_execute
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)


def test_only_appeals_refer_to_a_result_row():
    """rows_delete deletes without Django's collector, so it must handle every reference to a result row itself:
    a new one fails here until it is."""
    references = {
        (f.related_model._meta.label, f.field.name, f.on_delete.__name__)
        for f in Result._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete
    }
    assert references == {("assessments.Appeal", "result", "SET_NULL")}


def test_a_runs_rows_go_in_two_statements_and_its_appeals_let_go(scored, world):  # noqa: F811
    # Given two computed versions, an appeal naming a row of the first and one naming a row of the second
    first, second = (
        results_run_execute(run_id=results_run_create(organization=world.org, year=2025, enqueue=False).pk)
        for _ in range(2)
    )
    appeals = [
        Appeal.objects.create(
            cadre_id=row.cadre_id,
            year=2025,
            target=Appeal.Target.GRADE,
            result=row,
            deadline=datetime.date(2026, 2, 1),
            reason="复核",
            filed_by=world.users["hr"],
        )
        for row in (Result.objects.filter(run=first).first(), Result.objects.filter(run=second).first())
    ]

    # When the first version's rows are removed
    with CaptureQueriesContext(connection) as queries:
        deleted = rows_delete(first.pk)

    # Then two statements did it, neither reading the rows into the process
    assert deleted == 2
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 2, statements
    assert statements[0].startswith('UPDATE "assessments_appeal"') and statements[1].startswith("DELETE")
    # and only the first version's rows are gone, only its appeal let go
    assert not Result.objects.filter(run=first).exists()
    assert Result.objects.filter(run=second).count() == 2
    for appeal in appeals:
        appeal.refresh_from_db()
    assert appeals[0].result_id is None and appeals[1].result_id is not None
    assert appeals[0].status == Appeal.Status.PENDING  # nothing else of the appeal changed
