"""What a company or body name says, for screening: its distinctive words, its places, its kind of body.

Names are compared by what identifies the organisation, with libraries made for it:
- OpenCC turns traditional Chinese into simplified, so 新疆生產建設兵團 meets 新疆生产建设兵团;
- pypinyin gives the pinyin of a Chinese name, so "Beijing Kuangshi Keji" meets 北京旷视科技;
- OpenSanctions' `fingerprints` writes legal forms in many languages as one abbreviation each
  (Aktiengesellschaft -> ag, Company Limited -> co ltd), which are then removed as whole words;
- rapidfuzz (Damerau distance) lets one typo through in a long word, never a different word.

The rules the screening relies on (see screening.py):
- generic words (technology, energy, group ...) and places never make a match on their own;
- a place-named body (a public security bureau, a prison, a prefecture government) matches only when the
  places agree;
- short names (DJI, BGI) count as whole words;
- a short form matches the full name in either direction (旷视科技 and 北京旷视科技有限公司, "Hikvision" and
  "Hangzhou Hikvision Digital Technology").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from duediligence.partners.normalise import CJK, LEGAL_FORMS_CJK, normalise, simplified


def _words(name: str) -> frozenset[str]:
    return frozenset(WORD_LISTS[name].split())


# The word lists live in data/name_words.yaml (generic, common, places, generic pinyin, legal forms).
WORD_LISTS = yaml.safe_load((Path(__file__).resolve().parent / "data" / "name_words.yaml").read_text("utf-8"))
GENERIC = _words("generic")
COMMON_WORDS = _words("common")
PLACES = _words("places")
GENERIC_PINYIN = _words("generic_pinyin")
LEGAL_FORM_WORDS = _words("legal_forms")
LEGAL_FORM_SPELLINGS = _words("legal_form_spellings")
# Only words of seven letters or more are allowed a typo (see _same_word), so only those are compared.
LONG_GENERIC, LONG_COMMON, LONG_PLACES, LONG_LEGAL_FORMS = (
    tuple(sorted(w for w in words if len(w) >= 7)) for words in (GENERIC, COMMON_WORDS, PLACES, LEGAL_FORM_SPELLINGS)
)


@lru_cache(maxsize=50_000)
def _kind_of(word: str) -> str:
    """'generic', 'common' or 'distinctive'; a long word one typo away from a generic or common word is that."""
    if word in GENERIC:
        return "generic"
    if word in COMMON_WORDS:
        return "common"
    if len(word) >= 7:
        for vocabulary, kind in ((LONG_GENERIC, "generic"), (LONG_COMMON, "common")):
            if _one_typo_from(word, vocabulary):
                return kind
    return "distinctive"


def _one_typo_from(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The word of the vocabulary one typo (Damerau) from `word`, if any; rapidfuzz runs the loop in C."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    found = process.extractOne(word, vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=1)
    return found[0] if found else None


@lru_cache(maxsize=50_000)
def _place_spelling(word: str) -> str:
    """A long word one typo away from a place ("Gaungdong") is that place, as a misspelt generic word is generic."""
    if word in PLACES or len(word) < 7:
        return word
    return _one_typo_from(word, LONG_PLACES) or word


# Kinds of body that exist in every place: they are told apart only by their places.
BODIES = (
    "public security bureau",
    "police",
    "prison",
    "detention",
    "government",
    "procuratorate",
    "court",
)
CJK_BODIES = ("公安局", "公安厅", "监狱", "看守所", "拘留所", "政府", "法院", "检察院", "教育培训中心")

# Abbreviations written for the words they stand for.
ABBREVIATIONS = {
    "psb": "public security bureau",
    "xuar": "xinjiang uyghur autonomous region",
    "xpcc": "xinjiang production and construction corps",
    "uighur": "uyghur",
    "uygur": "uyghur",
    "vsetc": "vocational skills education training center",
    "sz": "shenzhen",
    "&": "and",
}

CJK_PLACES = (
    "新疆维吾尔自治区",
    "新疆",
    "北京市",
    "北京",
    "上海市",
    "上海",
    "深圳市",
    "深圳",
    "杭州",
    "浙江",
    "厦门市",
    "厦门",
    "合肥",
    "南京",
    "南昌",
    "乌鲁木齐市",
    "喀什地区",
    "和田地区",
    "阿克苏地区",
    "东海",
    "洛浦县",
)
# The legal forms of normalise.py, then words of trade that end a Chinese name as often as they end an English one.
CJK_GENERIC_SUFFIXES = (*LEGAL_FORMS_CJK, "科技", "技术", "信息", "网络", "开发", "创新")

COMPANY_FORMS_CJK = ("股份有限公司", "有限责任公司", "有限公司", "公司")
WORD = re.compile(r"[a-z0-9]+")


def _spoken(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


@dataclass(frozen=True)
class NameKey:
    """What screening compares of one name."""

    words: tuple[str, ...] = ()  # every Latin word, legal forms removed, abbreviations spelled out
    distinctive: tuple[str, ...] = ()  # words that are neither generic, common nor places
    common: tuple[str, ...] = ()  # brand-like common English words ("camel")
    places: frozenset[str] = frozenset()
    body: str = ""  # the kind of place-named body, if it is one
    cjk: str = ""  # the simplified Chinese name without its legal form
    cjk_core: str = ""  # ... and without leading places or trailing generic words
    syllables: tuple[str, ...] = ()  # a romanised name's pinyin syllables, if it can be Chinese in pinyin


# fingerprints' own remove_types also drops short words such as "tu" or "na", which are syllables of romanised
# Chinese names, so only its abbreviating half is used and the abbreviations are removed as whole words.
def _remove_legal_forms(text: str) -> str:
    import fingerprints

    replaced = fingerprints.replace_types(text) or ""
    return " ".join(word for word in re.split(r"\s+", replaced) if word.strip(".,") not in LEGAL_FORM_WORDS)


def _latin_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    text = re.sub(r"[’'`]", "", text)  # Hua'antai, IS'Vision: one word
    text = _remove_legal_forms(text)
    words: list[str] = []
    for word in WORD.findall(text):
        if _misspelt_legal_form(word):
            continue
        words.extend(ABBREVIATIONS.get(word, word).split())
    return words


@lru_cache(maxsize=50_000)
def _misspelt_legal_form(word: str) -> bool:
    """ "Corpoartion", "Limted": a legal form with a typo is still a legal form, not a distinctive word."""
    if len(word) < 7:
        return False
    return _one_typo_from(word, LONG_LEGAL_FORMS) is not None


def _cjk_parts(text: str) -> tuple[str, str]:
    """The simplified Chinese name without legal forms, and its core (without leading places, generic tails)."""
    chinese = "".join(ch for ch in simplified(unicodedata.normalize("NFKC", text)) if CJK.match(ch))
    core = chinese
    changed = True
    while changed:
        changed = False
        for suffix in CJK_GENERIC_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix) + 1:
                core, changed = core[: -len(suffix)], True
        for place in CJK_PLACES:
            if core.startswith(place) and len(core) > len(place) + 1:
                core, changed = core[len(place) :], True
    # The full name keeps 集团 and 股份: they tell a group from its member company.
    full = next(
        (chinese[: -len(form)] for form in COMPANY_FORMS_CJK if chinese.endswith(form) and len(chinese) > len(form)),
        chinese,
    )
    return full, core


@lru_cache(maxsize=200_000)
def key_for(name: str) -> NameKey:
    name = name or ""
    if CJK.search(name):
        cjk, core = _cjk_parts(name)
        body = next((b for b in CJK_BODIES if b in cjk), "")
        places = frozenset(p for p in CJK_PLACES if p in cjk)
        return NameKey(cjk=cjk, cjk_core=core, body=body, places=places)
    words = [_place_spelling(word) for word in _latin_words(name)]
    text = " ".join(words)
    body = next((b for b in BODIES if b in text), "")
    places = frozenset(word for word in words if word in PLACES)
    distinctive = tuple(w for w in words if w not in PLACES and _kind_of(w) == "distinctive")
    common = tuple(w for w in words if w not in PLACES and _kind_of(w) == "common")
    # Only a name with no English word of trade in it can be Chinese written in pinyin ("textile" splits into
    # te-xi-le, but "Bei Jing Kuang Shi Ke Ji" has no such word).
    romanised = bool(words) and not any(w in GENERIC or w in COMMON_WORDS for w in words if w not in PLACES)
    return NameKey(
        words=tuple(words),
        distinctive=distinctive,
        common=common,
        places=places,
        body=body,
        syllables=(syllables_of(tuple(words)) or ()) if romanised else (),
    )


# --- Comparing two names -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    score: float  # 0.6 to 1.0
    exact: bool  # the same organisation by name, not a near spelling or a short form
    words: tuple[str, ...]  # the words (or characters) that matched, for the explanation


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 7:
        return False  # short names (DJI, BGI, Dahua) count only whole and exact
    from rapidfuzz.distance import DamerauLevenshtein

    # One typo (a letter wrong, missing, added, or two swapped) in a long word; "Dahuang" is not "Dahua".
    return DamerauLevenshtein.distance(a, b) <= 1


def _covered(needles: tuple[str, ...], hay: tuple[str, ...]) -> tuple[str, ...] | None:
    """The needles each found in the hay (exactly, or a near spelling of a long word); None if one is missing."""
    found = []
    for needle in needles:
        match = next((word for word in hay if _same_word(needle, word)), None)
        if match is None:
            return None
        found.append(needle)
    return tuple(found)


def _same_words(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same set of words, a typo in a long one allowed."""
    return _covered(tuple(set(a)), b) is not None and _covered(tuple(set(b)), a) is not None


def _places_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and (a <= b or b <= a)


def compare(partner: NameKey, listed: NameKey) -> Comparison | None:
    """Whether a partner's name names the listed organisation (or a body or company under it), and how well."""
    if listed.cjk and partner.cjk:
        return _compare_cjk(partner, listed)
    if listed.cjk and partner.words:
        return _compare_pinyin(partner, listed)
    if listed.words and partner.words:
        return _compare_latin(partner, listed)
    return None


def _compare_cjk(partner: NameKey, listed: NameKey) -> Comparison | None:
    if partner.cjk == listed.cjk:
        return Comparison(1.0, True, (listed.cjk,))
    if listed.body or partner.body:
        # A bureau or prison is told apart only by its place: the whole listed name must stand in the partner's.
        if listed.body == partner.body and listed.cjk in partner.cjk:
            return Comparison(0.95, False, (listed.cjk,))
        return None
    # The more of the partner's name the listed core covers, the closer: of a parent (合盛硅业) and its listed
    # subsidiary (合盛硅业鄯善), a partner named after the subsidiary ranks the subsidiary first.
    core = listed.cjk_core
    if len(core) >= 2 and core in partner.cjk:
        return Comparison(_share(0.88, 0.07, len(core), len(partner.cjk)), False, (core,))
    core = partner.cjk_core
    if len(core) >= 2 and core in listed.cjk:  # a short form of the listed name
        return Comparison(_share(0.85, 0.05, len(core), len(listed.cjk)), False, (core,))
    return None


def _share(base: float, span: float, part: int, whole: int) -> float:
    return round(base + span * min(1.0, part / max(whole, 1)), 3)


def _compare_pinyin(partner: NameKey, listed: NameKey) -> Comparison | None:
    """A romanised name against a Chinese one: the syllables of the listed core, in a row, in the partner's."""
    spoken = syllables_of(partner.words)
    core = core_syllables(listed.cjk_core)
    if listed.body or not spoken or len(core) < 2:
        return None
    if any(spoken[i : i + len(core)] == core for i in range(len(spoken) - len(core) + 1)):
        return Comparison(_share(0.86, 0.07, len(core), len(spoken)), False, ("".join(core),))
    return None


def _compare_latin(partner: NameKey, listed: NameKey) -> Comparison | None:
    if listed.body or partner.body:
        # Place-named bodies: the same kind of body, in agreeing places, with the listed name's own words.
        if listed.body != partner.body or not _places_agree(listed.places, partner.places):
            return None
        words = _covered(listed.distinctive, partner.words)
        if words is None:
            return None
        exact = set(listed.words) == set(partner.words)
        return Comparison(1.0 if exact else 0.95, exact, (*sorted(listed.places), listed.body))
    if not listed.distinctive:
        # Only generic words, common words and places: nothing to match on but the whole name (a typo allowed).
        if set(listed.words) == set(partner.words):
            return Comparison(1.0, True, listed.words)
        if (
            not partner.distinctive
            and _covered(tuple(set(listed.words)), partner.words) is not None
            and _covered(tuple(set(partner.words)), listed.words) is not None
        ):
            return Comparison(0.95, False, listed.words)
        return None
    if not partner.distinctive:
        return None
    # Common words a brand uses ("Western" in "Western Gold Hami Gold Mine") must be there too.
    if listed.common and _covered(listed.common, partner.words) is None:
        return None
    words = _covered(listed.distinctive, partner.words)
    if words is not None and not _common_name_elsewhere(partner, listed):
        same_words = set(listed.distinctive) == set(partner.distinctive) and not set(partner.common) - set(
            listed.common
        )
        # Places rank what the words cannot: "Changji Esquel Textile" is Changji Esquel exactly, the Esquel group
        # closely, and the Turpan and Guangdong Esquel companies less closely.
        if same_words and listed.places == partner.places:
            # Words of trade then tell "Zhongtai Chemical" from "Zhongtai Group", both listed.
            exact = _same_words(listed.words, partner.words)
            return Comparison(1.0 if exact else 0.97, exact, words)
        in_place = listed.places <= partner.places
        return Comparison((0.96 if same_words else 0.93) if in_place else 0.91, False, words)
    words = _covered(partner.distinctive, listed.words)  # the partner wrote a short form of the listed name
    # ... but a brand of its own ("New Hope Liuhe") makes it another company that shares a word, and so does a
    # place the listed name lacks: "Sichuan Changhong Electric" is not a short form of "Changhong Meiling".
    own_brand = set(partner.common) - set(listed.common)
    elsewhere = bool(partner.places - listed.places)
    if words is not None and not own_brand and not elsewhere and any(w not in GENERIC_PINYIN for w in words):
        return Comparison(0.9, False, words)
    compact_p, compact_l = "".join(partner.distinctive), "".join(listed.distinctive)
    # "Hik Vision" for "Hikvision": the same letters split otherwise (the same words were judged above).
    if (
        partner.distinctive != listed.distinctive
        and len(compact_l) >= 6
        and _same_word(compact_p, compact_l)
        and not _common_name_elsewhere(partner, listed)
    ):
        return Comparison(0.9, False, (compact_l,))
    return None


def _common_name_elsewhere(partner: NameKey, listed: NameKey) -> bool:
    """A listed name whose distinctive words are plain pinyin ("Changzhou Guanghui"), and a partner in other places.

    Ordinary Chinese words in pinyin name many unrelated companies, told apart by their cities; a coined brand
    (Hikvision) names one group wherever its branches are. A branch of a listed company carries its full name,
    places and all, so it still matches.
    """
    if not (partner.places and listed.places) or partner.places & listed.places:
        return False
    return all(syllables_of((word,)) for word in listed.distinctive)


# --- Romanised Chinese -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every pinyin syllable (without tones), read from pypinyin itself."""
    return frozenset(s for s in _spoken("".join(chr(cp) for cp in range(0x4E00, 0x9FA6))) if s.isascii())


@lru_cache(maxsize=50_000)
def syllables_of(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The pinyin syllables of romanised words ("kuangshi" -> kuang, shi), or None if a word is not pinyin."""
    known = _syllables()
    result: list[str] = []
    for word in words:
        i = 0
        while i < len(word):
            for size in range(min(6, len(word) - i), 0, -1):
                if word[i : i + size] in known:
                    result.append(word[i : i + size])
                    i += size
                    break
            else:
                return None
    return tuple(result)


# --- What is stored ------------------------------------------------------------------------------------------
#
# PostgreSQL finds candidates by overlapping token arrays (GIN `&&`). The tokens are chosen so that an overlap
# already means a rule of `compare` can hold, not merely that two names share a common pair of characters:
# - "sub:" — a partner carries every run of its Chinese name, a listed name only its core: they overlap exactly
#   when the listed core stands in the partner's name (旷视 in 北京旷视科技);
# - "rev:" — the other way round, a partner carries its core, a listed name every run of its Chinese name: a
#   short form the partner wrote (旷视科技) is found in the full listed name;
# - "py:" — a romanised partner carries every run of its pinyin syllables, a listed Chinese name the pinyin of
#   its core: "Beijing Kuangshi Keji" finds 旷视;
# - Latin names share their distinctive words, "body@place" for place-named bodies, and the whole name when
#   nothing in it is distinctive.
# - Long distinctive words also carry their one-letter deletions, so a typo is found by overlap too.

# A partner carries runs of at most this many characters (or syllables); a longer listed core is looked up by
# its first ones, which are as telling, and the rules in `compare` then read the whole name. It keeps a partner
# to a few dozen tokens, which is what its insert costs.
SHORTEST_RUN, LONGEST_RUN = 2, 4
# A listed name carries every run of its Chinese name, for the short forms partners write; up to this long.
LONGEST_SHORT_FORM = 24


def _runs(items: tuple[str, ...] | str, joiner: str, longest: int) -> set[str]:
    """Every contiguous run of two to `longest` items (characters or syllables), joined."""
    items = tuple(items)[:40]
    return {
        joiner.join(items[i:j])
        for i in range(len(items))
        for j in range(i + SHORTEST_RUN, min(len(items), i + longest) + 1)
    }


@lru_cache(maxsize=50_000)
def core_syllables(core: str) -> tuple[str, ...]:
    """The pinyin of a Chinese core, syllable by syllable."""
    return tuple(_spoken(core)) if core else ()


def _one_typo_away(word: str) -> set[str]:
    """The word and each form of it with one letter left out (long words only, as _same_word allows typos).

    Two words one typo apart (a letter wrong, missing, added, or two swapped) always share one of these, so the
    database finds a misspelt name by plain token overlap: the deletion neighbourhood of SymSpell.
    """
    if len(word) < 7:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _latin_tokens(key: NameKey, *, listed: bool) -> set[str]:
    tokens = set(key.distinctive)
    # A listed name must have all its distinctive words in the partner's, so with two or more of them a typo in
    # one leaves another to find it by: a listed name carries typo forms only of a single distinctive word. A
    # partner carries them for each, since any one of its words may be the listed name misspelt.
    if not listed or len(key.distinctive) == 1:
        for word in key.distinctive:
            tokens |= {f"typo:{variant}" for variant in _one_typo_away(word)}
    if key.distinctive:
        # "Hik Vision" for "Hikvision": the distinctive words written as one.
        compact = "".join(key.distinctive)
        tokens |= {f"one:{variant}" for variant in _one_typo_away(compact)}
    if key.body:
        # A place-named body is found by its kind and each of its places ("public security bureau@aksu").
        tokens.update(f"{key.body}@{place}" for place in key.places)
    if key.words and not key.distinctive:
        # Nothing distinctive: found only by its whole name (its common words, places and kind of body), also
        # with a typo in one of its long words.
        words = sorted(set(key.words))
        for index, word in enumerate(words):
            for variant in _one_typo_away(word):
                tokens.add(" ".join(sorted([*words[:index], variant, *words[index + 1 :]])))
    return tokens


def _partner_name_tokens(name: str) -> set[str]:
    key = key_for(name)
    if key.cjk:
        tokens = {f"sub:{run}" for run in _runs(key.cjk, "", LONGEST_RUN)}
        if 2 <= len(key.cjk_core) <= LONGEST_SHORT_FORM:
            tokens.add(f"rev:{key.cjk_core}")
        return tokens
    tokens = _latin_tokens(key, listed=False)
    if len(key.syllables) >= 2:
        tokens |= {f"py:{run}" for run in _runs(key.syllables, "-", LONGEST_RUN)}
    return tokens


def _listed_name_tokens(name: str) -> set[str]:
    key = key_for(name)
    if key.cjk:
        tokens = {f"rev:{run}" for run in _runs(key.cjk, "", LONGEST_SHORT_FORM)}
        if len(key.cjk_core) >= 2:
            tokens.add(f"sub:{key.cjk_core[:LONGEST_RUN]}")
            if not key.body:
                tokens.add("py:" + "-".join(core_syllables(key.cjk_core)[:LONGEST_RUN]))
        return tokens
    tokens = _latin_tokens(key, listed=True)
    if len(key.syllables) >= 2:
        # A listed name in pinyin ("Kuangshi") meets a partner that wrote it in separate syllables ("Kuang Shi").
        tokens.add("py:" + "-".join(key.syllables[:LONGEST_RUN]))
    return tokens


def partner_tokens(name: str, name_local: str, owner: str = "") -> list[str]:
    """What a partner is looked up by (Partner.match_tokens): the tokens of its names and its owner's name."""
    tokens = set[str]()
    for own in (name, name_local, owner):
        if own:
            tokens |= _partner_name_tokens(own)
    return sorted(t for t in tokens if t)


def listed_name_rows(name: str, aliases: list[str], local_names: list[str]) -> list[dict]:
    """The EntityName rows of one listed entity: each of its names once, with its kind, keys and tokens."""
    rows, seen = [], set()
    labelled = [(name, "name"), *((a, "alias") for a in aliases), *((n, "local") for n in local_names)]
    for label, kind in labelled:
        key = normalise(label)
        if key and label not in seen:
            seen.add(label)
            tokens = sorted(t for t in _listed_name_tokens(label) if t)
            rows.append({"name_norm": key, "label": label, "kind": kind, "tokens": tokens})
    return rows
