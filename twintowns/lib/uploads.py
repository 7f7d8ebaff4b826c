"""What an upload may be: PDF, images and office documents, up to UPLOAD_MAX_BYTES."""

from functools import partial
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
OFFICE_EXTENSIONS = {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"}
ALLOWED_EXTENSIONS = IMAGE_EXTENSIONS | OFFICE_EXTENSIONS | {"pdf"}
# What the first bytes must say for each extension; old binary Office files are OLE containers.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXPECTED_MIME = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
}
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}


def validate_upload(upload: File) -> None:
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed: %(allowed)s.")
            % {"name": PurePath(name).name, "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))},
            code="file_type",
        )
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file allowed is %(limit)s.")
            % {
                "name": PurePath(name).name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="file_size",
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (%(extension)s).")
            % {"name": PurePath(name).name, "extension": extension},
            code="file_content",
        )


def _content_matches(upload: File, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension in EXPECTED_MIME:
        kind = filetype.guess(head)
        return kind is not None and kind.mime in EXPECTED_MIME[extension]
    if extension in ZIP_BASED:
        return head.startswith(b"PK\x03\x04")
    return head.startswith(OLE_MAGIC)


def delete_after_commit(stored: FieldFile) -> None:
    """Remove an uploaded file once the row that pointed to it is gone for good."""
    if stored.name:
        transaction.on_commit(partial(stored.storage.delete, stored.name))


def download(stored: FieldFile) -> FileResponse:
    """The file as a download under its own name (uploads are never served publicly)."""
    return FileResponse(stored.open("rb"), filename=PurePath(stored.name or "file").name)
