"""Confirmed imports as background jobs: the page enqueues, a worker applies, the page follows its progress
(common.imports.jobs, on the one job model of common.jobs)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from common.imports.jobs import import_job_enqueue, import_job_execute
from common.models import BackgroundJob
from org.models import Organization
from org.roster.applying import roster_import
from org.roster.scope import roster_scope
from org.roster.uploads import STORE

KIND = BackgroundJob.Kind.ROSTER_IMPORT


@transaction.atomic
def roster_job_create(
    *,
    organization: Organization,
    year: int,
    file_name: str,
    token: str,
    extension: str,
    fingerprint: str,
    user: AbstractBaseUser,
    name_choices: dict | None = None,
    enqueue: bool = True,
) -> BackgroundJob:
    """Record the confirmed import and hand it to a worker once this transaction commits (`enqueue` False: the
    caller runs it). `fingerprint` is the preview's, before any `name_choices`."""
    from org.tasks import roster_import_run

    return import_job_enqueue(
        job_kind=KIND,
        task=roster_import_run if enqueue else None,
        uploads=STORE,
        organization=organization,
        year=year,
        file_name=file_name,
        token=token,
        extension=extension,
        fingerprint=fingerprint,
        user=user,
        name_choices=name_choices or {},
    )


def _import_previewed(*, expected_fingerprint: str, **arguments) -> object:
    """The job's fingerprint is its preview's, made before HR answered about names close to existing ones: the
    file must still plan what was previewed, and is then imported with the answers."""
    return roster_import(previewed_fingerprint=expected_fingerprint, **arguments)


def roster_job_run(*, job_id: int) -> None:
    import_job_execute(
        job_id=job_id,
        scope_of=roster_scope,
        apply=_import_previewed,
        gone_message=_("上传的文件已失效或您已无权导入,请重新上传花名册。"),
        done_message=_("花名册“%(file)s”已导入。"),
        job_arguments=("name_choices",),
    )
