"""Text shortened for a line or a table cell: at a word, with an ellipsis, never inside a word (a board reading
"…all dis…" cannot tell what was meant). Also a template library: {% load text %}{{ value|shortened:80 }}."""

from __future__ import annotations

from django import template

register = template.Library()

ELLIPSIS = "…"


def shortened(text: str, limit: int = 90) -> str:
    """`text` on one line, at most `limit` characters plus an ellipsis, cut after a whole word. A single word
    longer than the limit is kept whole: it is better to overrun a cell than to print half a word."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text.split(" ", 1)[0]
    return cut.rstrip(",;:.-–—") + ELLIPSIS


@register.filter(name="shortened")
def shortened_filter(value: object, limit: int = 90) -> str:
    return shortened(str(value or ""), int(limit))
