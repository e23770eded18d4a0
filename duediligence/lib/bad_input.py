"""Input that no page of ours can mean is refused at the door with a 400 page, before it reaches a view.

PostgreSQL cannot store a NUL character in text, and an id too large for a bigint makes it refuse the whole
query; both used to end in a 500 wherever a view passed them on. Refusing them here covers every view, form and
URL at once, including ones written later.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
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
        too_large = _declared_too_large(request)
        if too_large:
            return too_large
        # Refused through Django's handler400 (lib/errors.py), which answers the API's paths in JSON.
        if _is_bad(request.path) or _bad_in(request.GET.lists()):
            raise BadRequest("The address holds a character that no page here uses.")
        if request.method == "POST" and _bad_in(request.POST.lists()):
            raise BadRequest("The form held a character that cannot be stored (a NUL byte).")
        return self.get_response(request)


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
    limit = settings.REQUEST_BODY_MAX_BYTES
    if length <= limit:
        return None
    if is_api(request):
        return JsonResponse({"detail": f"The body is larger than the API accepts ({limit:,} bytes)."}, status=413)
    context = {"size_mb": f"{length / 1_048_576:.1f}", "limit_mb": f"{settings.EVIDENCE_MAX_BYTES / 1_048_576:.0f}"}
    return HttpResponse(render_to_string("413.html", context, request=None), status=413)


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in a request as they arrive and stops past REQUEST_BODY_MAX_BYTES.

    The middleware refuses bodies that declare a larger length; this covers bodies that do not declare one
    (chunked), so no request can make the server write more than the limit to disk.
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
