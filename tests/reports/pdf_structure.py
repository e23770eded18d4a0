"""Reading a PDF's tags back with pikepdf: what an assistive reader or a PDF/UA checker would look at."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

import pikepdf

# Operators that put something on the page: text, images and forms, and painted paths.
MARKS = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}


@dataclass
class Structure:
    language: str
    marked: bool
    tags: Counter = field(default_factory=Counter)
    # (tag, /Alt) of every figure.
    figures: list[tuple[str, str]] = field(default_factory=list)
    # The languages structure elements carry, with the tags carrying them.
    languages: Counter = field(default_factory=Counter)
    # Page number -> content operators drawn outside any tagged (MCID) or artifact sequence.
    untagged: dict[int, list[str]] = field(default_factory=dict)
    # Page number -> marked-content ids in its content that no structure element claims.
    unclaimed: dict[int, list[int]] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)


def _walk(node: object, found: Structure, claimed: set[tuple[int, int]], page_of: dict) -> None:
    if isinstance(node, pikepdf.Array):
        for child in node:
            _walk(child, found, claimed, page_of)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    tag = str(node.get("/S", ""))
    if tag:
        found.tags[tag] += 1
        if node.get("/Lang") is not None:
            found.languages[(str(node.get("/Lang")), tag)] += 1
        if tag == "/Figure":
            found.figures.append((tag, str(node.get("/Alt", ""))))
    kids = node.get("/K")
    page = node.get("/Pg")
    if isinstance(kids, int) and page is not None:
        claimed.add((page_of[page.objgen], int(kids)))
    elif isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, int) and page is not None:
                claimed.add((page_of[page.objgen], int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                claimed.add((page_of[kid.get("/Pg", page).objgen], int(kid["/MCID"])))
            else:
                _walk(kid, found, claimed, page_of)
    elif kids is not None:
        _walk(kids, found, claimed, page_of)


def structure_of(data: bytes) -> Structure:
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    found = Structure(
        language=str(root.get("/Lang", "")),
        marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
    )
    page_of = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    claimed: set[tuple[int, int]] = set()
    tree = root.get("/StructTreeRoot")
    if tree is not None:
        _walk(tree.get("/K"), found, claimed, page_of)
    for number, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        drawn_outside, ids = [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                tag = str(operands[0])
                mcid = None
                if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1]["/MCID"])
                    ids.append(mcid)
                stack.append((tag, mcid))
            elif name == "EMC":
                stack.pop()
            elif name in MARKS and not any(mcid is not None or tag == "/Artifact" for tag, mcid in stack):
                drawn_outside.append(name)
        if drawn_outside:
            found.untagged[number + 1] = drawn_outside
        missing = [mcid for mcid in ids if (number, mcid) not in claimed]
        if missing:
            found.unclaimed[number + 1] = missing
    with pdf.open_metadata() as xmp:
        found.metadata = {key.split("}")[-1]: str(value) for key, value in xmp.items()}
    return found
