"""Evidence uploads: checked by their bytes (not their names), hashed, and stored under names we choose."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from duediligence.lib.filetypes import SNIFF_BYTES, detect_content_type

# What an officer may upload as evidence, by detected content type, with the label used in messages.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "text/plain": "plain text or CSV",
}
ALLOWED_DESCRIPTION = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), OpenDocument text, plain text or CSV"


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def safe_name(raw: str) -> str:
    """The file's own name without any folder part or control characters, for display and downloads only."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name).strip().lstrip(".")
    return name[:200] or "evidence"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Refuse empty, oversized and disallowed files with a message that says which and why."""
    limit = settings.EVIDENCE_MAX_BYTES
    name = safe_name(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"{name} is empty. Choose a file that has content.")
    if size > limit:
        raise ValidationError(f"{name} is {size / 1_048_576:.1f} MB; files can be at most {limit / 1_048_576:.0f} MB.")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    content_type = detect_content_type(head)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(f"{name} is not a file type we accept. Upload {ALLOWED_DESCRIPTION}.")
    return CheckedUpload(upload, name, content_type, size, _sha256(upload))


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def new_token() -> str:
    return secrets.token_hex(16)


class KeepsAnUpload(Protocol):
    """A row that keeps an uploaded file as evidence does."""

    token: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    file: FieldFile

    def save(self, *args: Any, **kwargs: Any) -> None: ...


Kept = TypeVar("Kept", bound=KeepsAnUpload)


def store_checked(record: Kept, checked: CheckedUpload) -> Kept:
    """Save a checked upload into a row that keeps it (an evidence item, a grievance's or a partner's attachment):
    a fresh token, which is also the stored file's name, and the checked name, type, size and hash. The caller
    sets the row's own fields (what it belongs to, who uploaded it) beforehand."""
    record.token = new_token()
    record.original_name = checked.name
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = checked.sha256
    record.file.save(record.token, checked.file, save=False)
    record.save()
    return record


def check_public_upload(upload: UploadedFile) -> CheckedUpload:
    """A file from someone outside the company (a grievance, a partner's answer), checked as evidence is, by its
    content and not its name, with messages in their language (Django's i18n)."""
    name = safe_name(upload.name or "")
    size = upload.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size == 0:
        raise ValidationError(_("%(name)s is empty. Choose a file that has content.") % {"name": name})
    if size > limit:
        raise ValidationError(
            _("%(name)s is too large: files can be at most %(limit)d MB.") % {"name": name, "limit": limit // 1_048_576}
        )
    upload.seek(0)
    content_type = detect_content_type(upload.read(SNIFF_BYTES))
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a file type we accept: PDF, images (PNG, JPEG), Word, Excel or text files.")
            % {"name": name}
        )
    return CheckedUpload(upload, name, content_type, size, _sha256(upload))
