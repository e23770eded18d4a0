"""What a file is, read from its bytes (never its name): for checking uploads and for serving them back."""

from __future__ import annotations

import filetype

# Enough of the start of a file for every format we accept to show its signature.
SNIFF_BYTES = 8192


def detect_content_type(head: bytes) -> str | None:
    """The content type the first SNIFF_BYTES show, or None for bytes that are neither a known format nor text."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    # Text has no magic number: accept it when it decodes as UTF-8 and holds no NUL bytes. A cut at the sniff
    # boundary may split a character, so allow an incomplete sequence at the very end.
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return None
    return "text/plain"
