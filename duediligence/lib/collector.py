"""Pausing Python's cycle collector around work that makes many short-lived objects and no cycles.

Screening keeps hundreds of thousands of parsed names in its caches (partners/names.py key_for). Every few
thousand allocations the cycle collector walks its younger generations, and every so often all of them, caches
included: in a list import with 110,000 partners that walking took over a third of the time
(bench/partners_import.py). The objects screening makes are tuples, strings and frozen dataclasses that never
refer back to each other, so nothing is left for the collector while it is paused; reference counting still frees
everything at once. Whatever cycles other code makes meanwhile are collected after the pause.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block, and back as it was after it (nested blocks leave it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_cycle_collection(function: Callable[P, R]) -> Callable[P, R]:
    """`collector_paused` around every call of `function`."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return function(*args, **kwargs)

    return paused
