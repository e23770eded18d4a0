"""JSON in, with the door checks the pages have (lib/bad_input.py, lib/parsing.py): text PostgreSQL cannot store,
and nesting deeper than any of our formats, are refused with a 400."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from duediligence.lib.bad_input import BAD_CHARACTERS
from duediligence.lib.parsing import MAX_DEPTH, TooDeep, depth_within

TOO_DEEP = f"The JSON is nested more than {MAX_DEPTH} levels deep; no field of this API nests that far."


def _has_bad_text(data: Any) -> bool:
    """Whether any key or string in the data holds a character no field can store; with its own stack, so any
    nesting the parser let through is walked without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if BAD_CHARACTERS.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class StrictJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            depth_within(data, MAX_DEPTH)
        except (RecursionError, TooDeep):
            # Python's parser gives up by itself some hundreds of levels down: far past the limit either way.
            raise ParseError(TOO_DEEP) from None
        if _has_bad_text(data):
            raise ParseError("The JSON holds a NUL character or a lone surrogate, which no field can store.")
        return data
