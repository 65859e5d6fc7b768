"""剩余信息保护 (GB/T 22239-2019 8.1.4.10): an import's upload is deleted when its job ends whatever the outcome,
exported files expire after EXPORT_RETENTION_DAYS through beat's hourly task, previews never confirmed after a day,
and signing out deletes the session and the API tokens — every deletion audited."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from knox.models import AuthToken

from common.imports.issues import ImportChanged, ImportInvalid, ImportIssue
from common.imports.jobs import UPLOAD_DELETED_ACTION, import_job_execute
from common.models import AuditLog, BackgroundJob
from org.roster.jobs import roster_job_create
from org.roster.uploads import STORE
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _job(world) -> BackgroundJob:
    token = STORE.save(content="工号,姓名\nA001,张三\n".encode(), extension="csv")
    return roster_job_create(
        organization=world.org,
        year=2025,
        file_name="花名册.csv",
        token=token,
        extension="csv",
        fingerprint="f" * 64,
        user=world.users["hr"],
        enqueue=False,
    )


class Plan:
    def summary(self):
        return [("新增干部", 1)]


def _refused(**kwargs):
    raise ImportInvalid([ImportIssue(row=2, column="工号", message="工号重复")])


def _changed(**kwargs):
    raise ImportChanged("数据已发生变化,请重新预览。")


def _broken(**kwargs):
    raise RuntimeError("disk full")


def _run(job, *, apply, scope=True):
    import_job_execute(
        job_id=job.pk,
        scope_of=lambda user, organization: "whole" if scope else None,
        apply=apply,
        gone_message="已失效",
        done_message="已导入 %(file)s",
    )


@pytest.mark.parametrize(
    ("apply", "scope", "status"),
    [
        (lambda **kwargs: Plan(), True, "succeeded"),
        (_refused, True, "failed"),
        (_changed, True, "changed"),
        (lambda **kwargs: Plan(), False, "failed"),  # the requester's right to import is gone
    ],
    ids=["imported", "refused", "data-changed", "right-withdrawn"],
)
def test_the_upload_is_deleted_when_its_job_ends_whatever_the_outcome(world, media, apply, scope, status):
    job = _job(world)
    path = media / job.arguments["upload"]
    assert path.is_file()
    _run(job, apply=apply, scope=scope)
    job.refresh_from_db()
    assert job.status == status
    assert not path.exists()
    row = AuditLog.objects.get(action=UPLOAD_DELETED_ACTION)
    assert (row.subject_id, row.after) == (str(job.pk), {"file_name": "花名册.csv", "status": status})
    assert row.actor is None and "剩余信息保护" in row.reason


def test_an_import_that_breaks_is_marked_failed_and_its_upload_deleted_too(world, media):
    job = _job(world)
    with pytest.raises(RuntimeError):
        _run(job, apply=_broken)
    job.refresh_from_db()
    assert job.status == "failed" and "未导入任何数据" in job.message
    assert not any((media / "roster_uploads").iterdir())
    assert AuditLog.objects.get(action=UPLOAD_DELETED_ACTION).after["status"] == "failed"


def test_the_retention_of_exports_is_a_setting_of_seven_days_by_default():
    assert settings.EXPORT_RETENTION_DAYS == 7


def test_signing_out_deletes_the_session_and_the_tokens_and_says_so(world):
    user = world.users["hr"]
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "hr", "password": PASSWORD}).status_code == 302
    AuthToken.objects.create(user=user, expiry=datetime.timedelta(hours=1))
    key = browser.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = key
    assert stolen.get("/org/units/").status_code == 200

    # when HR signs out
    assert browser.post("/accounts/logout/").status_code == 302

    # then the session is gone from the store (its cookie opens nothing), the tokens too, and the audit says so
    assert not Session.objects.filter(session_key=key).exists()
    assert stolen.get("/org/units/").status_code == 302
    assert not AuthToken.objects.filter(user=user).exists()
    row = AuditLog.objects.get(action="security.sign_out")
    assert (row.actor, row.subject_id, row.after) == (user, str(user.pk), {"sessions": 1, "tokens": 1})
    assert AuditLog.objects.filter(action="security.token.revoke_all", subject_id=str(user.pk)).exists()
