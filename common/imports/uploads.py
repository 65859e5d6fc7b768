"""Uploaded files kept between the preview and the confirmation (and, once confirmed, until the job has run).

Files go through Django's storage API (common.jobs.files: STORAGES["default"]), in one folder per import, so the
web process that keeps the file and the worker that imports it may run on different hosts over a shared store.
A file is stored under a random name the server chooses; the browser only ever sends that name back, and it is
accepted only when it is the shape the server makes and was handed to the same session.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.utils import timezone

from common.imports.reading import SUPPORTED_EXTENSIONS
from common.jobs.files import file_delete, file_modified, file_read, file_save, folder_files

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class UploadStore:
    """One import's files, in their own folder of the storage. Every store is swept of previews never confirmed
    by beat's hourly `common.residual_expire` too (剩余信息保护)."""

    directory: str
    label: str  # names the import in the error a malformed token raises
    # True: loading with a malformed token finds nothing (None); False: it raises ValueError, as every other call.
    lenient: bool = False

    def __post_init__(self) -> None:
        from common.residual import register_expiry

        register_expiry(f"uploads:{self.directory}", self.expire)

    def _name(self, token: str, extension: str) -> str:
        if not _TOKEN.fullmatch(token or "") or extension not in SUPPORTED_EXTENSIONS:
            raise ValueError(f"bad {self.label} upload token")
        return f"{token}.{extension}"

    def name_of(self, *, token: str, extension: str) -> str:
        """The file's name in the storage (ValueError for a token that is not the shape the server makes)."""
        return f"{self.directory}/{self._name(token, extension)}"

    def save(self, *, content: bytes, extension: str) -> str:
        """Store the file and return its token."""
        self.expire()
        token = uuid.uuid4().hex
        file_save(name=self.name_of(token=token, extension=extension), content=content)
        return token

    def load(self, *, token: str, extension: str) -> bytes | None:
        """None when the file is gone (imported already, or swept as stale)."""
        try:
            name = self.name_of(token=token, extension=extension)
        except ValueError:
            if self.lenient:
                return None
            raise
        return file_read(name)

    def delete(self, *, token: str, extension: str) -> bool:
        """Whether there was a file to delete."""
        return file_delete(self.name_of(token=token, extension=extension))

    def _sweep(self) -> int:
        """Previews that were never confirmed are forgotten after a day; returns how many."""
        cutoff = timezone.now() - datetime.timedelta(seconds=MAX_AGE_SECONDS)
        removed = 0
        for name in folder_files(self.directory):
            modified = file_modified(name)
            if modified is not None and modified < cutoff and file_delete(name):
                removed += 1
        return removed

    def expire(self) -> int:
        """The sweep, audited (common.residual)."""
        from common.residual import audit_expired

        removed = self._sweep()
        audit_expired(kind=f"uploads:{self.directory}", files=removed, max_age_hours=MAX_AGE_SECONDS // 3600)
        return removed
