"""A reporter's file, from the upload to what is sealed: checked by its bytes, then cleaned of hidden details.

A file whose hidden details cannot be removed is refused with the reason, unless the reporter ticked that it may
be sent as it is: they are told before anything is stored (public_views.py), and the officer sees it too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from duediligence.assessments.evidence import check_public_upload
from duediligence.grievances.cleaning import CannotClean, clean
from duediligence.grievances.sealing import PreparedFile


class Uncleanable(ValidationError):
    """The file is acceptable, but its hidden details could not be removed; the reporter decides."""


def prepare_upload(upload: UploadedFile, *, send_uncleaned: bool) -> PreparedFile:
    checked = check_public_upload(upload)
    upload.seek(0)
    data = upload.read()
    try:
        cleaned = clean(checked.content_type, data)
    except CannotClean as reason:
        if not send_uncleaned:
            raise Uncleanable(
                _(
                    "We could not remove the hidden details (such as a position or an author's name) from "
                    "%(name)s: %(reason)s Choose the file again and tick the box below to send it as it is, or "
                    "send your concern without it."
                )
                % {"name": checked.name, "reason": reason}
            ) from None
        return PreparedFile(checked.name, checked.content_type, data, cleaned=False)
    return PreparedFile(checked.name, checked.content_type, cleaned.data, cleaned=True)
