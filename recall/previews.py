"""The competition-loss import's preview as a background job (common.imports.preview_jobs): the worker reads and
checks the file as its requester may import it now, and keeps what the page shows and the checked rows, which the
confirmation writes (recall.services.competitions.competition_losses_apply) without reading the file again. The
file itself is not kept past the check."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from common.imports.issues import ImportInvalid, ImportIssue, file_issue
from common.imports.preview import section
from common.imports.preview_jobs import plan_preview, previewer_register
from common.models import BackgroundJob
from org.models import Organization
from org.roles import ROLE_HR
from org.selectors import cadres_in_scope
from recall.services.competitions import LossRow, competition_losses_check, loss_entries

IMPORT_KIND = "recall_competition_losses"


@dataclass
class LossPlan:
    """What the preview found in the file: its rows, checked, or every row in error."""

    organization: Organization
    year: int
    file_name: str
    rows: list[LossRow] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.issues

    @property
    def has_changes(self) -> bool:
        return bool(self.rows)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(loss_entries(self.rows), sort_keys=True).encode()).hexdigest()

    def summary(self) -> list[tuple[str, int]]:
        return [(_("竞聘落聘"), len(self.rows))]


def loss_sections(rows: list[LossRow]) -> list[dict]:
    columns = [_("行号"), _("工号"), _("姓名"), _("竞聘名称"), _("竞聘日期"), _("竞聘岗位")]
    listed = [
        [row.number, row.cadre.employee_no, row.cadre.name, row.competition, row.held_on.isoformat(), row.post_sought]
        for row in rows
    ]
    return [section(_("竞聘落聘"), columns, listed)]


def competition_preview_job(job: BackgroundJob, content: bytes) -> tuple[dict, bool]:
    """The worker's preview of the job's file; the file is not kept (the confirmation writes the kept rows)."""
    organization = job.organization
    assert organization is not None  # an import is always into an organization
    year = job.arguments.get("year") or timezone.localdate().year
    plan = LossPlan(organization=organization, year=year, file_name=job.file_name)
    actor = job.requested_by
    if not cadres_in_scope(user=actor, roles=(ROLE_HR,)).filter(organization=organization).exists():
        plan.issues = [file_issue(_("您不能为该机构导入竞聘落聘。"))]
    else:
        try:
            plan.rows = competition_losses_check(
                organization=organization, content=content, file_name=job.file_name, actor=actor
            )
        except ImportInvalid as invalid:
            plan.issues = invalid.issues
    preview = plan_preview(plan, sections=loss_sections(plan.rows), issues=plan.issues)
    preview["entries"] = loss_entries(plan.rows) if plan.is_valid else []
    return preview, False


previewer_register(IMPORT_KIND, competition_preview_job)
