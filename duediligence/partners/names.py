"""How screening reads a company's or a body's name: what it is called, where, and what kind of body it is.

A name becomes a `NameKey`:
- its **slots**: the words that say which organisation it is. A Latin word is one slot ("Hikvision"); a run of
  Chinese characters that is neither a place, a kind of body nor a word of trade is one slot too, read in pinyin
  (华孚 -> "huafu"), with the shorter runs of its syllables as other forms of it, since a company's Latin name
  may keep only some of them. Words of trade are read in English in both scripts (科技 and "keji" are
  "technology"), abbreviations written out, spellings made one, plurals made singular;
- its **places**, found in a gazetteer in either script and any romanisation (Yarkand, Shache, 莎车), with
  those that lead the name kept apart: a place that leads a Chinese company's name is where it is registered
  (杭州 in 杭州海康威视), one after the trade name or in brackets names a branch or a subsidiary (合盛硅业(鄯善));
- its **kind of body** (a public security bureau, a prison), when it is one, from a vocabulary with translations;
- its **sectors**, read from its words of trade (a securities house, a chemical plant).

How much each word counts is not written here: partners/weights.py learns it from how often a word occurs in
listed names, partners' names and a corpus of unlisted companies of the regions concerned, and
partners/evidence.py scores a pair of names with it.

Libraries: OpenCC folds Japanese and traditional characters into simplified ones; pypinyin romanises Chinese;
OpenSanctions' fingerprints writes legal forms in many languages as one short form each; rapidfuzz lets one
typo through in a long word.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING

from duediligence.partners.normalise import CJK, normalise
from duediligence.partners.vocabulary import (
    PLACE_SUFFIXES,
    bodies,
    company_words,
    fold,
    gazetteer,
    name_meanings,
    without_boilerplate,
)

if TYPE_CHECKING:
    import opencc

# The country a national body belongs to, as its place (not in the gazetteer: China is the home of most listed
# names, and "China" in a company's name is a word of it, not where it is).
COUNTRY = frozenset({"country:cn"})
COUNTRY_WORD = "china"
# A Latin word this long or longer may carry one typo (Damerau) and still be the same word.
TYPO_LENGTH = 7
# Forms of a Chinese run: its whole pinyin and every run of two or three of its syllables.
WINDOWS = (2, 3)
LONGEST_SLOT_SYLLABLES = 8


@dataclass(frozen=True)
class Slot:
    """One word of what a name is called, with the other forms it may be written in."""

    forms: tuple[str, ...]  # forms[0] is the whole word; others are its shorter pinyin runs or joined neighbours
    syllables: int = 1  # the pinyin syllables of the whole, for a share of a Chinese run that matched
    latin: bool = True
    # The syllables each form stands for, as (start, end): a run of a Chinese name covers only its part.
    spans: tuple[tuple[int, int], ...] = ()
    # How many of the following slots each form also stands for ("cloudwalk" of "Cloud Walk" covers "walk").
    joins: tuple[int, ...] = ()
    # The places the word may also be: a county's bare name at the head of a name is its trade name or where it
    # is registered ("Tianshan" of "Tianshan Wool Textile", "Ninghai" of "Ninghai Huafu"): read both ways.
    place: frozenset[str] = frozenset()
    # A Chinese run every character of which name_meanings.yaml translates: its renderings, word by word ("东方希望"
    # -> ("east", "hope"), ("orient", "hope") ...), so a listed name of ordinary English words meets it.
    renderings: tuple[tuple[str, ...], ...] = ()
    # A Chinese run's forms in Wade-Giles ("kuangchi" of 光启), with the syllables each stands for. Kept apart from
    # `forms`: they meet only words written in Latin script, since Wade-Giles drops what tells two Chinese names
    # apart (崇泰 and 中泰 are both "chungtai").
    older: tuple[str, ...] = ()
    older_spans: tuple[tuple[int, int], ...] = ()

    @property
    def word(self) -> str:
        return self.forms[0]

    def joined(self, index: int) -> int:
        return self.joins[index] if index < len(self.joins) else 0

    def span(self, index: int) -> tuple[int, int]:
        return self.spans[index] if index < len(self.spans) else (0, self.syllables)


@dataclass(frozen=True)
class NameKey:
    slots: tuple[Slot, ...] = ()
    # Each place mentioned: the ids it may be (a bare "Aksu" is the prefecture or the city).
    places: tuple[frozenset[str], ...] = ()
    # The places that lead the name, where a company is registered rather than what it is.
    leading: tuple[frozenset[str], ...] = ()
    body: str = ""
    # The places a body belongs to: those before its kind ("Kashgar Prefecture Public Security Bureau") or
    # named with it ("Public Security Bureau of Kashgar"), not those of a unit after it ("… Shuimogou District
    # Branch"): a unit of a listed bureau is that bureau's.
    body_places: tuple[frozenset[str], ...] = ()
    sectors: frozenset[str] = frozenset()
    cjk: str = ""  # the Chinese name, simplified, without its legal form: equal names are the same name
    # Written with its legal form ("Co., Ltd.", 有限公司): the name of one registration, whole, not a short form.
    registered: bool = False

    @cached_property
    def forms(self) -> frozenset[str]:
        return frozenset(form for slot in self.slots for form in slot.forms)

    @cached_property
    def latin_forms(self) -> frozenset[str]:
        return frozenset(form for slot in self.slots if slot.latin for form in slot.forms)

    @cached_property
    def older_forms(self) -> frozenset[str]:
        return frozenset(form for slot in self.slots for form in slot.older)

    @cached_property
    def typo_forms(self) -> tuple[str, ...]:
        """The forms a word may be one typo from: every long form of a word written in Latin script; of a Chinese
        run, only its whole pinyin (a partner may misspell "Zhongtai", but not as one of its runs of syllables)."""
        found = {form for slot in self.slots for form in (slot.forms if slot.latin else slot.forms[:1])}
        return tuple(sorted(form for form in found if len(form) >= TYPO_LENGTH))

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(slot.word for slot in self.slots)

    @property
    def identifying_places(self) -> tuple[frozenset[str], ...]:
        """Places that say which branch or subsidiary this is: any but those leading the name."""
        return tuple(place for place in self.places if place not in self.leading)


# --- Cleaning ----------------------------------------------------------------------------------------------


@cache
def _folding() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    import opencc

    return opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")


# Japanese forms OpenCC carries only to a traditional variant it does not simplify (鉱 -> 鑛): the simplified
# character they are, written here.
SHINJITAI_LEFT = {"挙": "举", "渋": "涩", "郷": "乡", "鉱": "矿", "闘": "斗"}


def _common_simplified(character: str) -> bool:
    """In GB 2312, the set of simplified characters in common use: 研 or 予 stay as they are, though OpenCC's
    Japanese table would turn them into traditional variants."""
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=100_000)
def simplified_chinese(text: str) -> str:
    """Japanese (shinjitai) and traditional characters as simplified Chinese: 広 and 廣 are 广. Traditional
    text is simplified whole (OpenCC converts phrases); a character still outside the common simplified set is
    then read as Japanese."""
    if not CJK.search(text):
        return text
    japanese, traditional = _folding()
    text = traditional.convert(text)
    out = []
    for character in text:
        if not CJK.match(character) or _common_simplified(character):
            out.append(character)
            continue
        folded = traditional.convert(japanese.convert(character))
        out.append(folded if _common_simplified(folded) else SHINJITAI_LEFT.get(character, character))
    return "".join(out)


def clean(name: str) -> str:
    """A name as a person would read it: HTML entities from exported spreadsheets unescaped (twice, for
    "&amp;amp;"), width and compatibility forms folded, list boilerplate removed."""
    text = html.unescape(html.unescape(name or ""))
    text = unicodedata.normalize("NFKC", text)
    return without_boilerplate(text)


# --- Latin names -------------------------------------------------------------------------------------------

# Initials with dots, read as one word ("S.p.A.", "R.I.A.", "K. L. M."): after a space only a single letter goes on,
# so a legal form written out after a space ("R.I.A. Co., Ltd.") stays apart; one of initials ("R.I.A. S.A.") does not.
DOTTED = re.compile(r"\b[a-z]{1,3}\.(?:[a-z]{1,3}\.|\s[a-z]\.)+", re.IGNORECASE)
WORD = re.compile(r"[a-z0-9]+")
BRACKETS = re.compile(r"[（(]([^()（）]*)[)）]")


def _undot(match: re.Match[str]) -> str:
    return " " + match.group(0).replace(".", "").replace(" ", "") + " "


@cache
def _syllables() -> frozenset[str]:
    """Every pinyin syllable (without tones), read from pypinyin itself."""
    from pypinyin import lazy_pinyin

    spoken = lazy_pinyin("".join(chr(cp) for cp in range(0x4E00, 0x9FA6)))
    # Interjections written as bare consonants or "o" (嗯 n, 呣 m, 哦 o) never appear in a company's name and
    # would make English words pinyin ("fashion" as fa-shi-o-n).
    return frozenset(s for s in spoken if s.isascii() and s not in INTERJECTIONS)


INTERJECTIONS = frozenset({"n", "m", "ng", "hm", "hng", "o", "r"})


@lru_cache(maxsize=100_000)
def pinyin_syllables(word: str) -> tuple[str, ...] | None:
    """The syllables of a word written in pinyin ("kuangshi" -> kuang, shi), or None if it is not pinyin."""
    known = _syllables()
    found: list[str] = []
    i = 0
    while i < len(word):
        for size in range(min(6, len(word) - i), 0, -1):
            if word[i : i + size] in known:
                found.append(word[i : i + size])
                i += size
                break
        else:
            return None
    return tuple(found)


def _singular(word: str) -> str:
    spellings = company_words().spellings
    if word in spellings:
        return spellings[word]
    if len(word) < 5 or pinyin_syllables(word) is not None or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _latin_words(text: str) -> tuple[list[str], bool]:
    """The words of a name written in Latin script, and whether it was written with a legal form."""
    import fingerprints

    vocabulary, places_of = company_words(), gazetteer()
    written = WORD.findall(fold(DOTTED.sub(_undot, _plain(_from_wade_giles(text)))))
    # A filler between syllables is a syllable ("Cheng Du Xi Wu": du, not French "of").
    raw = _corrected(
        [word for at, word in enumerate(written) if word not in vocabulary.filler or _inside_pinyin(written, at)]
    )
    # Places of several words are written as one first ("Xinjiang Production and Construction Corps" ->
    # "xinjiangproductionconstructioncorps"), so no word of theirs is taken for a legal form or made singular.
    protected: list[str] = []
    at = 0
    while at < len(raw):
        size = _match_phrase(raw, at, places_of.latin, places_of.longest_latin)
        protected.append("".join(raw[at : at + size]) if size >= 2 else raw[at])
        at += max(size, 1) if size >= 2 else 1
    text = fingerprints.replace_types(" ".join(protected)) or " ".join(protected)
    found = WORD.findall(text)
    syllables = _syllables()
    words: list[str] = []
    in_phrase = _legal_form_phrases(found)
    registered = bool(in_phrase)
    for at, word in enumerate(found):
        if at in in_phrase:
            continue
        if word in places_of.joined:
            words.append(word)
            continue
        if word in syllables and _inside_pinyin(found, at):
            # "Hua Fu Se Fang": a syllable between syllables is pinyin, not a legal form ("SE") or a filler.
            words.append(word)
            continue
        for part in vocabulary.abbreviations.get(word, (word,)):
            part = vocabulary.spellings.get(part) or part
            if part in vocabulary.legal_forms or _misspelt_legal_form(part):
                registered = True
                continue
            if part in vocabulary.filler:
                continue
            registered = False  # a legal form ends a registered name: "Acme Stock Exchange" is none
            words.append(_singular(part))
    return _pinyin_streams(words), registered


def _legal_form_phrases(words: list[str]) -> set[int]:
    """Where a legal form of several words stands in a name's words ("Joint Stock Co., Ltd.")."""
    phrases = company_words().legal_form_phrases
    longest = max((len(phrase) for phrase in phrases), default=0)
    found: set[int] = set()
    for at in range(len(words)):
        found.update(range(at, at + _match_phrase(words, at, phrases, longest)))
    return found


def _inside_pinyin(words: list[str], at: int) -> bool:
    syllables = _syllables()
    return 0 < at < len(words) - 1 and words[at - 1] in syllables and words[at + 1] in syllables


def _plain(text: str) -> str:
    return text.replace("&", " and ").replace("’", "").replace("'", "")


@lru_cache(maxsize=50_000)
def _misspelt_legal_form(word: str) -> bool:
    """ "Limted", "Corporaiton": a legal form with a typo is still a legal form."""
    return len(word) >= TYPO_LENGTH and _one_typo_from(word, company_words().legal_form_spellings) is not None


def _one_typo_from(word: str, vocabulary: tuple[str, ...], *, unique: bool = False) -> str | None:
    """The word of `vocabulary` one typo (Damerau) from `word`, if any (`unique`: if exactly one); rapidfuzz runs
    the loop in C."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    found = process.extract(word, vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=2)
    if not found or (unique and len(found) > 1):
        return None
    return found[0][0]


# A word used in English at least this often (Zipf frequency) is a word, not a typo of another ("collage"); one
# used as often as COMMON_IN_ENGLISH is English beside a name in Wade-Giles ("No."), not a syllable of it.
KNOWN_IN_ENGLISH = 2.0
COMMON_IN_ENGLISH = 4.0


def _read_word(word: str) -> str:
    """One word as a name's words are read (apostrophes gone, one spelling, plurals singular)."""
    word = word.replace("'", "").replace("’", "")
    return _singular(company_words().spellings.get(word) or word)


@cache
def _kinds_latin() -> tuple[dict[tuple[str, ...], str], int]:
    """The kinds of body by their Latin forms read as a name's words are, so that every form of bodies.yaml can
    meet a name that writes it ("Police Officers College", "People's Police College"); and the longest."""
    found: dict[tuple[str, ...], str] = {}
    for words, kind in bodies().latin.items():
        found.setdefault(tuple(_read_word(word) for word in words), kind)
    return found, max(len(words) for words in found)


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """The words names are made of besides their own: words of trade, sectors, groups and institutions; the words
    of kinds of body and of places of several words; and those long enough to hide a typo. (A place of one word
    has its own typo rule: _place_typo.)"""
    words = company_words()
    trade = {
        *words.trade_english,
        *words.groups,
        *words.institutions,
        *(word for phrase in words.sectors for word in phrase.split()),
    }
    phrases = {
        *(word for phrase in _kinds_latin()[0] for word in phrase),
        *(word for phrase in gazetteer().latin if len(phrase) > 1 for word in phrase),
    }
    trade = {word for word in trade if word.isalpha()}
    phrases = {word for word in phrases if word.isalpha()}
    usable = tuple(sorted(word for word in trade | phrases if len(word) >= TYPO_LENGTH - 1))
    return frozenset(trade), frozenset(phrases), usable


@lru_cache(maxsize=50_000)
def _vocabulary_typo(word: str) -> str:
    """The word of _vocabulary() a long word is one typo from, when it is the only one and the word is neither
    English, pinyin nor one of those words itself ("Collgee", "Logistcis", "Cosntruction", "Mongoila"); else the
    word. Whether the name is read with it is for _corrected to say."""
    trade, phrases, usable = _vocabulary()
    if len(word) < TYPO_LENGTH or word in trade or word in phrases or not word.isalpha():
        return word
    if pinyin_syllables(word) is not None:
        return word
    if _english(word):
        return word
    return _one_typo_from(word, usable, unique=True) or word


def _corrected(words: list[str]) -> list[str]:
    """The name's words with misspelt words of trade, bodies and places read as those words. A word is read so
    when it then completes a kind of body or a place of several words ("Inner Mongoila", "Police Collgee"), or,
    for a word of trade, when a word other than a place comes before it ("China Cotton Logistcis Park"): a name's
    first word after its place is its brand, which may be one letter from a word ("Silicom", "Xinjiang Digitel")."""
    trade, _, _ = _vocabulary()
    out = _kinds_mended(words)
    named = False  # a word other than a place came before
    for at, word in enumerate(list(out)):
        near = _vocabulary_typo(word)
        if near != word and (_completes_phrase([*out[:at], near, *out[at + 1 :]], at) or (named and near in trade)):
            out[at] = near
        named = named or not _is_place_word(out[at])
    return out


@cache
def _kind_phrases() -> tuple[dict[int, tuple[str, ...]], frozenset[str]]:
    """The kinds of body of two words or more as text, by their number of words (longest first); and their words."""
    kinds, _ = _kinds_latin()
    by_size: dict[int, list[str]] = {}
    for phrase in kinds:
        if len(phrase) >= 2:
            by_size.setdefault(len(phrase), []).append(" ".join(phrase))
    ordered = {size: tuple(by_size[size]) for size in sorted(by_size, reverse=True)}
    return ordered, frozenset(word for phrase in kinds for word in phrase)


def _kinds_mended(words: list[str]) -> list[str]:
    """The words with a kind of body of several words misspelt in one word read as that kind: every other word of
    the phrase is there, and the odd one, neither English nor pinyin, is one letter from the kind's word (two in a
    long word): "Public Security Beaureau", "Pubic Security Bureau" (whose "pubic" company_words.yaml spells as
    the typo it always is). So a name's own words ("Policy College", "Detection Center") are never read as a body."""
    by_size, kind_words = _kind_phrases()
    if len(words) < 2 or not any(word in kind_words or word[:-1] in kind_words for word in words):
        return list(words)  # most names: no word of a kind (nor its plural)
    read = [_read_word(word) for word in words]
    out: list[str] = list(read)
    at = 0
    while at < len(read):
        step = 1
        for size, phrases in by_size.items():
            window = read[at : at + size]
            unknown = [index for index, word in enumerate(window) if word not in kind_words]
            if len(window) < size or len(unknown) > 1:
                continue
            if not unknown:
                if " ".join(window) in phrases:
                    step = size  # a kind written right: none of its words is another's typo
                    break
                continue
            odd = window[unknown[0]]
            if _english(odd) or pinyin_syllables(odd) is not None or not odd.isalpha():
                continue
            mended = _one_word_from(window, unknown[0], phrases)
            if mended is not None:
                out[at : at + size] = mended
                step = size
                break
        at += step
    return out if out != read else list(words)


def _one_word_from(window: list[str], odd: int, phrases: tuple[str, ...]) -> list[str] | None:
    """The one kind of `phrases` that is `window` but for its word at `odd`, within a letter of it (two in a word
    of eight letters or more)."""
    from rapidfuzz.distance import DamerauLevenshtein

    limit = 2 if len(window[odd]) >= 8 else 1
    found = None
    for phrase in phrases:
        kind = phrase.split()
        same_elsewhere = all(a == b for index, (a, b) in enumerate(zip(kind, window, strict=True)) if index != odd)
        if same_elsewhere and DamerauLevenshtein.distance(kind[odd], window[odd], score_cutoff=limit) <= limit:
            if found is not None and found != kind:
                return None  # two kinds as near: neither
            found = kind
    return found


def _is_place_word(word: str) -> bool:
    places_of = gazetteer()
    return word in places_of.joined or (word,) in places_of.latin


def _completes_phrase(words: list[str], at: int) -> bool:
    """Whether the words around `at` are a kind of body or a place of two words or more."""
    places_of, (kinds, longest_kind) = gazetteer(), _kinds_latin()
    for size in range(2, max(places_of.longest_latin, longest_kind) + 1):
        for start in range(max(0, at - size + 1), min(at, len(words) - size) + 1):
            window = tuple(words[start : start + size])
            if window in places_of.latin or tuple(_read_word(word) for word in window) in kinds:
                return True
    return False


@lru_cache(maxsize=50_000)
def _place_typo(word: str) -> str | None:
    """The place's long name one typo from a word, if any (the same words come back in name after name)."""
    return _one_typo_from(word, gazetteer().long_words)


def _pinyin_streams(words: list[str]) -> list[str]:
    """Pinyin written syllable by syllable ("Hang Zhou Hai Kang Wei Shi Shu Zi Ji Shu") read as a Chinese name is:
    places, kinds of body and words of trade found by their syllables written as one, and the rest joined into
    the runs of the name itself ("haikangweishi")."""
    syllables = _syllables()
    out: list[str] = []
    at = 0
    while at < len(words):
        end = at
        while end < len(words) and words[end] in syllables:
            end += 1
        if end - at >= 2:
            spellings = company_words().spellings
            out.extend(spellings.get(word, word) for word in _segment(words[at:end]))
            at = end
        else:
            out.append(words[at])
            at += 1
    return out


def _segment(stream: list[str]) -> list[str]:
    places, kinds, trade = gazetteer().joined, bodies().joined, company_words().trade_pinyin
    out: list[str] = []
    run = ""
    at = 0
    run_syllables = 0
    while at < len(stream):
        for size in range(min(8, len(stream) - at), 1, -1):
            joined = "".join(stream[at : at + size])
            # A company's own name has two syllables or more: after a single one, a word of trade is more likely
            # its second syllable and the next ("Hua Fu Shi Shang" is huafu shishang, not hua fushi shang).
            if run_syllables == 1 and joined in trade and joined not in places and joined not in kinds:
                continue
            if joined in places and not _may_stand_here(joined, stream, at, size, first=not out and not run):
                continue
            if joined in places or joined in kinds or joined in trade:
                if run:
                    out.append(run)
                    run = ""
                out.extend(trade.get(joined, (joined,)))
                at += size
                run_syllables = 0
                if joined in places and at < len(stream) and stream[at] in PLACE_SUFFIXES:
                    out.append(stream[at])  # "Luo Pu Xian": the place's suffix, not the name's first syllable
                    at += 1
                break
        else:
            run += stream[at]
            run_syllables += 1
            at += 1
    if run:
        out.append(run)
    return [word for word in out if word]


def _may_stand_here(joined: str, stream: list[str], at: int, size: int, *, first: bool) -> bool:
    """Whether a place read from syllables may be one here: a place read anywhere, or one read only where a county
    is (a city of places_china.yaml) at the head of the name or with its word of level, not from the middle of
    a name's syllables ("Zhong Tai An Quan" is not Tai'an)."""
    places_of = gazetteer()
    if any(places_of.bare(place) for place in places_of.joined[joined]):
        return True
    return first or (at + size < len(stream) and stream[at + size] in PLACE_SUFFIXES)


def _match_phrase(words: list[str], at: int, phrases: Container[tuple[str, ...]], longest: int) -> int:
    """How many words from `at` form the longest phrase of `phrases` (0 for none)."""
    for size in range(min(longest, len(words) - at), 0, -1):
        if tuple(words[at : at + size]) in phrases:
            return size
    return 0


def _latin_key(text: str) -> NameKey:
    # Words in brackets name a branch or a subsidiary ("Hoshine Silicon Industry (Shanshan)"): read apart, where
    # a place of any level is a place.
    inner = " ".join(BRACKETS.findall(text))
    words, registered = _latin_words(BRACKETS.sub(" ", text))
    key = _latin_read(words, bracketed=False)
    if registered:
        key = replace(key, registered=True)
    if not inner.strip():
        return key
    extra = _latin_read(_latin_words(inner)[0], bracketed=True)
    return NameKey(
        slots=(*key.slots, *extra.slots),
        places=(*key.places, *extra.places),
        leading=key.leading,
        body=key.body or extra.body,
        # A body named with its place in brackets only ("Police College (Xinjiang)") is that place's.
        body_places=key.body_places or (extra.places if key.body and not key.places else ()),
        sectors=key.sectors | extra.sectors,
        registered=key.registered,
    )


def _latin_read(words: list[str], *, bracketed: bool) -> NameKey:
    vocabulary, kinds, (kinds_latin, longest_kind) = company_words(), bodies(), _kinds_latin()
    found_bodies: list[tuple[int, int, str]] = []
    at = 0
    while at < len(words):
        size = _match_phrase(words, at, kinds_latin, longest_kind)
        if size:
            found_bodies.append((at, size, kinds_latin[tuple(words[at : at + size])]))
            at += size
            continue
        # A kind written in pinyin a word or two syllables at a time ("Wuzheng Jianding Zhongxin").
        for size in range(min(4, len(words) - at), 1, -1):
            joined = "".join(words[at : at + size])
            if joined in kinds.joined and pinyin_syllables(joined) is not None:
                found_bodies.append((at, size, kinds.joined[joined]))
                at += size
                break
        else:
            at += 1
    # The organisation is the first kind of body named, unless an institution follows it: "Police College" is a
    # college. What follows a body otherwise is a unit of it (a district branch, a detachment). A national body
    # named with another kind is that unit's parent, as a place is a bureau's ("Institute of Forensic Science of
    # the Ministry of Public Security"): the unit is the body, of the country. So is a government named with one of
    # its departments ("People's Government Public Security Bureau"): the department is the body, of its place.
    # A word that is a place as well as a kind (Bingtuan, 兵团: the XPCC), before another kind, is that body's place.
    places_of = gazetteer()
    found_bodies = [
        found
        for index, found in enumerate(found_bodies)
        if index == len(found_bodies) - 1 or "".join(words[found[0] : found[0] + found[1]]) not in places_of.joined
    ]
    national = [found for found in found_bodies if found[2] in kinds.national]
    parents = [found for found in found_bodies if found[2] in kinds.parents]
    units = [found for found in found_bodies if found[2] not in kinds.parents]
    chosen = units if parents and units else found_bodies
    body, body_start, body_end = "", len(words), len(words)
    taken = {i for start, size, _ in found_bodies for i in range(start, start + size)}
    if chosen:
        start, size, kind = chosen[0]
        if not any(
            word in vocabulary.institutions for i, word in enumerate(words) if i >= start + size and i not in taken
        ):
            body, body_start, body_end = kind, start, start + size
    if not body:
        taken = set()
    places: list[frozenset[str]] = []
    leading: list[frozenset[str]] = []
    owned: list[frozenset[str]] = []
    slots: list[str] = []
    ambiguous: dict[int, frozenset[str]] = {}
    at = 0
    while at < len(words):
        if at in taken:
            at += 1
            continue
        place = _place_at(words, at, bool(body) or bracketed)
        if place is None and not slots and not body:
            # A county's bare name at the head of a company's name is its trade name as often as its place.
            maybe = _place_at(words, at, True)
            if maybe is not None and maybe[1] == 1 and not _suffixed(words, at + 1):
                places.append(maybe[0])
                leading.append(maybe[0])
                ambiguous[len(slots)] = maybe[0]
                slots.append(words[at])
                at += 1
                continue
        if place is not None:
            ids, size = place
            starts = at
            at += size
            while at < len(words) and words[at] in PLACE_SUFFIXES:
                at += 1
            ids = places_of.of_level(ids, words[starts + size : at])
            places.append(ids)
            if not slots and not bracketed:
                leading.append(ids)
            # A body's own places come before it, or straight after it ("Bureau of Public Security of Hotan").
            if body and (starts < body_start or (starts == body_end and not owned)):
                owned.append(ids)
            continue
        word = words[at]
        slots.extend(vocabulary.trade_pinyin.get(word, (word,)))
        at += 1
    if body and not owned and ((national and units) or (body in kinds.place_named and COUNTRY_WORD in slots)):
        # Of the country: its national body's unit, or a body named "of China" (its national one).
        owned.append(COUNTRY)
        slots = [word for word in slots if word != COUNTRY_WORD]
    return NameKey(
        slots=_latin_slots(slots, ambiguous),
        places=tuple(places),
        leading=tuple(leading),
        body=body,
        body_places=tuple(owned),
        sectors=_sectors(slots),
    )


def _only_places(words: list[str]) -> bool:
    at = 0
    while at < len(words):
        if words[at] in PLACE_SUFFIXES:
            at += 1
            continue
        place = _place_at(words, at, True)
        if place is None:
            return False
        at += place[1]
    return True


def _place_at(words: list[str], at: int, any_level: bool) -> tuple[frozenset[str], int] | None:
    """The place whose name starts at `words[at]` (ids it may be, words it takes), if any. A county's bare name
    is a place only with its suffix, in a body's name or in brackets; a long word one typo from a place's name
    is that place ("Gaungdong")."""
    places_of = gazetteer()
    size = _match_phrase(words, at, places_of.latin, places_of.longest_latin)
    ids: list[str] = places_of.latin[tuple(words[at : at + size])] if size else []
    if not size and words[at] in places_of.joined:
        ids, size = places_of.joined[words[at]], 1
    if not size and len(words[at]) >= TYPO_LENGTH and pinyin_syllables(words[at]) is None:
        # Only a word that is not itself pinyin: "Tanyuan" is a name one letter from Taiyuan, not a typo.
        near = _place_typo(words[at])
        if near is not None:
            ids, size = places_of.latin[(near,)], 1
    if not size:
        return None
    suffixed = at + size < len(words) and words[at + size] in PLACE_SUFFIXES
    # A city of China's ending a name after its own words is where the company or branch is ("… Battery Xiangyang").
    ending = at > 0 and at + size == len(words)
    named = tuple(words[at : at + size])
    usable = frozenset(
        i
        for i in ids
        if suffixed
        or (ending and places_of.city_of_china(i))
        or ((any_level or places_of.bare(i)) and (named, i) not in places_of.suffixed_only)
    )
    return (usable, size) if usable else None


def _suffixed(words: list[str], at: int) -> bool:
    return at < len(words) and words[at] in PLACE_SUFFIXES


def _latin_slots(words: list[str], places: Mapping[int, frozenset[str]] | None = None) -> tuple[Slot, ...]:
    """One slot per word. A word also carries its joins with the words after it, so "Cloud Walk" meets
    "CloudWalk" and "Kuang Shi" meets 旷视 ("kuangshi"); a word in pinyin, when long, carries its runs of two and
    three syllables, as a Chinese run does."""
    slots = []
    for index, word in enumerate(words):
        syllables = pinyin_syllables(word)
        forms: tuple[str, ...]
        spans: tuple[tuple[int, int], ...]
        if syllables is None:
            forms, spans = (word,), ((0, 1),)
        else:
            forms, spans = _windows(syllables)
        joined, joins = word, []
        for count, following in enumerate(words[index + 1 : index + 3], start=1):
            joined += following
            joins.append((joined, count))
        whole = spans[0]
        slots.append(
            Slot(
                (*forms, *(form for form, _ in joins)),
                syllables=len(syllables) if syllables else 1,
                spans=(*spans, *(whole for _ in joins)),
                joins=(*(0 for _ in forms), *(count for _, count in joins)),
                place=(places or {}).get(index, frozenset()),
            )
        )
    return tuple(slots)


def entity_sectors(labels: list[str], category: str = "") -> frozenset[str]:
    """What a listed entity does, from all its names and its list's category (an alias alone, "Akesu Huafu", may
    say no sector, while its entity is a textile company)."""
    categories = company_words().list_categories
    found = {categories[category]} if category in categories else set()
    for label in labels:
        found |= key_for(label).sectors
    return frozenset(found)


@cache
def _sector_words() -> dict[str, str]:
    """The sector vocabulary as names are read: plurals made singular ("logistics" -> "logistic")."""
    found = dict(company_words().sectors)
    for phrase, sector in company_words().sectors.items():
        found.setdefault(" ".join(_singular(word) for word in phrase.split()), sector)
    return found


def sector_word(word: str) -> bool:
    """Whether a word says what a company does ("logistic", "bank"): never evidence of which company it is."""
    return word in _sector_words()


def _sectors(words: list[str]) -> frozenset[str]:
    sectors = _sector_words()
    found = {sectors[word] for word in words if word in sectors}
    found |= {sectors[f"{a} {b}"] for a, b in itertools.pairwise(words) if f"{a} {b}" in sectors}
    return frozenset(found)


# --- Chinese names -----------------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _spoken(text: str) -> tuple[str, ...]:
    """The pinyin of a run of Chinese characters, one syllable per character. pypinyin cuts the run into the
    words of its phrase dictionary and reads each word; we cut the same way and keep each word's reading, since
    the same words come back in name after name (for runs of Chinese characters this gives lazy_pinyin's answer,
    tests/partners/test_names.py checks it, at a seventh of the time)."""
    from pypinyin.seg.mmseg import seg

    return tuple(syllable for word in seg.cut(text) for syllable in _word_spoken(word))


@lru_cache(maxsize=50_000)
def _word_spoken(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word))


def _run_slot(run: str) -> Slot:
    """A run of Chinese characters as a slot: its pinyin whole, its runs of two and three syllables, and the
    English its words are translated by where a company names itself by meaning (name_meanings.yaml)."""
    syllables = _spoken(run)[:LONGEST_SLOT_SYLLABLES]
    forms, spans = _windows(syllables)
    renderings: tuple[tuple[str, ...], ...] = ()
    if len(syllables) == len(run):  # one syllable per character: the spans of the translations line up
        # The whole run with one character read another way (勒 is "lei" to pypinyin, "le" in Ashele).
        known = set(forms)
        other = [reading for reading in _other_readings(run) if reading not in known]
        forms, spans = (*forms, *other), (*spans, *((0, len(syllables)),) * len(other))
        meant, renderings = _meanings(run)
        known = set(forms)
        extra = [(form, span) for form, span in meant if form not in known]
        forms, spans = (*forms, *(form for form, _ in extra)), (*spans, *(span for _, span in extra))
    # Each pinyin form in Wade-Giles too, where it is written otherwise.
    older = {_wade_giles(syllables[start:end]): (start, end) for start, end in _windows(syllables)[1]}
    older = {form: span for form, span in older.items() if form not in forms}
    return Slot(
        forms,
        syllables=len(syllables),
        latin=False,
        spans=spans,
        renderings=renderings,
        older=tuple(older),
        older_spans=tuple(older.values()),
    )


def _wade_giles(syllables: tuple[str, ...]) -> str:
    """The run in Wade-Giles, as older and Taiwanese company names write it without marks (光启 "Kuang-Chi",
    中泰 "Chungtai")."""
    return "".join(_syllable_wade_giles(syllable) for syllable in syllables)


# Syllables pypinyin's Wade-Giles table writes wrongly ("hei" for hai, "ho" for huo, "t'oeh" for tie), as
# Wade-Giles writes them (every pypinyin syllable was read against the table: these are all it gets wrong).
WADE_GILES_MENDED = {
    **{syllable: syllable for syllable in ("ai", "hai", "lai", "mai", "nai", "sai", "shai", "wai", "huo", "shuo")},
    "tie": "t'ieh",
    "chua": "ch'ua",
}


@lru_cache(maxsize=2_000)
def _syllable_wade_giles_marked(syllable: str) -> str:
    """One pinyin syllable in Wade-Giles with its apostrophe and umlaut ("qi" -> "ch'i", "xue" -> "hsüeh")."""
    from pypinyin.style.wadegiles import to_wade_glides

    if syllable in WADE_GILES_MENDED:
        return WADE_GILES_MENDED[syllable]
    return to_wade_glides(syllable).replace("v", "ü")


def _syllable_wade_giles(syllable: str) -> str:
    return "".join(ch for ch in _syllable_wade_giles_marked(syllable).replace("ü", "u") if ch.isalpha())


@cache
def _from_wade_giles_table() -> tuple[dict[str, str], frozenset[str]]:
    """Wade-Giles syllables (marked, and without marks) -> pinyin; and those that are not pinyin themselves."""
    table: dict[str, str] = {}
    unmarked: dict[str, str] = {}
    for syllable in sorted(_syllables()):
        marked = _syllable_wade_giles_marked(syllable)
        table.setdefault(marked, syllable)
        # Written without marks, a syllable is read as the unaspirated one ("chi" is ji, not qi).
        plain = marked.replace("ü", "u").replace("'", "")
        if "'" not in marked:
            unmarked[plain] = syllable
        else:
            unmarked.setdefault(plain, syllable)
    for plain, syllable in unmarked.items():
        table.setdefault(plain, syllable)
    own = frozenset(form for form in table if "'" in form or form.replace("ü", "u") not in _syllables())
    return table, own


def _english(word: str, level: float = KNOWN_IN_ENGLISH) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= level


WADE_GILES_WORD = re.compile(r"[a-zü]+(?:['’‘][a-zü]+)?(?:-[a-zü]+(?:['’‘][a-zü]+)?)*", re.IGNORECASE)


def _from_wade_giles(text: str) -> str:
    """A name written in Wade-Giles ("Hsin-chiang Sheng-ch'an Chien-she Ping-t'uan") in pinyin syllables, so
    its places, kinds of body and words of trade are read as in pinyin. Only a name with a hyphenated word all of
    whose syllables are Wade-Giles, one of them not pinyin, is taken for one: then its other words that only
    Wade-Giles writes ("Shih") are read so too."""
    if "-" not in text:
        return text
    table, own = _from_wade_giles_table()
    words = [
        (match, match.group(0).lower().replace("’", "'").replace("‘", "'")) for match in WADE_GILES_WORD.finditer(text)
    ]

    def syllables(word: str) -> list[str] | None:
        parts = word.split("-")
        return parts if all(part in table for part in parts) else None

    if not any("-" in word and (parts := syllables(word)) and any(part in own for part in parts) for _, word in words):
        return text
    out, at = [], 0
    for match, word in words:
        parts = syllables(word)
        if parts is None or ("-" not in word and (word not in own or _english(word, COMMON_IN_ENGLISH))):
            continue  # "No." is a number, not nuo; "Shih" (shi), rare in English, is Wade-Giles
        out.append(text[at : match.start()])
        out.append(" ".join(table[part] for part in parts))
        at = match.end()
    out.append(text[at:])
    return "".join(out)


# At most this many other readings of a run, each with one character read another way.
OTHER_READINGS = 6


@lru_cache(maxsize=100_000)
def _other_readings(run: str) -> tuple[str, ...]:
    """The run's whole pinyin with one character at a time read with another of its sounds, as pypinyin lists
    them (names keep readings a dictionary ranks second: 曾 as "zeng", 朝阳 as "chaoyang")."""
    spoken = list(_spoken(run))
    if len(spoken) != len(run):
        return ()
    found: list[str] = []
    for at, character in enumerate(run):
        for sound in _readings(character):
            if sound != spoken[at] and sound.isascii() and sound.isalpha():
                found.append("".join([*spoken[:at], sound, *spoken[at + 1 :]]))
    return tuple(dict.fromkeys(found))[:OTHER_READINGS]


@lru_cache(maxsize=20_000)
def _readings(character: str) -> tuple[str, ...]:
    """Every sound pypinyin knows for one character, without tones (a few thousand characters: kept)."""
    from pypinyin import Style, pinyin

    return tuple(pinyin(character, style=Style.NORMAL, heteronym=True)[0])


# At most this many renderings of a whole run (each word's renderings multiply).
MEANING_RENDERINGS = 8


@lru_cache(maxsize=100_000)
def _meanings(run: str) -> tuple[tuple[tuple[str, tuple[int, int]], ...], tuple[tuple[str, ...], ...]]:
    """The run's words of name_meanings.yaml, longest first from the left, each rendering with the characters it
    stands for; single characters only where every character of the run is read, then the whole run rendered,
    as one form and word by word."""
    meanings = name_meanings()
    words: list[tuple[int, int, tuple[str, ...]]] = []
    at = 0
    while at < len(run):
        for size in range(min(meanings.longest, len(run) - at), 0, -1):
            rendered = meanings.words.get(run[at : at + size])
            if rendered:
                words.append((at, at + size, rendered))
                at += size
                break
        else:
            at += 1
    found: list[tuple[str, tuple[int, int]]] = [
        (rendering, (start, end)) for start, end, renderings in words if end - start > 1 for rendering in renderings
    ]
    wholes: list[tuple[str, ...]] = []
    if words and sum(end - start for start, end, _ in words) == len(run):
        wholes = [()]
        for _, _, renderings in words:
            wholes = [(*whole, rendering) for whole in wholes for rendering in renderings][:MEANING_RENDERINGS]
        if len(words) > 1:
            found += [("".join(whole), (0, len(run))) for whole in wholes]
    return tuple(dict.fromkeys(found)), tuple(wholes)


def _windows(syllables: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """A run's whole pinyin and its runs of two and three syllables, each with the syllables it covers."""
    found: dict[str, tuple[int, int]] = {"".join(syllables): (0, len(syllables))}
    for size in WINDOWS:
        if len(syllables) > size:
            for i in range(len(syllables) - size + 1):
                found.setdefault("".join(syllables[i : i + size]), (i, i + size))
    return tuple(found), tuple(found.values())


@cache
def _chinese_vocabulary() -> tuple[dict[str, tuple[str, object]], int]:
    """Every Chinese form of a place, a kind of body and a word of trade, with what it is; and the longest."""
    found: dict[str, tuple[str, object]] = {}
    for form, place in gazetteer().chinese.items():
        found[form] = ("place", place)
    for form, kind in bodies().chinese.items():
        found[form] = ("body", kind)
    for form, english in company_words().trade.items():
        if len(form) >= 2:
            found.setdefault(form, ("trade", english))
    return found, max(len(form) for form in found)


@cache
def _legal_or_branch() -> frozenset[str]:
    """The Chinese words of trade that end a name without saying what it does: legal forms and 分公司 (branch)."""
    return frozenset(form for form, english in company_words().trade.items() if set(english) <= {"branch"})


@cache
def _chinese_head_only() -> frozenset[str]:
    """Short forms of places read only where a county is (places_china.yaml's cities): at the head of a name, after
    other places. Inside a name they are as often two characters of its own (国泰安 is not Tai'an, 德州仪器 is
    Texas Instruments); written with their word of level (泰安市) they are read anywhere."""
    places_of = gazetteer()
    return frozenset(
        form
        for form, place in places_of.chinese.items()
        if not places_of.places[place].bare and form[-1] not in "市州县盟区"
    )


def _only_places_before(chinese: str) -> list[bool]:
    """For each position, whether the name before it is only places (广西桂林…): where a city's short form read only
    where a county is may stand."""
    vocabulary, longest = _chinese_vocabulary()
    before = [True] + [False] * len(chinese)
    for end in range(1, len(chinese) + 1):
        before[end] = any(
            before[start] and vocabulary.get(chinese[start:end], ("",))[0] == "place"
            for start in range(max(0, end - longest), end - 1)
        )
    return before


def _only_legal_after(chinese: str) -> list[bool]:
    """For each position, whether only a legal form or a branch follows it (…电池襄阳有限公司): a place there is the
    company's or the branch's."""
    _, longest = _chinese_vocabulary()
    endings, size = _legal_or_branch(), len(chinese)
    after = [False] * size + [True]
    for start in range(size - 1, -1, -1):
        after[start] = any(
            after[end] and chinese[start:end] in endings for end in range(start + 2, min(size, start + longest) + 1)
        )
    return after


def _vocabulary_words(chinese: str) -> dict[int, int]:
    """Where the vocabulary's words stand in a Chinese name (start -> length). Of the ways to cut the name into
    them and the characters between, the one that leaves fewest characters outside a word, then the fewest runs
    of them, then the fewest words: 紫金|矿业|集团 (the name 紫金, mining, group), not 紫|金矿|业|集团 (a gold mine
    between two stray characters), as taking the longest word from the left would."""
    vocabulary, longest = _chinese_vocabulary()
    head_only = _chinese_head_only()
    size = len(chinese)
    places_before, legal_after = _only_places_before(chinese), _only_legal_after(chinese)
    # best[at][after_run]: the cost (characters outside, runs, words) of reading chinese[at:], and the first step.
    best: list[list[tuple[tuple[int, int, int], int]]] = [[((0, 0, 0), 0), ((0, 0, 0), 0)] for _ in range(size + 1)]
    for at in range(size - 1, -1, -1):
        words_here = [
            length
            for length in range(min(longest, size - at), 1, -1)
            if chinese[at : at + length] in vocabulary
            and (places_before[at] or legal_after[at + length] or chinese[at : at + length] not in head_only)
        ]
        for after_run in (0, 1):
            (outside, runs, words), _ = best[at + 1][1]
            options = [((outside + 1, runs + (not after_run), words), 0)]
            for length in words_here:
                (outside, runs, words), _ = best[at + length][0]
                options.append(((outside, runs, words + 1), length))
            best[at][after_run] = min(options, key=lambda option: (option[0], -option[1]))
    chosen: dict[int, int] = {}
    at, after_run = 0, 0
    while at < size:
        length = best[at][after_run][1]
        if length:
            chosen[at] = length
            at, after_run = at + length, 0
        else:
            at, after_run = at + 1, 1
    return chosen


def _cjk_key(text: str) -> NameKey:
    text = simplified_chinese(text)
    # A place in brackets names a branch or subsidiary: 合盛硅业(鄯善) is Hoshine's Shanshan company.
    bracketed = [inner for inner in BRACKETS.findall(text)]
    text = BRACKETS.sub(" ", text)
    chinese = "".join(ch for ch in text if CJK.match(ch))
    vocabulary, _ = _chinese_vocabulary()
    trade, kinds = company_words().trade, bodies()
    places: list[frozenset[str]] = []
    leading: list[frozenset[str]] = []
    body, body_after, body_form, body_leads = "", 0, "", False
    registered = False
    owned: list[frozenset[str]] = []
    english: list[str] = []
    slots: list[Slot] = []
    run = ""

    def close_run() -> None:
        nonlocal run
        # A single character of trade ends a run (棉, 硅, 厂): read it as its word, not as part of a name.
        if len(run) > 1 and run[-1] in trade and trade[run[-1]]:
            english.extend(trade[run[-1]])
            run = run[:-1]
        if run:
            slots.append(_run_slot(run))
        run = ""

    chosen = _vocabulary_words(chinese)
    at = 0
    while at < len(chinese):
        if at not in chosen:
            run += chinese[at]
            registered = False
            at += 1
            continue
        size = chosen[at]
        kind, value = vocabulary[chinese[at : at + size]]
        close_run()
        if kind == "place":
            ids = frozenset([str(value)])
            places.append(ids)
            if not slots and not english:
                leading.append(ids)
        elif kind == "body":
            if body and value != body and body_form in gazetteer().chinese:
                # A place as well as a kind (兵团), before another kind: that body's place (兵团公安局).
                ids = frozenset([gazetteer().chinese[body_form]])
                places.append(ids)
                if body_leads:
                    leading.append(ids)
                body = ""
            if not body or (body in kinds.parents and value not in kinds.parents):
                # A national body's unit (公安部物证鉴定中心) is the body, of the country; a government's department
                # (人民政府教育局) is the body, of the government's place.
                national = body in kinds.national
                body_leads = not slots and not english and not places
                body, body_after, body_form = str(value), len(slots) + len(english), chinese[at : at + size]
                owned = list(places) or ([COUNTRY] if national else [])
        else:
            english.extend(value)  # type: ignore[arg-type]
        # A legal form (a word of trade with no English, company_words.yaml) ends a registered name.
        registered = kind == "trade" and not value
        at += size
    close_run()
    if body and any(word in company_words().institutions for word in english[body_after:]):
        # An institution after a kind of body is the organisation: 警察学院 is a college, of the police.
        english[body_after:body_after] = list(trade.get(body_form) or _spoken(body_form))
        body, owned = "", []
    for inner in bracketed:
        inner_key = _cjk_key(inner) if CJK.search(inner) else NameKey()
        places.extend(inner_key.places)
        slots.extend(inner_key.slots)
    english_slots = [Slot((word,)) for word in english if word]
    return NameKey(
        slots=(*slots, *english_slots),
        places=tuple(places),
        leading=tuple(leading),
        body=body,
        body_places=tuple(owned),
        sectors=_sectors(english),
        cjk=normalise(chinese),
        registered=registered,
    )


# --- Reading a name ----------------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def key_for(name: str) -> NameKey:
    """What screening compares of one name, in whichever script it is written (a mixed one: both read)."""
    stored = _STORED.pop(name, None)  # read before and stored (names_stored): handed over to this cache
    if stored is not None:
        return stored
    text = clean(name)
    if not text:
        return NameKey()
    if not CJK.search(text):
        return _latin_key(text)
    chinese = _cjk_key(text)
    latin_part = CJK.sub(" ", BRACKETS.sub(" ", text))
    if not WORD.search(fold(latin_part)):
        return chinese
    latin = _latin_key(latin_part)
    return NameKey(
        slots=(*chinese.slots, *latin.slots),
        places=(*chinese.places, *latin.places),
        leading=(*chinese.leading, *latin.leading),
        body=chinese.body or latin.body,
        body_places=chinese.body_places or latin.body_places,
        sectors=chinese.sectors | latin.sectors,
        cjk=chinese.cjk,
        registered=chinese.registered or latin.registered,
    )


# --- What is stored to find candidates -----------------------------------------------------------------------
#
# PostgreSQL finds candidates by overlapping token arrays (a GIN index on the listed names' tokens). A partner
# carries every form of every slot, the one-letter deletions of its long Latin words (two words one typo apart
# always share one: SymSpell's deletion neighbourhood), its kind of body at each of its places, and its Chinese
# name whole. A listed name carries the same, but only for its slots rare enough to be evidence (weights.py):
# names that share only common words never meet, so the candidates stay few.


@lru_cache(maxsize=200_000)
def deletions(word: str) -> frozenset[str]:
    """A long word and its one-letter deletions (none for a short word, which must be spelt right)."""
    if len(word) < TYPO_LENGTH:
        return frozenset()
    return frozenset({word[:i] + word[i + 1 :] for i in range(len(word))} | {word})


def name_tokens(key: NameKey, *, evidence: frozenset[str] | None = None) -> set[str]:
    """The lookup tokens of a name; `evidence`, when given, keeps only the slots whose word is in it."""
    tokens: set[str] = set()
    for slot in key.slots:
        if evidence is not None and slot.word not in evidence:
            continue
        if evidence is None:
            tokens |= {f"u:{form}" for form in (*slot.forms, *slot.older)}
        else:
            # A listed name is found by its words whole (and joined with the next): a partner sharing only two
            # syllables of a longer run accounts for too little of it to be flagged, and such runs are shared
            # by thousands of names.
            whole = (0, slot.syllables)
            tokens |= {f"u:{form}" for index, form in enumerate(slot.forms) if slot.span(index) == whole}
            tokens |= {f"u:{form}" for form, span in zip(slot.older, slot.older_spans, strict=True) if span == whole}
        if slot.latin:
            tokens |= {f"t:{variant}" for variant in deletions(slot.word)}
    if key.body:
        tokens |= {f"b:{key.body}@{place}" for mention in key.body_places for place in mention}
        if not key.body_places:
            # A body named by its number, not its place ("No. 4 Vocational Skills Education Training Center"):
            # found by its kind, told apart by its other words.
            tokens.add(f"b:{key.body}")
    if key.cjk:
        tokens.add(f"c:{key.cjk}")
    if key.slots and not key.body:
        # A name made only of common words is still found by its whole set of words, and by that set with one
        # typo in one long word ("Kashgar Construciton Engineering"): both sides store each word's deletions.
        words = sorted(set(key.words))
        tokens.add("w:" + " ".join(words))
        if evidence is None:
            # A partner's Chinese name translated word by word meets a listed name of ordinary words ("East Hope").
            tokens |= {"w:" + " ".join(sorted(set(rendered))) for rendered in _rendered_words(key)}
        for at, word in enumerate(words):
            for variant in deletions(word) - {word}:
                tokens.add("w:" + " ".join(sorted([*words[:at], variant, *words[at + 1 :]])))
    places = gazetteer()
    if evidence is None:
        # A partner is found by the places it names and those they sit in: a listed organisation named by a place
        # alone (the Xinjiang Production and Construction Corps) then meets its units and its companies.
        for mention in key.places:
            for place in mention:
                tokens |= {f"p:{place}", *(f"p:{outer}" for outer in places.ancestors(place))}
    elif not key.slots and not key.body:
        tokens |= {f"p:{place}" for mention in key.places for place in mention}
    return tokens


def _rendered_words(key: NameKey) -> list[tuple[str, ...]]:
    """The name's words with each translated Chinese run in its renderings (none when no run is translated)."""
    if not any(slot.renderings for slot in key.slots):
        return []
    found: list[tuple[str, ...]] = [()]
    for slot in key.slots:
        options = slot.renderings or ((slot.word,),)
        found = [(*words, *option) for words in found for option in options][:MEANING_RENDERINGS]
    return found


def partner_tokens(name: str, name_local: str, owner: str = "") -> list[str]:
    """What a partner is looked up by (Partner.match_tokens): the tokens of its names and its owner's name."""
    tokens: set[str] = set()
    for own in (name, name_local, owner):
        if own:
            tokens |= name_tokens(key_for(own))
    return sorted(tokens)


def listed_name_rows(name: str, aliases: list[str], local_names: list[str]) -> list[dict]:
    """The EntityName rows of one listed entity: each of its names once, with its kind (tokens come later, once
    the words' weights are known: lists.entity_names_build)."""
    rows, seen = [], set()
    labelled = [(name, "name"), *((a, "alias") for a in aliases), *((n, "local") for n in local_names)]
    for label, kind in labelled:
        cleaned = clean(label)
        key = normalise(cleaned)
        if key and cleaned not in seen:
            seen.add(cleaned)
            rows.append({"name_norm": key[:500], "label": cleaned[:500], "kind": kind})
    return rows


# --- A partner's names as read, stored beside its tokens -------------------------------------------------------
#
# Reading a name costs a tenth to a quarter of a millisecond (pinyin, places, meanings); screening a partner again
# after a list change needs its names read, and the process doing it has usually never seen them. So a partner
# keeps its names as read (Partner.name_keys), written with its tokens, and screening loads them instead of
# reading again. They are plain tuples in marshal's format, which loads data and never runs code; they carry the
# version of the reading that wrote them, and a partner written by another version is simply read again.

READING_SOURCES = ("names.py", "vocabulary.py", "normalise.py", "data/*.yaml")
READING_LIBRARIES = ("pypinyin", "opencc", "fingerprints", "normality", "rapidfuzz", "PyYAML", "wordfreq")


@cache
def reading_version() -> bytes:
    """What a stored reading depends on: this code and vocabulary, the libraries that read with it (pinyin,
    Chinese folding, legal forms and their text folding, typo distances, the vocabulary's YAML), and marshal's
    format (Python's version)."""
    import hashlib
    import sys
    from importlib.metadata import version
    from pathlib import Path

    here = Path(__file__).resolve().parent
    libraries = " ".join(version(name) for name in READING_LIBRARIES)
    digest = hashlib.sha256(f"{sys.version_info[:2]} {libraries}".encode())
    for pattern in READING_SOURCES:
        for path in sorted(here.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.digest()[:8]


def keys_dump(keys: tuple[NameKey, ...]) -> bytes:
    """Several names as read, in one value for Partner.name_keys."""
    import marshal

    return reading_version() + marshal.dumps(tuple(_key_fields(key) for key in keys))


# Names read before, loaded from where they were stored, until key_for is first asked for them.
_STORED: dict[str, NameKey] = {}
STORED_LIMIT = 100_000


def names_stored(names: list[str], stored: bytes | memoryview | None) -> None:
    """Names whose reading was stored (keys_dump of their keys, in the same order): key_for takes them from here
    instead of reading them again. Nothing happens if they were stored by another reading."""
    keys = keys_load(stored)
    if keys is None or len(keys) != len(names):
        return
    if len(_STORED) > STORED_LIMIT:  # names loaded and never asked for: not kept for ever
        _STORED.clear()
    for name, key in zip(names, keys, strict=True):
        _STORED.setdefault(name, key)


def keys_load(data: bytes | memoryview | None) -> tuple[NameKey, ...] | None:
    """The names as `keys_dump` stored them, or None when they were read by another version (or never stored)."""
    import marshal

    if not data:
        return None
    data = bytes(data)
    version = reading_version()
    if not data.startswith(version):
        return None
    return tuple(_key_from(fields) for fields in marshal.loads(data[len(version) :]))


def _field_names(kind: type) -> tuple[str, ...]:
    from dataclasses import fields

    return tuple(field.name for field in fields(kind))


_SLOT_FIELDS, _KEY_FIELDS = _field_names(Slot), _field_names(NameKey)


def _key_fields(key: NameKey) -> tuple:
    slots = tuple(tuple(getattr(slot, name) for name in _SLOT_FIELDS) for slot in key.slots)
    return (slots, *(getattr(key, name) for name in _KEY_FIELDS[1:]))


def _key_from(fields: tuple) -> NameKey:
    # Built straight into each object's __dict__: the frozen dataclasses' __init__ sets one field at a time
    # through object.__setattr__, which took most of the loading time.
    slots = []
    for values in fields[0]:
        slot = object.__new__(Slot)
        slot.__dict__.update(zip(_SLOT_FIELDS, values, strict=True))
        slots.append(slot)
    key = object.__new__(NameKey)
    key.__dict__.update(zip(_KEY_FIELDS, (tuple(slots), *fields[1:]), strict=True))
    return key
