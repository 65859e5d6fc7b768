"""Previewing and carrying out an import: every row checked, then everything written in one transaction, or nothing.

The writes go through the assessment services (scores_write_many, point_entries_record_many,
veto_entries_record_many), which audit every record; the import itself gets one more audit row naming the file.
"""

import gc
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.imports import columns as col
from assessments.imports.plan import ImportPlan
from assessments.imports.points import PointPlan
from assessments.imports.records import record_plan, record_plan_write
from assessments.imports.scores import ScorePlan, score_plan, score_plan_write
from assessments.imports.vetoes import VetoPlan
from common.audit import audit_log_record
from common.imports.issues import ImportChanged, ImportInvalid
from common.imports.reading import sheet_read
from org.models import Organization
from org.roster.scope import RosterScope

KINDS = (col.SCORES, col.POINTS_KIND, col.VETOES)


@dataclass(frozen=True)
class _Kind:
    plan: object
    write: object
    empty_plan: type
    shows_raters: bool = False  # the plan names raters: it is told who looks (rater privacy)


_KINDS = {
    col.SCORES: _Kind(score_plan, score_plan_write, ScorePlan, shows_raters=True),
    col.POINTS_KIND: _Kind(partial(record_plan, PointPlan), record_plan_write, PointPlan),
    col.VETOES: _Kind(partial(record_plan, VetoPlan), record_plan_write, VetoPlan),
}


def _viewer(handler: _Kind, user) -> dict:
    return {"viewer": user} if handler.shows_raters and user is not None else {}


def import_plan_refused(
    *, kind: str, organization: Organization, year: int, file_name: str, issues: list
) -> ImportPlan:
    """The plan of a file refused as a whole, with the reasons."""
    return _KINDS[kind].empty_plan(organization=organization, year=year, file_name=file_name, issues=issues)


def import_preview(
    *,
    kind: str,
    organization: Organization,
    year: int,
    content: bytes,
    file_name: str,
    scope: RosterScope,
    user=None,
) -> ImportPlan:
    """Read and check the file and plan what it writes; writes nothing. A bad file gives a plan with issues. The
    plan is shown to `user` (None: the command line, who sees everything)."""
    handler = _KINDS[kind]
    try:
        sheet = sheet_read(content=content, file_name=file_name, file_format=col.FORMATS[kind])
    except ImportInvalid as exc:
        return handler.empty_plan(organization=organization, year=year, file_name=file_name, issues=list(exc.issues))
    return handler.plan(organization=organization, year=year, sheet=sheet, scope=scope, **_viewer(handler, user))


@transaction.atomic
def import_apply(
    *,
    kind: str,
    organization: Organization,
    year: int,
    content: bytes,
    file_name: str,
    scope: RosterScope,
    actor=None,
    dry_run: bool = False,
    expected_fingerprint: str | None = None,
) -> ImportPlan:
    """Check the file again against the data as it is now and, when every row is good, write it all.

    Raises ImportInvalid (nothing written) when any row is bad, and ImportChanged when the plan is no longer the
    one of the preview whose fingerprint is given.
    """
    handler = _KINDS[kind]
    # One import at a time per organization (a row lock where the database has them), so that two imports cannot
    # both plan against the same state.
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    sheet = sheet_read(content=content, file_name=file_name, file_format=col.FORMATS[kind])
    plan = handler.plan(
        organization=organization,
        year=year,
        sheet=sheet,
        scope=scope,
        for_update=not dry_run,
        **_viewer(handler, actor),  # the job's summary is the requester's to read
    )
    # The file's rows, planned, are tens of megabytes for a large file that the write does not need; what reading
    # the workbook left in reference cycles waits for a full collection. Both go before the write allocates its own.
    del sheet
    gc.collect()
    if plan.issues:
        raise ImportInvalid(plan.sorted_issues(), plan=plan)
    if expected_fingerprint is not None and plan.fingerprint != expected_fingerprint:
        raise ImportChanged(plan)
    if not dry_run and plan.has_changes:
        handler.write(plan, actor=actor)
        audit_log_record(
            actor=actor,
            action=f"assessments.import.{kind}",
            subject=getattr(plan, "scheme", None) or organization,
            reason=_("%(what)s导入:%(file)s") % {"what": plan.title, "file": file_name},
            after={"file": file_name, "sheet": plan.sheet_name, "year": year, "rows": plan.row_count, **plan.counts()},
        )
    return plan
