"""Names reduced to what identifies an organisation, for duplicate checks and screening.

Case, width (full-width Ｌｔｄ．), punctuation and legal-form words (Co., Ltd., Group, 有限公司...) do not tell
two organisations apart, so they are removed; what remains is the duplicate check's key (screening reads names
more closely, in names.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=50_000)
def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones (OpenCC), so 兵團 and 兵团 are one name."""
    return _t2s().convert(text) if CJK.search(text) else text


# Longest first, so "股份有限公司" is removed whole rather than leaving "股份".
LEGAL_FORMS_CJK = sorted(
    ["股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "股份"], key=len, reverse=True
)
LEGAL_FORMS_LATIN = {
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "bv",
    "group",
    "holding",
    "holdings",
    "the",
}
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def normalise(name: str) -> str:
    """'Xinjiang Lop Nur Cotton Co., Ltd.' -> 'xinjiang lop nur cotton'; '新疆某某有限公司' -> '新疆某某'."""
    text = simplified(unicodedata.normalize("NFKC", name or "")).casefold()
    text = PUNCTUATION.sub(" ", text).replace("_", " ")
    for form in LEGAL_FORMS_CJK:
        if text.endswith(form) and len(text) > len(form):
            text = text[: -len(form)]
    words = [word for word in text.split() if word not in LEGAL_FORMS_LATIN]
    return " ".join(words)


def location_key(city: str, region: str, country: str) -> str:
    return "|".join(normalise(part) for part in (city, region, country))
