"""Files of background jobs through Django's storage API: STORAGES["default"] (the local MEDIA_ROOT unless the
deployment names another backend, e.g. an S3-compatible store shared by web and worker hosts; README, Production)."""

from __future__ import annotations

import datetime

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages


def job_storage() -> Storage:
    return storages["default"]


def file_save(*, name: str, content: bytes | File) -> str:
    """Store the file under `name` (the name the server chose) and return the name it was stored under."""
    payload = ContentFile(content) if isinstance(content, bytes) else content
    return job_storage().save(name, payload)


def file_read(name: str) -> bytes | None:
    """The file's bytes, or None when it is gone."""
    storage = job_storage()
    if not name or not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return handle.read()


def file_delete(name: str) -> bool:
    """Whether there was a file to delete."""
    storage = job_storage()
    if name and storage.exists(name):
        storage.delete(name)
        return True
    return False


def folder_files(folder: str) -> list[str]:
    """The storage names of the files directly in `folder` (none when it does not exist)."""
    storage = job_storage()
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in files]


def file_modified(name: str) -> datetime.datetime | None:
    try:
        return job_storage().get_modified_time(name)
    except (FileNotFoundError, OSError):
        return None
