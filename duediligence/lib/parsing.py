"""Bounds on what is parsed from outside: how deep it nests and how large a file is, in one place.

Every reader of ours (the API's JSON, an export file, a questionnaire's YAML, a screening list's XML) used to
follow nesting as deep as the input went: Python's parsers and our own walks over what they return recurse, and a
file or body a few hundred levels deep ended in a RecursionError, a 500 or a traceback on the command line. No
format we read nests more than a dozen levels, so anything deeper than MAX_DEPTH is refused with one line, as is
a file larger than INPUT_FILE_MAX_BYTES, before a byte of it is read. The walks here keep their own stack, so
they never recurse whatever they are given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

# Containers within containers: the deepest of our own formats (an export's answer values) is under ten.
MAX_DEPTH = 64


class InputRefused(ValueError):
    """The input is not read: its one-line message says why."""


class TooDeep(InputRefused):
    def __init__(self, limit: int = MAX_DEPTH) -> None:
        super().__init__(f"nested more than {limit} levels deep")


class TooLarge(InputRefused):
    pass


def json_children(item: Any) -> Iterable[Any] | None:
    """What a JSON value holds, or None for a value that holds nothing (not even when empty)."""
    if isinstance(item, dict):
        return item.values()
    if isinstance(item, list):
        return item
    return None


def depth_within(
    data: Any, limit: int = MAX_DEPTH, children: Callable[[Any], Iterable[Any] | None] = json_children
) -> None:
    """TooDeep when `data` nests more than `limit` levels: each list or mapping (an XML element, with
    `children=list`) is a level, empty or not."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        inner = children(item)
        if inner is None:
            continue
        if depth > limit:
            raise TooDeep(limit)
        stack.extend((child, depth + 1) for child in inner)


def json_loads(text: str | bytes, limit: int = MAX_DEPTH) -> Any:
    """json.loads, refusing nesting past `limit` (ValueError for text that is not JSON, as json's own)."""
    try:
        data = json.loads(text)
    except RecursionError:
        # Python's parser gives up by itself some hundreds of levels down: far past the limit.
        raise TooDeep(limit) from None
    depth_within(data, limit)
    return data


def yaml_depth_within(text: str, limit: int = MAX_DEPTH) -> None:
    """TooDeep when the YAML document nests past `limit`, found from its events (the parser does not recurse,
    unlike the loader that builds objects from them), before anything is built."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limit:
                raise TooDeep(limit)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def version_number(raw: object) -> int | None:
    """A version or id as sent in a form field or a header: 1 to 18 ASCII digits (it fits a bigint), else None.
    int() of thousands of digits raises, and of other scripts' digits reads a number nobody typed."""
    text = str(raw)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def size_within(path: Path, limit: int | None = None) -> None:
    """TooLarge when the file is larger than `limit` (INPUT_FILE_MAX_BYTES unless given): checked on its size,
    before it is read. What is not a file (missing, a folder) is left to the reader, which says so in its words."""
    limit = settings.INPUT_FILE_MAX_BYTES if limit is None else limit
    try:
        if not path.is_file():
            return
        size = path.stat().st_size
    except OSError:
        return
    if size > limit:
        raise TooLarge(
            f"{size:,} bytes, larger than the {limit:,} this reads (INPUT_FILE_MAX_BYTES); split the file, or raise it"
        )
