"""Rendering reports: one template, two media. HTML for the browser, PDF through WeasyPrint.

The PDF's metadata (title, author, dates, language) comes from the HTML head; with the dates fixed to the
render time and the fonts and versions pinned, rendering the same content again gives the same bytes.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from duediligence.assessments.models import Assessment
from duediligence.reports import pdf_tags
from duediligence.reports.context import report_context
from duediligence.reports.models import Variant

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from duediligence.reports.services import Signoff

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
# What every report PDF is (docs/reporting-regimes.md says what is validated of it, and by what).
PDF_VARIANT = "pdf/a-3a"


@cache
def report_css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


@cache
def stylesheet_element() -> SafeString:
    """The stylesheet as every report's head carries it, so the HTML stands alone; `html_to_pdf` recognises this
    exact element and gives WeasyPrint the stylesheet already parsed instead."""
    return mark_safe(f"<style>{report_css()}</style>")


def render_html(
    assessment: Assessment,
    kind: str,
    *,
    variant: str = Variant.UNGPRF,
    rendered_at: datetime.datetime | None = None,
    signoff: Signoff | None = None,
    preview_back_url: str = "",
) -> str:
    context = report_context(assessment, kind, variant=variant, rendered_at=rendered_at, signoff=signoff)
    context.update(
        {"stylesheet": stylesheet_element(), "preview_banner": bool(preview_back_url), "back_url": preview_back_url}
    )
    return render_to_string("reports/report.html", context)


STATIC_ROOT_DIR = (Path(settings.BASE_DIR) / "static").resolve()
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# Fonts vendored under static/ that the PDFs embed, beside the system's: Uyghur (Arabic script) in Noto Naskh Arabic,
# which report.css names for text marked as Uyghur (a partner's name in its own script, say).
FONT_FACES = {
    ("Noto Naskh Arabic", "normal"): "vendor/noto-naskh-arabic-2.004/NotoNaskhArabic-Regular.woff2",
    ("Noto Naskh Arabic", "bold"): "vendor/noto-naskh-arabic-2.004/NotoNaskhArabic-Bold.woff2",
}


def font_faces_css() -> str:
    """@font-face rules for the PDF renderer, with file URLs the static-only fetcher serves; the HTML a browser reads
    keeps the system's fonts (a report page loads nothing but itself)."""
    return "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{(STATIC_ROOT_DIR / path).as_uri()}") format("woff2"); }}\n'
        for (family, weight), path in FONT_FACES.items()
    )


def static_file_of(url: str) -> Path | None:
    """The file under static/ a file: URL names, or None.

    The path is read as the renderer's reader reads it (percent-decoded, once), normalised with every link
    followed, and only then checked: "%2e%2e" or a symbolic link cannot lead out of static/, and "%252e" stays the
    literal name it decodes to. The renderer then opens the file this returns, never the URL, so what was checked
    is what is read.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        return None
    decoded = unquote(parts.path)
    if "\x00" in decoded:
        return None
    path = Path(decoded).resolve()
    if not path.is_relative_to(STATIC_ROOT_DIR) or not path.is_file():
        return None
    return path


def _fetcher() -> URLFetcher:
    """A URL fetcher that serves the app's own static files and the data: URLs we write, and nothing else.

    The report's HTML is ours, and every value in it is escaped; this is the second line of defence should
    that ever fail: no http(s) request leaves the renderer, and no file outside static/ is read into a PDF.
    """
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_of(url)
            if path is None:
                raise ValueError(f"reports do not load {url[:80]}")
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


_renderer = threading.local()


def _parsed_stylesheet() -> tuple[CSS, FontConfiguration]:
    """The report stylesheet parsed once per thread, with the font configuration it was parsed for.

    WeasyPrint compiles every selector of a document's stylesheets (with eval) and loads fonts into a new
    Pango font map on each render. The stylesheet and the fonts are the same for every report, so a renderer
    keeps both; a test checks that the PDF is byte for byte the one a fresh render of the same HTML gives.
    Per thread, because Pango font maps are not shared across threads.
    """
    if not hasattr(_renderer, "stylesheet"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        _renderer.font_config = FontConfiguration()
        _renderer.stylesheet = CSS(
            string=font_faces_css() + report_css(), font_config=_renderer.font_config, url_fetcher=_fetcher()
        )
    return _renderer.stylesheet, _renderer.font_config


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which only the render paths need.
    from weasyprint import HTML

    # The HTML carries the stylesheet inline (stylesheet_element); the PDF takes the same stylesheet already
    # parsed instead. A document styled otherwise (none of ours) is rendered as it is.
    stylesheets, font_config = [], None
    if stylesheet_element() in html:
        stylesheet, font_config = _parsed_stylesheet()
        html, stylesheets = html.replace(stylesheet_element(), "", 1), [stylesheet]
    # PDF/A-3a: the archival form (fonts embedded, sRGB output intent, XMP metadata from the HTML head) at its
    # accessible level: tagged, with the structure tree built from the HTML (headings, lists, tables with their
    # headers, figures with their text alternative) and the document's language; passages in another language
    # carry their own (pdf_tags.py). Its identifier is a hash of the content, so bytes stay reproducible.
    pdf_tags.install()
    return HTML(string=html, base_url=str(STATIC_ROOT_DIR) + "/", url_fetcher=_fetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, stylesheets=stylesheets, font_config=font_config
    )


WARM_UP_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title>
{stylesheet}</head><body><h1 id="top">Warm-up</h1><p><strong>Bold</strong>, <em>italic</em> and
<span lang="zh">新疆维吾尔自治区</span>.</p><nav class="toc"><ol><li><a href="#top">Top</a></li></ol></nav>
<table class="data"><caption>Table</caption><thead><tr><th>A</th><th>B</th></tr></thead>
<tbody><tr><td>1</td><td>2</td></tr></tbody></table></body></html>"""


def warm_up() -> float:
    """Prepare a process that will render reports: render a one-page document in the reports' stylesheet and
    fonts, then freeze what the process holds; returns the seconds it took.

    The first render in a process pays for importing WeasyPrint and Pango, reading the font configuration and
    loading the Latin and CJK faces, and, for the report's HTML, for loading the URL configuration, the prose
    data and the report's templates: about 1.5 s, as much as the demo report's own layout. The worker does this
    once when it starts, so no one waiting for a report pays it.
    """
    import time

    from django.template.loader import get_template
    from django.urls import reverse

    from duediligence.reports.prose import statements, ungprf_references

    started = time.perf_counter()
    # The report's contact link is its one reversed URL: the first reverse imports every app's views and builds
    # the resolver's index of names (0.1 s).
    reverse("grievance_public:start", args=["warm-up"])
    report_templates = TEMPLATES_DIR / "reports"
    for template in [report_templates / "report.html", *(report_templates / "document").rglob("*.html")]:
        get_template(str(template.relative_to(TEMPLATES_DIR)))
    statements(), ungprf_references()
    html_to_pdf(WARM_UP_HTML.format(stylesheet=stylesheet_element()))
    # What the process holds now (modules, fonts, templates) lives as long as the worker: out of the garbage
    # collector's sight, no full collection during a render walks it again (0.1 to 0.2 s of a demo render).
    gc.collect()
    gc.freeze()
    return time.perf_counter() - started


def render_pdf(
    assessment: Assessment,
    kind: str,
    *,
    variant: str = Variant.UNGPRF,
    rendered_at: datetime.datetime | None = None,
    signoff: Signoff | None = None,
) -> tuple[bytes, str]:
    """The PDF bytes and the HTML they were made from."""
    html = render_html(assessment, kind, variant=variant, rendered_at=rendered_at, signoff=signoff)
    return html_to_pdf(html), html


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
