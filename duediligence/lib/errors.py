"""The error handlers. A lost database is "temporarily unavailable" (503), anything else a plain 500; and
the API's paths (/api/) get their errors as JSON, as the API's own views give them, whatever raised them: the
bad-input door, a URL that matches no route, an uncaught exception.

Django calls these for every such error, wherever it was raised (a view, a middleware loading the session, a
template), so this one place covers them all. The pages render without a request context: with the database
gone, the navigation's queries would fail again.
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request as default_bad_request
from django.views.defaults import page_not_found as default_page_not_found
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

# How long browsers and load balancers are told to wait before trying again.
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error: BaseException | None) -> bool:
    """True when the error, or one it was raised from, says PostgreSQL cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        # Our own refusals (BadRequest) say what was wrong; Django's others stay generic, as its page does.
        detail = str(exception) if type(exception) is BadRequest else "Bad request."
        return JsonResponse({"detail": detail}, status=400)
    return default_bad_request(request, exception)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return default_page_not_found(request, exception)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if is_database_unavailable(sys.exc_info()[1]):
        logger.error("Database unavailable while serving %s %s", request.method, request.path)
        return database_unavailable(request)
    if is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return default_server_error(request)


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    if request is not None and is_api(request):
        response: HttpResponse = JsonResponse({"detail": "Temporarily unavailable: try again shortly."}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
