"""Uploaded rosters kept between the preview and the confirmation (common.imports.uploads)."""

from common.imports.uploads import UploadStore

STORE = UploadStore(directory="roster_uploads", label="roster")

upload_save = STORE.save
upload_load = STORE.load
upload_delete = STORE.delete
