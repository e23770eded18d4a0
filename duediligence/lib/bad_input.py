"""Input that no page of ours can mean is refused at the door with a 400 page, before it reaches a view.

PostgreSQL cannot store a NUL character in text, and an id too large for a bigint makes it refuse the whole
query; both used to end in a 500 wherever a view passed them on. Refusing them here covers every view, form and
URL at once, including ones written later.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from duediligence.lib.errors import is_api

# Characters no form of ours asks for and PostgreSQL or the browser would choke on: NUL, and lone surrogates
# (which cannot be encoded as UTF-8 at all). One regular expression: every value of every request passes it.
BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def _is_bad(text: str) -> bool:
    return BAD_CHARACTERS.search(text) is not None


def _bad_in(values: Iterable[tuple[str, list[str]]]) -> bool:
    return any(_is_bad(key) or any(_is_bad(value) for value in items) for key, items in values)


class RejectBadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        too_large = _declared_too_large(request) or _chunked_too_large(request)
        if too_large:
            return too_large
        # Refused through Django's handler400 (lib/errors.py), which answers the API's paths in JSON.
        if _is_bad(request.path) or _bad_in(request.GET.lists()):
            raise BadRequest("The address holds a character that no page here uses.")
        try:
            if request.method == "POST" and _bad_in(request.POST.lists()):
                raise BadRequest("The form held a character that cannot be stored (a NUL byte).")
            return self.get_response(request)
        finally:
            spooled = request.META.get(SPOOLED_BODY)
            if spooled is not None:
                spooled.close()


class BoundedIdConverter:
    """A database id in a URL: 1 to 18 digits, so it always fits PostgreSQL's bigint (a longer one is a 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def _declared_too_large(request: HttpRequest) -> HttpResponse | None:
    """A body larger than any page accepts is refused on its declared length, before a byte of it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("The request's length is not a number.") from None
    if length <= settings.REQUEST_BODY_MAX_BYTES:
        return None
    return _too_large(request, f"{length / 1_048_576:.1f}")


def _too_large(request: HttpRequest, size_mb: str) -> HttpResponse:
    limit = settings.REQUEST_BODY_MAX_BYTES
    if is_api(request):
        return JsonResponse({"detail": f"The body is larger than the API accepts ({limit:,} bytes)."}, status=413)
    context = {"size_mb": size_mb, "limit_mb": f"{settings.EVIDENCE_MAX_BYTES / 1_048_576:.0f}"}
    return HttpResponse(render_to_string("413.html", context, request=None), status=413)


# Where the request keeps a chunked body read at the door, for the middleware to close after the view.
SPOOLED_BODY = "duediligence.spooled_body"
# Chunks of the body read at a time; a body is kept in memory up to SPOOL_IN_MEMORY, on disk past it.
READ_BYTES = 64 * 1024
SPOOL_IN_MEMORY = 2 * 1024 * 1024


def _chunked_too_large(request: HttpRequest) -> HttpResponse | None:
    """A body sent in chunks declares no length, and Django reads a body without a length as empty: a form
    would arrive blank (a 23 MB upload answered with the page's "someone else changed this" conflict). So it is
    read here, at most one byte past the limit, into a spooled file: past the limit it is refused as a declared
    one is; within it the request carries it with its length, and every page and the API read it whole."""
    if request.META.get("CONTENT_LENGTH") or "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None
    limit = settings.REQUEST_BODY_MAX_BYTES
    source = request.META["wsgi.input"]
    # Not a with block: the request reads it after this returns; the middleware closes it once the view is done.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    length = 0
    while length <= limit:
        chunk = source.read(min(READ_BYTES, limit + 1 - length))
        if not chunk:
            break
        spool.write(chunk)
        length += len(chunk)
    if length > limit:
        spool.close()
        return _too_large(request, f"more than {limit / 1_048_576:.1f}")
    spool.seek(0)
    request.META["CONTENT_LENGTH"] = str(length)
    # WSGIRequest reads its body through this stream, made from CONTENT_LENGTH when the request began.
    request._stream = LimitedStream(spool, length)  # type: ignore[arg-type,assignment]
    request.META[SPOOLED_BODY] = spool
    return None


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in a request as they arrive and stops past REQUEST_BODY_MAX_BYTES.

    The middleware refuses bodies that declare a larger length, and measures those sent in chunks before any
    view reads them; this is the last belt, should a body ever reach the parser some other way.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.REQUEST_BODY_MAX_BYTES:
            raise RequestDataTooBig("The files in this request are larger than any page here accepts.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
