"""No template syntax reaches a reader: every report kind and variant of an assessment with a row in every owned
table, as HTML and as PDF text (a multi-line {# #} comment once printed itself under "Step 3")."""

import re

import pytest

from duediligence.reports.models import Kind, Variant
from duediligence.reports.render import render_html, render_pdf
from tests.reports.conftest import pdf_text

TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{")


def leaked(html: str) -> list[str]:
    """Template syntax in what a reader gets (the inline stylesheet and scripts are not text)."""
    text = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return [text[max(0, m.start() - 60) : m.end() + 60] for m in TEMPLATE_SYNTAX.finditer(text)]


@pytest.mark.parametrize(
    ("kind", "variant"),
    [(Kind.INTERNAL, Variant.UNGPRF)] + [(Kind.PUBLIC, variant) for variant in Variant.values],
)
def test_no_report_prints_template_syntax(everything, kind, variant):
    html = render_html(everything, kind, variant=variant)
    assert "Step 3: partner disclosure" in html
    assert leaked(html) == []
    pdf, _ = render_pdf(everything, kind, variant=variant)
    assert TEMPLATE_SYNTAX.search(pdf_text(pdf)) is None
