"""Uploaded files kept between the preview and the confirmation (and, once confirmed, until the job has run).

A file is stored under a random name the server chooses; the browser only ever sends that name back, and it is
accepted only when it is the shape the server makes and was handed to the same session.
"""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from assessments.imports.reading import SUPPORTED_EXTENSIONS

UPLOAD_DIR = "assessment_uploads"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _storage() -> FileSystemStorage:
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / UPLOAD_DIR)


def _name(token: str, extension: str) -> str:
    if not _TOKEN.fullmatch(token or "") or extension not in SUPPORTED_EXTENSIONS:
        raise ValueError("bad import upload token")
    return f"{token}.{extension}"


def upload_save(*, content: bytes, extension: str) -> str:
    """Store the file and return its token."""
    _sweep()
    token = uuid.uuid4().hex
    _storage().save(_name(token, extension), ContentFile(content))
    return token


def upload_load(*, token: str, extension: str) -> bytes | None:
    """None when the file is gone (imported already, or swept as stale) or the token is not one of ours."""
    try:
        name = _name(token, extension)
    except ValueError:
        return None
    storage = _storage()
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return handle.read()


def upload_delete(*, token: str, extension: str) -> None:
    storage, name = _storage(), _name(token, extension)
    if storage.exists(name):
        storage.delete(name)


def _sweep() -> None:
    """Previews that were never confirmed are forgotten after a day."""
    location = Path(_storage().location)
    if not location.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in location.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
