"""Uploaded files kept between the preview and the confirmation, and once confirmed until the job has run
(common.imports.uploads). A token that is not one of ours finds nothing."""

from common.imports.uploads import UploadStore

STORE = UploadStore(directory="assessment_uploads", label="import", lenient=True)

upload_save = STORE.save
upload_load = STORE.load
upload_delete = STORE.delete
