"""The language tag of a passage written in another script than the report's, so readers and PDF tags say it."""

from __future__ import annotations

import unicodedata

from django import template

register = template.Library()

# The first word of a letter's Unicode name, and the language its passages are marked with. In this app a name
# in Han characters is Chinese (written in simplified characters, as the app's Chinese pages are) and a name in
# Arabic letters is Uyghur; a passage in Latin letters is in the report's own language.
SCRIPT_LANGUAGES = {"CJK": "zh-Hans", "ARABIC": "ug"}


@register.filter
def passage_lang(text: str) -> str:
    """The language tag of the first letter in a script listed above, or "" (the document's language)."""
    for character in str(text or ""):
        if character.isalpha():
            script = unicodedata.name(character, "").split(" ")[0]
            if script in SCRIPT_LANGUAGES:
                return SCRIPT_LANGUAGES[script]
    return ""
