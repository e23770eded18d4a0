"""Cached parts of pages: `{% fragment key %}...{% endfragment %}`, kept in the "fragments" cache (PostgreSQL,
so every web node shares it).

The key is built by the view from everything the part depends on; for an assessment's pages that is its
content version, which PostgreSQL raises on every change (assessments/content_version.py). When the key is
empty (a page re-shown with errors, a POST) the part is rendered and not cached.

What the part needs is passed to the template lazily (`lazily`), so a cached part costs neither its queries nor
its Python: the view builds the context only when the template renders the part.

A cached part may hold forms: it is cached cut where their CSRF token goes, and served joined with the
request's own token, so no one is ever sent another person's token. The cuts are found when the part is drawn,
with a marker made afresh for that drawing, and nothing is ever searched for in the cached text: text someone
typed into the part (an answer spelling any placeholder) is served exactly as typed.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

CACHE = "fragments"
# How the marker a part is drawn with where a form's CSRF token goes begins; 128 random bits follow, new for each
# drawing, so no text in the part can be it. It never leaves the drawing: the part is cut there.
CSRF_MARKER = "csrf-hole-"


# What the markup is made from: a deploy that changes any of it must never be served parts cached before it.
SOURCES = ("duediligence", "templates", "static", "locale")


@cache
def release() -> str:
    """The release the cached parts belong to: FRAGMENT_CACHE_RELEASE when the deployment names one (a commit
    id), else a digest of the code, templates, static files and translations, read once per process (the same
    on every node running the same files)."""
    if settings.FRAGMENT_CACHE_RELEASE:
        return settings.FRAGMENT_CACHE_RELEASE
    paths: list[Path] = []
    for source in SOURCES:
        for folder, subfolders, files in os.walk(Path(settings.BASE_DIR) / source):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            paths.extend(Path(folder) / name for name in files)
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key_of(name: str, *parts: object, scope: str = "") -> str:
    """A cache key for part `name` that depends on `parts`, the language and the release. `scope` (an
    organisation's) bounds how many parts it may hold in the cache and shields it from others' (lib/pg_cache.py)."""
    text = "|".join(str(part) for part in (release(), get_language(), *parts))
    key = f"fragment:{name}:{hashlib.sha256(text.encode()).hexdigest()}"
    return f"{scope}/{key}" if scope else key


class _Build:
    """One call of a page's `build`, shared by its lazy values; it must give exactly the names the view declared,
    since a name built but not declared would reach the template as nothing, silently."""

    def __init__(self, build: Callable[[], dict[str, Any]], names: tuple[str, ...]) -> None:
        self.build, self.names = build, names
        self.values: dict[str, Any] | None = None

    def get(self, name: str) -> Any:
        if self.values is None:
            values = self.build()
            if set(values) != set(self.names):
                raise ImproperlyConfigured(
                    f"{self.build.__qualname__} built {sorted(values)}, but the view declared {sorted(self.names)}"
                )
            self.values = values
        return self.values[name]


class Lazy:
    """A context value computed when the template first uses it (Django's templates call callables)."""

    def __init__(self, shared: _Build, name: str) -> None:
        self.shared, self.name = shared, name

    def __call__(self) -> Any:
        return self.shared.get(self.name)


def lazily(build: Callable[[], dict[str, Any]], *names: str) -> dict[str, Lazy]:
    """Context entries `names`, all computed by one call of `build` the first time any of them is used."""
    shared = _Build(build, names)
    return {name: Lazy(shared, name) for name in names}


def _drawn(nodelist: template.NodeList, context: template.Context) -> tuple[str, ...]:
    """The part's HTML, cut wherever a form's CSRF token goes."""
    marker = CSRF_MARKER + secrets.token_hex(16)
    with context.push(csrf_token=marker):
        html = str(nodelist.render(context))
    return tuple(html.split(marker))


def _filled(pieces: tuple[str, ...], context: template.Context) -> SafeString:
    token = context.get("csrf_token")
    return mark_safe((str(token) if token else "").join(pieces))


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression) -> None:
        self.nodelist, self.key = nodelist, key

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        cache = caches[CACHE]
        pieces = cache.get(key)
        if not isinstance(pieces, tuple):
            pieces = _drawn(self.nodelist, context)
            cache.set(key, pieces)
        return _filled(pieces, context)


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    """{% fragment key %}...{% endfragment %}: the part between, cached under `key` (not cached when empty)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one argument: the key the view built")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
