"""The Chinese catalogue is complete, and the compiled catalogue the app loads says the same as its source."""

import ast
import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def joined(block: str, key: str) -> str:
    """The text of a (possibly multi-line) msgid or msgstr of one catalogue entry."""
    match = re.search(rf'^{key} ((?:".*"\n?)+)', block + "\n", re.M)
    return "".join(ast.literal_eval(line) for line in match.group(1).split("\n") if line) if match else ""


def entries(po: str) -> dict[str, str]:
    found = {}
    for block in po.split("\n\n"):
        msgid = joined(block, "msgid")
        if msgid:
            found[msgid] = joined(block, r"msgstr(?:\[0\])?")
    return found


def test_every_message_is_translated_and_the_compiled_catalogue_matches():
    source = entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    assert source, "no messages"
    untranslated = [msgid for msgid, msgstr in source.items() if not msgstr]
    assert untranslated == []
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in source.items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to compile the catalogue again"
