"""Uploaded files kept between the preview and the confirmation (and, once confirmed, until the job has run).

A file is stored under a random name the server chooses; the browser only ever sends that name back, and it is
accepted only when it is the shape the server makes and was handed to the same session.
"""

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from common.imports.reading import SUPPORTED_EXTENSIONS

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class UploadStore:
    """One import's files, in their own folder under MEDIA_ROOT. Every store is swept of previews never confirmed
    by beat's hourly `common.residual_expire` too (剩余信息保护)."""

    directory: str
    label: str  # names the import in the error a malformed token raises
    # True: loading with a malformed token finds nothing (None); False: it raises ValueError, as every other call.
    lenient: bool = False

    def __post_init__(self):
        from common.residual import register_expiry

        register_expiry(f"uploads:{self.directory}", self.expire)

    def _storage(self) -> FileSystemStorage:
        return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / self.directory)

    def _name(self, token: str, extension: str) -> str:
        if not _TOKEN.fullmatch(token or "") or extension not in SUPPORTED_EXTENSIONS:
            raise ValueError(f"bad {self.label} upload token")
        return f"{token}.{extension}"

    def save(self, *, content: bytes, extension: str) -> str:
        """Store the file and return its token."""
        self.expire()
        token = uuid.uuid4().hex
        self._storage().save(self._name(token, extension), ContentFile(content))
        return token

    def load(self, *, token: str, extension: str) -> bytes | None:
        """None when the file is gone (imported already, or swept as stale)."""
        try:
            name = self._name(token, extension)
        except ValueError:
            if self.lenient:
                return None
            raise
        storage = self._storage()
        if not storage.exists(name):
            return None
        with storage.open(name, "rb") as handle:
            return handle.read()

    def delete(self, *, token: str, extension: str) -> bool:
        """Whether there was a file to delete."""
        storage, name = self._storage(), self._name(token, extension)
        if storage.exists(name):
            storage.delete(name)
            return True
        return False

    def _sweep(self) -> int:
        """Previews that were never confirmed are forgotten after a day; returns how many."""
        location = Path(self._storage().location)
        if not location.is_dir():
            return 0
        cutoff = time.time() - MAX_AGE_SECONDS
        removed = 0
        for path in location.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def expire(self) -> int:
        """The sweep, audited (common.residual)."""
        from common.residual import audit_expired

        removed = self._sweep()
        audit_expired(kind=f"uploads:{self.directory}", files=removed, max_age_hours=MAX_AGE_SECONDS // 3600)
        return removed
