"""Reads of background jobs: a job is its requester's, and the admin's (the rule of every import and export
progress page); anyone else is told it does not exist."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from common.models import BackgroundJob


def job_list(*, user: AbstractBaseUser | AnonymousUser, kinds: tuple[str, ...] = ()) -> QuerySet[BackgroundJob]:
    """The jobs `user` may follow (of `kinds`, when named), newest first."""
    from org.roles import get_roles

    jobs = BackgroundJob.objects.select_related("organization", "requested_by")
    if kinds:
        jobs = jobs.filter(kind__in=kinds)
    if not user.is_authenticated:
        return jobs.none()
    if not get_roles(user).is_admin:
        jobs = jobs.filter(requested_by_id=user.pk)
    return jobs


def job_of_user(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> BackgroundJob | None:
    return job_list(user=user).filter(pk=pk).first()


def job_by_token(*, token: str) -> BackgroundJob | None:
    """The job of a page's reference (unscoped: the caller checks who asks)."""
    return BackgroundJob.objects.select_related("organization", "requested_by").filter(token=token).first()
