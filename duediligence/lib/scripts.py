"""Which language a text is written in, as far as its letters tell.

A person may write to the grievance mechanism in any language on any page (a Uyghur speaker on the Chinese page,
Chinese on the English one), so the officer's page says what the text itself is written in, and marks it with its
`lang` and `dir` so it is read and shown right. The letters decide: Arabic-script text with the letters only Uyghur
uses (ە ې ۆ ۈ ۋ ڭ) is Uyghur; Chinese characters are simplified or traditional by what OpenCC changes; Latin text
is English when enough of its words are English's commonest; anything else is named by its script only. Nothing is
stored: the reading is made from the text each time it is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

# Letters by script; a text's script is the one most of its letters belong to.
SCRIPT_LETTERS = {
    "Arab": re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"),
    "Hani": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "Latn": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "Cyrl": re.compile(r"[\u0400-\u04ff]"),
    "Tibt": re.compile(r"[\u0f00-\u0fff]"),
    "Mong": re.compile(r"[\u1800-\u18af]"),
}
SCRIPT_NAMES = {
    "Arab": "Arabic script",
    "Hani": "Chinese characters",
    "Latn": "Latin script",
    "Cyrl": "Cyrillic script",
    "Tibt": "Tibetan script",
    "Mong": "Mongolian script",
}
RIGHT_TO_LEFT = {"Arab"}
# The script each language of the public pages is written in, by its code without region or script.
LANGUAGE_SCRIPTS = {"en": "Latn", "zh": "Hani", "ug": "Arab"}
# Letters of the Uyghur alphabet that Arabic and Persian do not use: one of them makes Arabic-script text Uyghur.
UYGHUR_LETTERS = re.compile(r"[\u06d5\u06d0\u06c6\u06c8\u06cb\u06ad]")
# The commonest words of the languages written in Latin letters that the public pages speak.
LATIN_COMMON_WORDS = {
    "en": ("English", frozenset(re.findall(r"\w+", """
        the and of to a in is was were my our we they he she it not are i that with for on at by from have has had
        been this there their them his her who what when where me us
    """))),
}  # fmt: skip


@dataclass(frozen=True)
class Written:
    """What a text is written in: a BCP 47 tag for its lang attribute, a name for people, and its direction."""

    tag: str
    name: str
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def script_of(text: str) -> str | None:
    """The script most of the text's letters belong to (ISO 15924 code), or None when it has no letters."""
    counts = {script: len(pattern.findall(text)) for script, pattern in SCRIPT_LETTERS.items()}
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else None


def has_letters_of(text: str, script: str) -> bool:
    return bool(SCRIPT_LETTERS[script].search(text))


def written_in(text: str) -> Written | None:
    """What `text` is written in, or None when it has no letters to tell (a number, a code)."""
    script = script_of(text)
    if script is None:
        return None
    rtl = script in RIGHT_TO_LEFT
    if script == "Arab" and UYGHUR_LETTERS.search(text):
        return Written("ug", "Uyghur (Arabic script)", rtl)
    if script == "Hani":
        return _chinese(text)
    if script == "Latn":
        words = re.findall(r"[a-z]+", text.lower())
        for code, (name, common) in LATIN_COMMON_WORDS.items():
            hits = sum(word in common for word in words)
            if hits >= 2 and hits * 5 >= len(words):
                return Written(code, name, rtl)
    return Written(f"und-{script}", SCRIPT_NAMES[script], rtl)


def _chinese(text: str) -> Written:
    simplified, traditional = _converters()
    characters = "".join(SCRIPT_LETTERS["Hani"].findall(text))
    if simplified.convert(characters) != characters and traditional.convert(characters) == characters:
        return Written("zh-Hant", "Chinese (traditional characters)", False)
    return Written("zh-Hans", "Chinese (simplified characters)", False)


@cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
