"""Rendering reports: one template, two media. HTML for the browser, PDF through WeasyPrint.

The PDF's metadata (title, author, dates, language) comes from the HTML head; with the dates fixed to the
render time and the fonts and versions pinned, rendering the same content again gives the same bytes.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from duediligence.assessments.models import Assessment
from duediligence.reports.context import report_context

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"


@cache
def report_css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def render_html(assessment: Assessment, kind: str, *, rendered_at=None, signoff=None, preview_back_url="") -> str:
    context = report_context(assessment, kind, rendered_at=rendered_at, signoff=signoff)
    context.update({"report_css": report_css(), "preview_banner": bool(preview_back_url), "back_url": preview_back_url})
    return render_to_string("reports/report.html", context)


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which only the render paths need.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(assessment: Assessment, kind: str, *, rendered_at=None, signoff=None) -> tuple[bytes, str]:
    """The PDF bytes and the HTML they were made from."""
    html = render_html(assessment, kind, rendered_at=rendered_at, signoff=signoff)
    return html_to_pdf(html), html


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
