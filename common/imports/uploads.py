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
    """One import's files, in their own folder under MEDIA_ROOT."""

    directory: str
    label: str  # names the import in the error a malformed token raises
    # True: loading with a malformed token finds nothing (None); False: it raises ValueError, as every other call.
    lenient: bool = False

    def _storage(self) -> FileSystemStorage:
        return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / self.directory)

    def _name(self, token: str, extension: str) -> str:
        if not _TOKEN.fullmatch(token or "") or extension not in SUPPORTED_EXTENSIONS:
            raise ValueError(f"bad {self.label} upload token")
        return f"{token}.{extension}"

    def save(self, *, content: bytes, extension: str) -> str:
        """Store the file and return its token."""
        self._sweep()
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

    def delete(self, *, token: str, extension: str) -> None:
        storage, name = self._storage(), self._name(token, extension)
        if storage.exists(name):
            storage.delete(name)

    def _sweep(self) -> None:
        """Previews that were never confirmed are forgotten after a day."""
        location = Path(self._storage().location)
        if not location.is_dir():
            return
        cutoff = time.time() - MAX_AGE_SECONDS
        for path in location.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
