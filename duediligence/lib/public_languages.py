"""The languages of the pages people outside the company use, per kind of page.

`settings.PUBLIC_LANGUAGES` lists them, the language the content is written in first; everything else follows from
it: the language part of those pages' URLs (one converter per kind, so a language added to one kind never opens
on the other), the language switches, the html element's `lang` and `dir`, Django's LANGUAGES, the catalogues
`make messages` keeps and the tests that check them. docs/languages.md says how to add one. Code loops over these
lists and never names a language: a branch on "zh-hans" is a bug waiting for the third language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


class PageKind(StrEnum):
    GRIEVANCE = "grievance"  # /g/<organisation>/<language>/: intake, received, follow-up, the case
    RESPONDENT = "respondent"  # /p/<token>/<language>/: a partner answering a questionnaire


@dataclass(frozen=True)
class PublicLanguage:
    code: str  # Django's code, as in URLs and catalogues' settings: "zh-hans"
    tag: str  # BCP 47, for lang and hreflang attributes: "zh-Hans"
    name: str  # the language's name in itself: "简体中文"
    english_name: str  # for the company's own pages, which are English: "Simplified Chinese"
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> str:
        """The catalogue's folder under locale/: "zh_Hans"."""
        return translation.to_locale(self.code)

    @property
    def primary(self) -> str:
        """The language without script or region: "zh" for "zh-hans"."""
        return self.code.split("-")[0]


@cache
def public_language(code: str) -> PublicLanguage:
    info = translation.get_language_info(code)
    return PublicLanguage(
        code=code,
        tag=translation.to_locale(code).replace("_", "-"),
        name=info["name_local"],
        english_name=info["name"],
        rtl=info["bidi"],
    )


def languages(kind: PageKind) -> list[PublicLanguage]:
    return [public_language(code) for code in settings.PUBLIC_LANGUAGES[kind]]


def content_language() -> PublicLanguage:
    """The language questionnaires and the mechanism's texts are written in; the others are their translations."""
    return public_language(settings.CONTENT_LANGUAGE)


def translation_language(code: str) -> PublicLanguage | None:
    """The language `code` names when it is not the content's (a page a person used in Chinese, say), else None:
    for the company's English pages, which say "in Simplified Chinese" only then."""
    try:
        found = public_language(code)
    except KeyError:
        return None
    return None if found.code == settings.CONTENT_LANGUAGE else found


def translated_languages(kind: PageKind | None = None) -> list[PublicLanguage]:
    """The languages that need translations (catalogue entries, translated content): of one kind, or of all."""
    kinds = [kind] if kind else list(PageKind)
    codes = dict.fromkeys(code for each in kinds for code in settings.PUBLIC_LANGUAGES[each])
    return [public_language(code) for code in codes if code != settings.CONTENT_LANGUAGE]


def others(kind: PageKind, code: str) -> list[PublicLanguage]:
    """The kind's languages but the page's own: the language switch."""
    return [each for each in languages(kind) if each.code != code]


def preferred(kind: PageKind, accept_language: str, offered: list[str] | None = None) -> str:
    """The first of the kind's languages (or of `offered` among them) that the browser's Accept-Language header
    asks for: exactly (zh-hans), or by the language alone (zh-CN, zh-TW and zh read Simplified Chinese when that
    is what we have); the content's language when none is asked for."""
    available = [each for each in languages(kind) if offered is None or each.code in offered]
    for asked, _quality in parse_accept_lang_header(accept_language or ""):
        asked = asked.lower()
        for each in available:
            if asked == each.code or asked.split("-")[0] == each.primary:
                return each.code
    return available[0].code if available else settings.CONTENT_LANGUAGE


class LanguageConverter:
    """The language part of a public page's URL: only the kind's own languages match."""

    kind: PageKind
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def converter(kind: PageKind) -> type[LanguageConverter]:
    pattern = "|".join(re.escape(each.code) for each in languages(kind))
    return type(f"{kind.title()}LanguageConverter", (LanguageConverter,), {"kind": kind, "regex": pattern})


def problems() -> list[str]:
    """What is wrong with the setting: a kind without languages, a code Django does not know, a list that does not
    start with the content's language, or a language without its compiled catalogue."""
    found = []
    for kind in PageKind:
        codes = settings.PUBLIC_LANGUAGES.get(kind) or []
        if not codes or codes[0] != settings.CONTENT_LANGUAGE:
            found.append(f"PUBLIC_LANGUAGES[{str(kind)!r}]: must list languages, {settings.CONTENT_LANGUAGE!r} first")
        for code in codes:
            try:
                translation.get_language_info(code)
            except KeyError:
                found.append(f"PUBLIC_LANGUAGES[{str(kind)!r}]: {code!r} is not a language code Django knows")
    if found:
        return found
    for each in translated_languages():
        compiled = catalogue_path(each).with_suffix(".mo")
        if not compiled.exists():
            found.append(f"{each.code}: no compiled catalogue at {compiled} (run `make messages`)")
    return found


def catalogue_path(each: PublicLanguage) -> Path:
    """locale/<locale>/LC_MESSAGES/django.po, the catalogue of one language."""
    return Path(settings.LOCALE_PATHS[0]) / each.locale / "LC_MESSAGES" / "django.po"
