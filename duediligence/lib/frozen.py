"""The refusal PostgreSQL gives when a write would change frozen content, and how pages and the API answer it.

The triggers that refuse (assessments/frozen.py) raise an error with their own SQLSTATE, so nothing else can be
mistaken for one. Most writes are refused earlier, by the services' status-checked locks, with a message of
their own; this covers every other path, so a refused write is always the usual 409 refusal, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from duediligence.lib.errors import is_api

# A class of our own ("DD"), which no PostgreSQL error uses.
FROZEN_SQLSTATE = "DDF01"


def is_frozen_refusal(error: BaseException | None) -> bool:
    """True when the error, or one it was raised from, is the frozen-content trigger's refusal."""
    seen = set()
    while error is not None and id(error) not in seen:
        if getattr(error, "pgcode", None) == FROZEN_SQLSTATE:
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def refusal_message() -> str:
    return _(
        "This assessment has been submitted, so what was reviewed can no longer change: nothing was saved. "
        "Reload the page to see its current state; a published assessment is corrected by starting a new revision."
    )


def frozen_refusal_response(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": refusal_message()}, status=409)
    return HttpResponse(render_to_string("409.html", {"message": refusal_message()}, request=request), status=409)


class FrozenRefusalMiddleware:
    """Turns the trigger's refusal, wherever a view met it, into the 409 refusal page (JSON on the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DatabaseError) and is_frozen_refusal(exception):
            return frozen_refusal_response(request)
        return None
