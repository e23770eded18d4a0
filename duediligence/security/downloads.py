"""Serving a private file (evidence, an audit report): never cached, never sniffed, always logged."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from duediligence.security import events
from duediligence.security.models import EventKind


def private_download(
    request: HttpRequest, *, file, filename: str, organisation, subject: str, content_type: str | None = None
) -> FileResponse:
    if not file or not file.storage.exists(file.name):
        # An assessment imported without its files keeps the metadata only.
        raise Http404("This file is not stored on this server.")
    events.record(EventKind.EVIDENCE_DOWNLOADED, request=request, organisation=organisation, subject=subject)
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
