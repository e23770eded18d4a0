"""A Content Security Policy for every response, without 'unsafe-inline'.

Our pages load scripts and styles only from our own origin. The one inline <style> we serve is the report
template's (so the saved HTML report stands alone); report views allow exactly that stylesheet by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from duediligence.lib.errors import is_api

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy_header(extra_styles: list[str] | None = None) -> str:
    parts = []
    for directive, sources in POLICY.items():
        if directive == "style-src" and extra_styles:
            sources = [*sources, *extra_styles]
        parts.append(f"{directive} {' '.join(sources)}")
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that serves its own inline stylesheet (the reports) sets a wider policy itself.
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


# What a page for one signed-in person, or an API answer, may be kept as: by nobody. A shared proxy must not
# serve it to the next person, nor the browser's back button show it after signing out.
PRIVATE = "private, no-store"


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person and on every API response.

    Outermost but for the security headers, so it also marks what is answered before anyone is known: a request
    refused at the door (lib/bad_input.py) never reaches the session, so one that carries a session cookie counts
    as a signed-in person's. A view that says how its own response is kept (a download's "private, no-store",
    never_cache) keeps its words; so do pages for visitors (the grievance mechanism's own rules, a public report).
    Static files never get here: WhiteNoise serves them, with their far-future headers, before this middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (_signed_in(request) or is_api(request)) and not _says_private(response):
            response.headers["Cache-Control"] = PRIVATE
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None:
        return user.is_authenticated
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _says_private(response: HttpResponse) -> bool:
    """Whether the response already forbids keeping it (no-store), as its view chose."""
    return "no-store" in response.headers.get("Cache-Control", "")
