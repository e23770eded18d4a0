"""Two things WeasyPrint's tagging (pinned in requirements.txt) leaves out, added to it once per process.

WeasyPrint tags the PDF from the HTML: headings, paragraphs, lists, tables with their headers, figures with
their text alternative, and the document's language from `<html lang>`. Two gaps remain:

- an element's own `lang` is not carried into its tag, so a partner's name in Chinese inside an English report
  would be read aloud as English: every structure element made for an element with a `lang` gets it as `/Lang`;
- the running head and the page numbers (page margin boxes) are marked content that no structure element of the
  tree claims (WeasyPrint builds their elements and leaves them out of the tree): they are turned into
  pagination artifacts, which is what PDF/UA asks of running heads, so readers skip them and every marked
  sequence left is claimed by the tree.

`install` wraps WeasyPrint's tag builder; tests read the structure tree back (tests/reports/test_accessible_pdf.py)
and fail if a WeasyPrint upgrade changes what the wrappers rely on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Elements whose language is the document's (set on the catalogue already), not a passage's.
_DOCUMENT_ELEMENTS = ("html", "body")
_installed = False
# The page streams of the document being tagged, so a margin box's marked content can be found and rewritten.
_streams: list[Any] = []


def _boxes_under(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes_under(child)


def _as_artifacts(page: Any, tags: dict, claimed: dict) -> list[Any]:
    """Mark the content of a page's margin boxes as pagination artifacts and return those boxes; nothing changes
    (an empty list) unless their marked sequences are the page's last, so the page's list of claimed ids stays
    indexed by id."""
    import pydyf
    from weasyprint.formatting_structure import boxes

    margins = [child for child in page.children if isinstance(child, boxes.MarginBox)]
    stream = next((stream for stream in _streams if stream._tags is tags), None)
    inside = [box for margin in margins for box in _boxes_under(margin) if box in tags]
    ids = {tags[box]["mcid"] for box in inside}
    others = set(claimed) | {tag["mcid"] for box, tag in tags.items() if box not in inside}
    if stream is None or not margins or (ids and others and min(ids) < max(others)):
        return []
    for box in inside:
        del tags[box]
    items = stream.stream
    for index, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in ids and index and items[index + 1] == b"BDC":
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": "/Pagination"})
    return margins


def install() -> None:
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint import pdf as weasyprint_pdf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    add_tags = weasyprint_pdf.add_tags

    handled: set[int] = set()

    def build_with_language(box: Any, parent: Any, pdf: Any, page: int, nums: dict, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.PageBox):
            handled.update(id(margin) for margin in _as_artifacts(box, args[-1], nums))
        elif id(box) in handled:
            handled.discard(id(box))
            return
        element = getattr(box, "element", None)
        language = None
        if element is not None and getattr(box, "element_tag", None) not in _DOCUMENT_ELEMENTS:
            language = element.attrib.get("lang")
        for structure in build(box, parent, pdf, page, nums, *args):
            if language and "Lang" not in structure:
                structure["Lang"] = pydyf.String(language)
            yield structure

    def add_tags_knowing_streams(pdf: Any, document: Any, version: Any, page_streams: list) -> None:
        _streams[:] = page_streams
        try:
            add_tags(pdf, document, version, page_streams)
        finally:
            _streams.clear()

    # The builder calls itself through the module's name, so children pass through the wrapper too; the PDF
    # writer calls add_tags through the name it imported.
    tags._build_box_tree = build_with_language
    weasyprint_pdf.add_tags = add_tags_knowing_streams
    _installed = True
