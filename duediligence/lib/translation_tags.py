"""`{% load translated %}`: model content in the page's language, with the language it is actually in.

    {% wording invitation.questionnaire "title" as title %}<h1 lang="{{ title.language.tag }}">{{ title }}</h1>

The page's language is the one its view runs in (translation.override); a text without a translation in it comes in
the content's language, and the `lang` and `dir` the template gives it from `.language` say so to browsers and
screen readers. `{{ text|written_in }}` does the same for what people typed: the language its letters tell.
"""

from __future__ import annotations

from django import template
from django.utils import translation

from duediligence.lib.scripts import Written, written_in
from duediligence.lib.translations import Translatable, Wording, wording

register = template.Library()


@register.simple_tag(name="wording")
def translated_wording(item: Translatable, field: str) -> Wording:
    return wording(item, field, translation.get_language() or "")


@register.filter(name="written_in")
def written_in_filter(text: str) -> Written | None:
    return written_in(text or "")
