"""What a browser would send for the section form on a page: every named field with its current value."""

from __future__ import annotations

from html.parser import HTMLParser


class _SectionForm(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.in_form = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag == "form" and attr.get("method", "").lower() == "post" and "enctype" in attr:
            self.in_form = True  # the section form is the one that can carry evidence files
        if not self.in_form:
            return
        name = attr.get("name")
        if tag == "input" and name and attr.get("type") not in ("file", "submit"):
            if attr.get("type") in ("radio", "checkbox") and "checked" not in attr:
                return
            self.fields.setdefault(name, []).append(attr.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields.setdefault(name, []).append("")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attr:
            self.fields.setdefault(self.select, []).append(attr.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def section_form_fields(html: str) -> dict[str, list[str]]:
    parser = _SectionForm()
    parser.feed(html)
    return parser.fields
