"""A Content Security Policy for every response, without 'unsafe-inline'.

Our pages load scripts and styles only from our own origin. The one inline <style> we serve is the report
template's (so the saved HTML report stands alone); report views allow exactly that stylesheet by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
