"""The score, point and veto imports' preview as a background job (common.imports.preview_jobs): what the preview
page shows of a plan, as plain values a job keeps. The preview is made for the requester (rater privacy)."""

from django.utils.translation import gettext as _

from assessments.imports import applying
from common.imports.issues import file_issue
from common.imports.preview_jobs import plan_preview, previewer_register
from common.models import BackgroundJob
from org.roster.scope import roster_scope


def import_preview_job(job: BackgroundJob, content: bytes) -> tuple[dict, bool]:
    """The worker's preview of the job's file, as the requester may import it now."""
    kind = job.arguments["import"]
    organization = job.organization
    assert organization is not None  # an import is always into an organization
    scope = roster_scope(user=job.requested_by, organization=organization)
    if scope is None:
        plan = applying.import_plan_refused(
            kind=kind,
            organization=organization,
            year=job.arguments["year"],
            file_name=job.file_name,
            issues=[file_issue(_("您已无权导入该机构的数据。"))],
        )
    else:
        plan = applying.import_preview(
            kind=kind,
            organization=organization,
            year=job.arguments["year"],
            content=content,
            file_name=job.file_name,
            scope=scope,
            user=job.requested_by,
        )
    sections = plan.sections() if plan.is_valid else []
    return plan_preview(plan, sections=sections, issues=plan.sorted_issues()), plan.is_valid and plan.has_changes


for _kind in applying.KINDS:
    previewer_register(_kind, import_preview_job)
