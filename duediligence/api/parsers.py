"""JSON in, with the door check the pages have (lib/bad_input.py): text PostgreSQL cannot store is refused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from duediligence.lib.bad_input import BAD_CHARACTERS


def _has_bad_text(data: Any) -> bool:
    if isinstance(data, str):
        return BAD_CHARACTERS.search(data) is not None
    if isinstance(data, dict):
        return any(_has_bad_text(key) or _has_bad_text(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_has_bad_text(item) for item in data)
    return False


class StrictJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if _has_bad_text(data):
            raise ParseError("The JSON holds a NUL character or a lone surrogate, which no field can store.")
        return data
