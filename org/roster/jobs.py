"""Confirmed imports as background jobs: the page enqueues, a worker applies, the page follows its progress
(common.imports.jobs)."""

from typing import cast

from django.db import transaction
from django.utils.translation import gettext as _

from common.imports.jobs import import_job_enqueue, import_job_execute
from org.models import Organization, RosterImportJob
from org.roster.applying import roster_import
from org.roster.scope import roster_scope
from org.roster.uploads import STORE


@transaction.atomic
def roster_job_create(
    *,
    organization: Organization,
    year: int,
    file_name: str,
    token: str,
    extension: str,
    fingerprint: str,
    user,
    name_choices: dict | None = None,
) -> RosterImportJob:
    """Record the confirmed import and hand it to a worker once this transaction commits."""
    from org.tasks import roster_import_run

    job = import_job_enqueue(
        model=RosterImportJob,
        task=roster_import_run,
        organization=organization,
        year=year,
        file_name=file_name,
        upload_token=token,
        upload_extension=extension,
        fingerprint=fingerprint,
        requested_by=user,
        name_choices=name_choices or {},
    )
    return cast(RosterImportJob, job)  # import_job_enqueue returns a row of the model it is given


def roster_job_run(*, job_id: int) -> None:
    import_job_execute(
        model=RosterImportJob,
        job_id=job_id,
        uploads=STORE,
        scope_of=roster_scope,
        apply=roster_import,
        gone_message=_("上传的文件已失效或您已无权导入,请重新上传花名册。"),
        done_message=_("花名册“%(file)s”已导入。"),
        job_arguments=("name_choices",),
    )
