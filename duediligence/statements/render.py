"""An annual statement as HTML and PDF: the reports' stylesheet, fonts and tagged PDF/A (reports/render.py), with
each regime's own title and subject in the PDF's metadata."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from duediligence.reports.render import html_to_pdf, stylesheet_element
from duediligence.reports.services import Signoff
from duediligence.statements.compose import statement_chapters
from duediligence.statements.models import Regime, Statement

TITLES = {
    Regime.UK_MSA: "Modern slavery and human trafficking statement",
    Regime.NORWAY: "Account of due diligence under the Transparency Act",
}
SUBJECTS = {
    Regime.UK_MSA: "Annual statement for a financial year under section 54 of the UK Modern Slavery Act 2015, in "
    "the areas of section 54(5), covering the whole business and its supply chains",
    Regime.NORWAY: "Annual account for a financial year of the due diligence section 5 of the Norwegian "
    "Transparency Act requires, with decent working conditions and the requests of sections 6 and 7",
}


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    html: str


def render_statement_html(
    statement: Statement,
    regime: str,
    *,
    rendered_at: datetime.datetime | None = None,
    signoff: Signoff | None = None,
    preview_back_url: str = "",
) -> str:
    rendered_at = rendered_at or timezone.now()
    published_on = timezone.localdate(rendered_at) if signoff is not None else None
    context = {
        "statement": statement,
        "organisation": statement.organisation,
        "regime": regime,
        "title": TITLES[Regime(regime)],
        "description": SUBJECTS[Regime(regime)],
        "chapters": statement_chapters(statement, regime, published_on),
        "signoff": signoff,
        "rendered_at": rendered_at,
        "stylesheet": stylesheet_element(),
        "preview_banner": bool(preview_back_url),
        "back_url": preview_back_url,
    }
    return render_to_string("statements/statement.html", context)


def render_statement_pdf(
    statement: Statement, regime: str, *, rendered_at: datetime.datetime | None = None, signoff: Signoff | None = None
) -> Rendered:
    html = render_statement_html(statement, regime, rendered_at=rendered_at, signoff=signoff)
    return Rendered(html_to_pdf(html), html)
