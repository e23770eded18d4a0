"""Serving a private file (evidence, an audit report): typed by its bytes, never cached, never sniffed by the
browser, always logged."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from duediligence.accounts.models import Organisation
from duediligence.lib.filetypes import SNIFF_BYTES, detect_content_type
from duediligence.security import events
from duediligence.security.models import EventKind


def private_download(
    request: HttpRequest,
    *,
    file: FieldFile,
    filename: str,
    organisation: Organisation,
    subject: str,
    content_type: str | None = None,
) -> FileResponse:
    if not file.name or not file.storage.exists(file.name):
        # An assessment imported without its files keeps the metadata only.
        raise Http404("This file is not stored on this server.")
    handle = file.open("rb")
    if content_type is None:
        # Typed by what the bytes are, not by the name someone gave the file.
        content_type = detect_content_type(handle.read(SNIFF_BYTES)) or "application/octet-stream"
        handle.seek(0)
    events.record(EventKind.EVIDENCE_DOWNLOADED, request=request, organisation=organisation, subject=subject)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
