"""Every language of the public pages has a complete catalogue for the pages settings.PUBLIC_LANGUAGES lists it for,
compiled as written, with the placeholders of its source and the punctuation of its script; and no template or
module branches on a language code."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from duediligence.lib.public_languages import PageKind, catalogue_path, languages, translated_languages

ROOT = Path(__file__).resolve().parents[2]
# The code and templates whose strings each kind of page shows (what a person outside the company reads).
PAGE_SOURCES = {
    PageKind.GRIEVANCE: (
        "templates/grievances/public/",
        "duediligence/grievances/forms.py",
        "duediligence/grievances/models.py",
        "duediligence/grievances/public_views.py",
        "duediligence/grievances/services.py",
        "duediligence/assessments/evidence.py",
    ),
    PageKind.RESPONDENT: (
        "templates/respondents/public/",
        "templates/respondents/emails/",
        "templates/grievances/public/errors.html",
        "templates/grievances/public/field.html",
        "duediligence/respondents/forms.py",
        "duediligence/respondents/public_views.py",
        "duediligence/respondents/services.py",
        "duediligence/assessments/evidence.py",
    ),
}
# Punctuation a translation must not use beside the letters of its script: Chinese takes full-width marks, Uyghur
# the Arabic comma, semicolon and question mark (its full stop and colon are the Latin ones).
FOREIGN_PUNCTUATION = {
    "zh": (r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]", r"""[,:;?!()"']"""),
    "ug": (r"[\u0620-\u06ff]", r"[,;?]"),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgid: str
    plural: str
    msgstrs: list[str]
    fuzzy: bool
    sources: list[str]


def _joined(block: str, key: str) -> str | None:
    match = re.search(rf"^{key} ((?:\".*\"\n?)+)", block + "\n", re.M)
    return "".join(ast.literal_eval(line) for line in match.group(1).split("\n") if line) if match else None


def entries(path: Path) -> list[Entry]:
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid = _joined(block, "msgid")
        if not msgid:
            continue
        plural = _joined(block, "msgid_plural") or ""
        msgstrs = (
            [_joined(block, rf"msgstr\[{n}\]") or "" for n in range(len(re.findall(r"^msgstr\[", block, re.M)))]
            if plural
            else [_joined(block, "msgstr") or ""]
        )
        sources = [
            ref.rsplit(":", 1)[0] for line in block.split("\n") if line.startswith("#: ") for ref in line[3:].split()
        ]
        flags = " ".join(line for line in block.split("\n") if line.startswith("#,"))
        found.append(Entry(msgid, plural, msgstrs, "fuzzy" in flags, sources))
    return found


def shown_on(entry: Entry, kind: PageKind) -> bool:
    return any(source.startswith(PAGE_SOURCES[kind]) for source in entry.sources)


@pytest.mark.parametrize("language", translated_languages(), ids=lambda each: each.code)
def test_every_string_of_the_pages_a_language_is_listed_for_is_translated(language):
    kinds = [kind for kind in PageKind if language in languages(kind)]
    catalogue = entries(catalogue_path(language))
    needed = [entry for entry in catalogue if any(shown_on(entry, kind) for kind in kinds)]
    assert len(needed) > 50, "the catalogue holds too few of the pages' strings: run `make messages`"
    untranslated = [entry.msgid for entry in needed if not all(entry.msgstrs) or entry.fuzzy]
    assert untranslated == []


@pytest.mark.parametrize("language", translated_languages(), ids=lambda each: each.code)
def test_the_compiled_catalogue_says_what_its_source_says(language):
    with catalogue_path(language).with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry.msgid
        for entry in entries(catalogue_path(language))
        if entry.msgstrs[0]
        and not entry.fuzzy
        and not entry.plural
        and compiled.gettext(entry.msgid) != entry.msgstrs[0]
    ]
    assert stale == [], "run `make messages` to compile the catalogue again"


@pytest.mark.parametrize("language", translated_languages(), ids=lambda each: each.code)
def test_translations_keep_their_placeholders_and_the_punctuation_of_their_script(language):
    letters, foreign = FOREIGN_PUNCTUATION.get(language.primary, (None, None))
    problems = []
    for entry in entries(catalogue_path(language)):
        for msgstr in filter(None, entry.msgstrs):
            if set(PLACEHOLDER.findall(msgstr)) != set(PLACEHOLDER.findall(entry.msgid)):
                problems.append(f"placeholders differ: {entry.msgid!r} → {msgstr!r}")
            if letters and re.search(f"{letters}{foreign}|{foreign}{letters}", msgstr):
                problems.append(f"punctuation of another script: {msgstr!r}")
    assert problems == []


TEMPLATE_BRANCH = re.compile(r"""(\w*lang\w*|LANGUAGE_CODE)[\w.]*\s*(==|!=)\s*["']|["']\s*(==|!=)\s*\w*lang""", re.I)
PYTHON_BRANCH = re.compile(
    r"""(==|!=)\s*["'](en|zh|zh-hans|zh-hant|zh_hans|ug|ar|ru)["']|["'](en|zh|zh-hans|ug)["']\s*(==|!=)|"""
    r"""startswith\(\s*["'](en|zh|ug)["']\s*\)"""
)


def test_no_template_compares_the_language_to_a_literal():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in sorted((ROOT / "templates").rglob("*.*"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if TEMPLATE_BRANCH.search(line)
    ]
    assert found == [], "loop over the public languages instead (duediligence/lib/public_languages.py)"


def test_no_module_branches_on_a_language_code():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in sorted((ROOT / "duediligence").rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PYTHON_BRANCH.search(line)
    ]
    assert found == []


def test_the_checks_catch_a_branch_they_are_meant_to():
    assert TEMPLATE_BRANCH.search("""{% if language == "zh-hans" %}""")
    assert TEMPLATE_BRANCH.search("""{% if invitation.language == 'en' %}""")
    assert TEMPLATE_BRANCH.search("""{% if "ug" == page_language.code %}""")
    assert not TEMPLATE_BRANCH.search("""{% for other in other_languages %}""")
    assert PYTHON_BRANCH.search("""language = "zh-hans" if preferred.lower().startswith("zh") else "en\"""")
    assert PYTHON_BRANCH.search("""if code == "ug":""")
