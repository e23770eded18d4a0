"""The API's browsable documentation: Swagger UI, vendored under static/ and started by a script file of ours,
so the page runs under the site's Content Security Policy (no CDN, no inline script)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def swagger_ui(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")
