"""docs/glossary.md is what the translations use: each term its table says a catalogue entry or a questionnaire uses
is there (and is the term of the glossary entry named), and no wording the review rejected is anywhere current."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from duediligence.lib.public_languages import catalogue_path, public_language
from duediligence.questionnaires.loader import (
    DEFINITIONS_DIR,
    SUPPLIER_DEFINITION,
    TECHNOLOGY_DEFINITION,
    read_definition,
)

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
CURRENT_QUESTIONNAIRES = (SUPPLIER_DEFINITION, TECHNOLOGY_DEFINITION)


def table_rows(heading: str) -> list[list[str]]:
    """The rows of the first table after the line that starts with `heading` (cells stripped, no header)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    after = text.split(heading, 1)[1]
    rows = []
    for line in after.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows[1:] if not set(row[0]) <= {"-", " "}]


def used_rows() -> list[list[str]]:
    return table_rows("| entry | language | where | term |")


def rejected_rows() -> list[list[str]]:
    return table_rows("| language | rejected wording | why (the entry) |")


def entry_text(number: str) -> str:
    """What the glossary says under `### <number> ...` (a term of the ILO table's rows counts as its own)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    found = re.search(rf"^### {re.escape(number)} .*?(?=^##)", text, re.M | re.S)
    assert found, f"the glossary has no entry {number}"
    return found.group(0)


def translations_in(value: object, code: str) -> list[str]:
    """Every text under a `translations: {code: ...}` anywhere in a questionnaire definition."""
    found: list[str] = []

    def texts(item: object) -> None:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for each in item.values():
                texts(each)
        elif isinstance(item, list):
            for each in item:
                texts(each)

    def walk(item: object) -> None:
        if isinstance(item, dict):
            for key, each in item.items():
                if key == "translations" and isinstance(each, dict):
                    texts(each.get(code))
                else:
                    walk(each)
        elif isinstance(item, list):
            for each in item:
                walk(each)

    walk(value)
    return found


def catalogue_texts(code: str) -> list[str]:
    """Every translation in the compiled catalogue of language `code`, as the app loads it."""
    with open(catalogue_path(public_language(code)).with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # the only way to list a compiled catalogue's texts
    return [text for key, text in catalogue.items() if key]


def test_the_tables_are_there_and_the_catalogues_are_read():
    assert len(used_rows()) >= 30 and len(rejected_rows()) >= 10
    for code in {row[0] for row in rejected_rows()}:
        assert len(catalogue_texts(code)) > 50


@pytest.mark.parametrize("row", used_rows(), ids=lambda row: f"{row[0]}-{row[1]}-{row[3]}")
def test_each_term_is_the_glossary_entry_s_and_is_used_where_the_table_says(row):
    number, code, where, term = row
    assert term in entry_text(number), f"{term} is not the term of entry {number}"
    kind, _, name = where.partition(": ")
    if kind == "catalogue":
        with translation.override(code):
            assert term in translation.gettext(name), f"{name!r} in {code} does not use {term}"
    else:
        assert kind == "questionnaire", where
        definition = read_definition(DEFINITIONS_DIR / f"{name}.yaml")
        assert any(term in text for text in translations_in(definition, code)), f"{name} in {code} lacks {term}"


@pytest.mark.parametrize("row", rejected_rows(), ids=lambda row: f"{row[0]}-{row[1]}")
def test_no_rejected_wording_is_in_a_catalogue_or_a_current_questionnaire(row):
    code, wording, _why = row
    texts = catalogue_texts(code)
    for path in CURRENT_QUESTIONNAIRES:
        texts += translations_in(read_definition(path), code)
    assert not [text for text in texts if wording in text]
