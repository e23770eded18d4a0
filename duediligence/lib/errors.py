"""The server-error handler: a lost database is "temporarily unavailable" (503), anything else a plain 500.

Django calls handler500 for every uncaught exception, wherever it was raised (a view, a middleware loading
the session, a template), so this one place covers them all. The pages render without a request context:
with the database gone, the navigation's queries would fail again.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
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


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if is_database_unavailable(sys.exc_info()[1]):
        logger.error("Database unavailable while serving %s %s", request.method, request.path)
        return database_unavailable()
    return default_server_error(request)


def database_unavailable() -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
