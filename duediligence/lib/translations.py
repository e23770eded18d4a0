"""Model content in the public pages' languages: one `translations` JSON per row, keyed by language, then by field.

    {"zh-hans": {"title": "供应商问卷", "intro": "…"}, "ug": {"title": "…"}}

The row's own fields hold the wording in the content's language (settings.CONTENT_LANGUAGE); where a language or
one of its fields has no translation, the page shows the content's wording, marked with its own language. One
structure for the questionnaires (loaded from YAML, never changed) and for the grievance mechanism's texts (edited
by officers), so a new language adds keys, never columns. A question's choice labels sit under "choices", by value:
{"zh-hans": {"label": "…", "choices": {"yes": "是"}}}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from duediligence.lib.public_languages import PublicLanguage, content_language, public_language

CHOICES = "choices"


class Translatable(Protocol):
    translations: Any


@dataclass(frozen=True)
class Wording:
    """A text with the language it is in: the one asked for, or the content's where there is no translation."""

    text: str
    language: PublicLanguage

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def _of(item: Translatable, code: str) -> dict[str, Any]:
    found = (item.translations or {}).get(code)
    return found if isinstance(found, dict) else {}


def wording(item: Translatable, field: str, code: str) -> Wording:
    """`field` of `item` in language `code`, or in the content's language where it has no translation."""
    text = _of(item, code).get(field)
    if isinstance(text, str) and text.strip():
        return Wording(text, public_language(code))
    return Wording(getattr(item, field) or "", content_language())


def translated(item: Translatable, field: str, code: str) -> str:
    return wording(item, field, code).text


def translated_only(item: Translatable, field: str, code: str) -> str:
    """The translation alone ("" where there is none), for the form that edits it."""
    text = _of(item, code).get(field)
    return text if isinstance(text, str) else ""


def choice_labels(item: Translatable, own: dict[str, str], code: str) -> dict[str, str]:
    """Choice labels by value in language `code`, each falling back to its own label."""
    labels = _of(item, code).get(CHOICES)
    labels = labels if isinstance(labels, dict) else {}
    return {value: labels.get(value) or label for value, label in own.items()}


def languages_of(item: Translatable) -> list[str]:
    """The codes `item` has translations in."""
    return [code for code, fields in (item.translations or {}).items() if isinstance(fields, dict) and fields]


def with_translation(translations: dict[str, Any] | None, code: str, field: str, text: str) -> dict[str, Any]:
    """A copy of `translations` with one field set in one language (an empty text removes it)."""
    result = {key: dict(value) for key, value in (translations or {}).items() if isinstance(value, dict)}
    fields = result.setdefault(code, {})
    if text.strip():
        fields[field] = text
    else:
        fields.pop(field, None)
    return {key: value for key, value in result.items() if value}
