"""The data screening reads names with, loaded once: places, kinds of body, words of trade, legal forms, sectors.

Each comes from a data file in partners/data/ that says where it comes from:
- places.yaml: a gazetteer of Xinjiang's places (and China's provinces and main cities), with their Chinese,
  short, traditional, pinyin, postal, older and Uyghur forms, and the place each sits in;
- bodies.yaml: kinds of public body (a public security bureau, a prison, a court ...) and their translations;
- company_words.yaml: Chinese words of trade with the English a company writes for them, abbreviations,
  spellings, legal forms, sector groups and the boilerplate some lists add to names;
- name_meanings.yaml: words of Chinese names that companies translate by meaning ("East Hope" for 东方希望).
Code loops over these; no place, body or word is named in it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
# Words that follow a place's name and belong to it ("Kashgar Prefecture", "Ili Kazakh Autonomous Prefecture").
_SUFFIX_WORDS = (
    "prefecture prefectural county city district region regional autonomous municipality municipal province "
    "provincial township town uyghur uighur uygur kazakh kirgiz kyrgyz mongol mongolian hui tajik xibe area "
    # and their pinyin, for names written in it ("Beijing Shi", "Hetian Diqu"), and Uyghur ("Ürümchi Sheherlik")
    "shi xian qu diqu zhou zizhiqu zizhizhou zizhixian sheherlik shehiri wilayiti wilayetlik nahiyisi nahiyilik "
    "aptonom rayoni oblasti"
)
PLACE_SUFFIXES = frozenset(_SUFFIX_WORDS.split())
# Words that join a name's words and say nothing of it (company_words.yaml's filler, needed here first).
_FILLER_WORDS = "and of the for in at by de du des la le el"
FILLER = frozenset(_FILLER_WORDS.split())
# Levels whose bare name is read as a place anywhere; a county's name is a place only with its suffix ("Shache
# County") or in the name of a public body ("Yarkand PSB"), since many are also words or brands.
BARE_LEVELS = ("country", "region", "province", "prefecture", "city", "xpcc_division")
# What a word after a place's name says of its level, as (levels, tiers) it may be: "Aksu City" is the county-level
# city, "Aksu Prefecture" the prefecture around it, "Hotan County" neither Hotan City nor the prefecture. A
# prefecture-level city may be called a prefecture, as many were one (Hami, Turpan), or a district (地区).
_CITY: tuple[frozenset[str], frozenset[str]] = (frozenset({"city", "province"}), frozenset())
_PREFECTURE: tuple[frozenset[str], frozenset[str]] = (
    frozenset({"prefecture", "xpcc_division"}),
    frozenset({"prefectural"}),
)
LEVEL_WORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **dict.fromkeys(("county", "xian", "zizhixian", "nahiyisi", "nahiyilik"), (frozenset({"county"}), frozenset())),
    **dict.fromkeys(("city", "municipality", "municipal", "shi", "sheherlik", "shehiri"), _CITY),
    **dict.fromkeys(
        ("prefecture", "prefectural", "diqu", "zhou", "zizhizhou", "wilayiti", "wilayetlik", "oblasti"), _PREFECTURE
    ),
    "district": (frozenset({"prefecture", "district"}), frozenset({"prefectural"})),
    **dict.fromkeys(("province", "provincial"), (frozenset({"province", "region"}), frozenset())),
}


def _load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# Uyghur written in Arabic script, letter by letter in its Latin script (ULY), so a Uyghur name meets the
# Latin forms the gazetteer and the bodies list give (ئۈرۈمچى -> ürümchi -> urumchi). The hamza that starts a
# vowel is not written in Latin.
UYGHUR = str.maketrans(
    {
        "ا": "a", "ە": "e", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch", "خ": "x", "د": "d", "ر": "r",
        "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "گ": "g", "ڭ": "ng",
        "ل": "l", "م": "m", "ن": "n", "ھ": "h", "و": "o", "ۇ": "u", "ۆ": "ö", "ۈ": "ü", "ۋ": "w", "ې": "ë",
        "ى": "i", "ي": "y", "ئ": "", "،": ",", "؟": "?",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower case ASCII letters and digits only: "Gong'anju" -> "gonganju", "Ürümqi" -> "urumqi"; Uyghur in
    Arabic script through its Latin script first."""
    text = unicodedata.normalize("NFKD", text.translate(UYGHUR)).casefold()
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch.isspace()))


@dataclass(frozen=True)
class Place:
    id: str
    level: str
    parent: str
    zh: str
    tier: str = ""
    # False: read as a place only where a county is (places_china.yaml: many cities' pinyin are brands too).
    bare: bool = True


class Gazetteer:
    """Places by their Latin and Chinese forms, with the place each one sits in."""

    def __init__(self, entries: list[dict]) -> None:
        self.places: dict[str, Place] = {}
        self.latin: dict[tuple[str, ...], list[str]] = {}
        self.chinese: dict[str, str] = {}
        # (words, id) that name the place only with a word of level after them: "Urumqi" is the city, and the county
        # only as "Urumqi County".
        self.suffixed_only: set[tuple[tuple[str, ...], str]] = set()
        bare_forms: set[tuple[tuple[str, ...], str]] = set()
        for entry in entries:
            place = Place(
                entry["id"],
                entry["level"],
                entry.get("parent") or "",
                entry.get("zh", ""),
                entry.get("tier", ""),
                entry.get("bare", True),
            )
            self.places[place.id] = place
            latin = [entry.get("pinyin", ""), *entry.get("names", [])]
            for form in latin:
                written = fold(form.replace("&", " ")).split()
                words = tuple(word for word in written if word not in PLACE_SUFFIXES | FILLER)
                # "Shache Xian" -> shache: the pinyin's own words for county, city and prefecture go too.
                words = tuple(word for word in words if word not in ("xian", "shi", "diqu", "zizhizhou", "qu"))
                if words and any(word in PLACE_SUFFIXES for word in written):
                    self.suffixed_only.add((words, place.id))
                elif words:
                    bare_forms.add((words, place.id))
                if words:
                    ids = self.latin.setdefault(words, [])
                    if place.id not in ids:
                        ids.append(place.id)
            for form in [entry.get("zh", ""), *entry.get("zh_short", []), *entry.get("zh_traditional", [])]:
                if form:
                    self.chinese.setdefault(form, place.id)
        self.suffixed_only -= bare_forms
        self.longest_latin = max((len(words) for words in self.latin), default=1)
        # Places by their Latin words written as one ("hangzhou", "lopnur"), for pinyin written syllable by
        # syllable ("Hang Zhou"), and the long one-word names a typo may hide in ("Gaungdong").
        self.joined: dict[str, list[str]] = {}
        for words, ids in self.latin.items():
            self.joined.setdefault("".join(words), []).extend(
                i for i in ids if i not in self.joined.get("".join(words), [])
            )
        self.long_words = tuple(sorted(words[0] for words in self.latin if len(words) == 1 and len(words[0]) >= 7))

    def ancestors(self, place_id: str) -> list[str]:
        found = []
        current = self.places.get(place_id)
        while current is not None and current.parent and current.parent not in found:
            found.append(current.parent)
            current = self.places.get(current.parent)
        return found

    def agree(self, a: str, b: str) -> bool:
        """The same place, or one inside the other (Kashgar City is in Kashgar Prefecture)."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def bare(self, place_id: str) -> bool:
        """Whether the place's name alone, anywhere in a name, is read as the place."""
        place = self.places[place_id]
        return place.bare and place.level in BARE_LEVELS

    def city_of_china(self, place_id: str) -> bool:
        """A prefecture-level place of places_china.yaml: read as a county is, and at the end of a name too."""
        place = self.places[place_id]
        return not place.bare and place.level in BARE_LEVELS

    def of_level(self, ids: frozenset[str], words: list[str]) -> frozenset[str]:
        """Of the places a name may be, those the words after it allow ("Aksu" + "City"): the last word that
        says a level decides. When none of them fits, the writer's level was wrong, not the place: all stay."""
        said = [LEVEL_WORDS[word] for word in words if word in LEVEL_WORDS]
        if not said:
            return ids
        levels, tiers = said[-1]
        fitting = frozenset(
            i for i in ids if self.places[i].level in levels or (tiers and self.places[i].tier in tiers)
        )
        return fitting or ids


@dataclass(frozen=True)
class BodyKinds:
    latin: dict[tuple[str, ...], str]
    chinese: dict[str, str]
    place_named: frozenset[str]
    # The pinyin of the Chinese forms written as one word ("gonganju"), for names written syllable by syllable.
    joined: dict[str, str]
    # Kinds with one body for the whole country (the Ministry of Public Security): a unit named after it (its
    # forensic institute) is the body, of the country, as a bureau's unit is its place's.
    national: frozenset[str] = frozenset()
    # Kinds whose departments are kinds of their own (a people's government): named with one, its parent.
    governing: frozenset[str] = frozenset()

    @cached_property
    def longest_latin(self) -> int:
        return max((len(words) for words in self.latin), default=1)

    @cached_property
    def parents(self) -> frozenset[str]:
        """Kinds that yield to another kind named with them: its unit's or its department's parent."""
        return self.national | self.governing


@dataclass(frozen=True)
class CompanyWords:
    # Chinese word of trade -> its English words (empty for a legal form).
    trade: dict[str, tuple[str, ...]]
    # Pinyin of those words ("keji") -> the same English words.
    trade_pinyin: dict[str, tuple[str, ...]]
    abbreviations: dict[str, tuple[str, ...]]
    spellings: dict[str, str]
    legal_forms: frozenset[str]
    legal_form_spellings: tuple[str, ...]
    # Legal forms of several words, one of which is no legal form alone ("joint stock"): dropped only together.
    legal_form_phrases: frozenset[tuple[str, ...]]
    filler: frozenset[str]
    # word (or words joined by a space) -> its sector
    sectors: dict[str, str]
    # a list's category of an entry -> its sector
    list_categories: dict[str, str]
    institutions: frozenset[str]
    # the English words of trade (科技 -> technology ...): they say what a company does, not which it is
    trade_english: frozenset[str]
    boilerplate: tuple[str, ...]
    groups: frozenset[str]  # words naming a group of companies ("group", "holding")
    modifiers: frozenset[str]  # words of trade that qualify a name, not say a trade ("international", "new")


@cache
def gazetteer() -> Gazetteer:
    countries = [
        {"id": f"country:{code}", "level": "country", "names": names} for code, names in _load("countries.yaml").items()
    ]
    # places.yaml is written by hand; places_china.yaml (bench/make_places_china.py) adds the rest of China.
    return Gazetteer([*_load("places.yaml"), *_load("places_china.yaml"), *countries])


@cache
def bodies() -> BodyKinds:
    latin: dict[tuple[str, ...], str] = {}
    chinese: dict[str, str] = {}
    place_named, national, governing = set(), set(), set()
    for entry in _load("bodies.yaml"):
        # A kind that is another in names of organisations counts as that one (a police department is a PSB).
        kind = entry.get("same_as") or entry["kind"]
        if entry.get("place_named"):
            place_named.add(kind)
        if entry.get("national"):
            national.add(kind)
        if entry.get("governs"):
            governing.add(kind)
        for form in [*entry.get("en", []), *entry.get("uyghur_latin", [])]:
            words = tuple(word for word in fold(form).split() if word not in FILLER)
            if words:
                latin.setdefault(words, kind)
        for form in [*entry.get("zh", []), *entry.get("zh_traditional", [])]:
            chinese.setdefault(form, kind)
    from pypinyin import lazy_pinyin

    # One character's pinyin ("shi" of 师, "tuan" of 团) says nothing in Latin script: 市, 石 and 师 are all
    # "shi". Only forms of two characters or more are read in pinyin.
    joined = {"".join(lazy_pinyin(form)): kind for form, kind in chinese.items() if len(form) >= 2}
    joined.update({words[0]: kind for words, kind in latin.items() if len(words) == 1})
    # The pinyin of a Chinese form is a Latin form too: "Gong'anting", "Gonganju".
    for word, kind in joined.items():
        latin.setdefault((word,), kind)
    return BodyKinds(latin, chinese, frozenset(place_named), joined, frozenset(national), frozenset(governing))


@cache
def company_words() -> CompanyWords:
    from pypinyin import lazy_pinyin

    data = _load("company_words.yaml")
    trade = {zh: tuple((english or "").split()) for zh, english in data["trade"].items()}
    trade_pinyin = {"".join(lazy_pinyin(zh)): english for zh, english in trade.items() if len(zh) >= 2}
    sectors = {word: sector for sector, words in data["sectors"].items() for word in words}
    return CompanyWords(
        trade=trade,
        trade_pinyin=trade_pinyin,
        abbreviations={short: tuple(long.split()) for short, long in data["abbreviations"].items()},
        spellings=dict(data["spellings"]),
        legal_forms=frozenset(data["legal_forms"].split()),
        legal_form_spellings=tuple(data["legal_form_spellings"].split()),
        legal_form_phrases=frozenset(tuple(phrase.split()) for phrase in data["legal_form_phrases"]),
        filler=frozenset(data["filler"].split()),
        sectors=sectors,
        list_categories=dict(data.get("list_categories", {})),
        institutions=frozenset(data["institutions"].split()),
        trade_english=frozenset(word for english in trade.values() for word in english),
        groups=frozenset(data["groups"].split()),
        modifiers=frozenset(data["modifiers"].split()),
        boilerplate=tuple(sorted((phrase.casefold() for phrase in data["boilerplate"]), key=len, reverse=True)),
    )


def without_boilerplate(name: str) -> str:
    """A name without the phrases some lists append to it ("and any successor, sub-unit, or subsidiary
    thereof"), and without an alias's leading "and "."""
    text = " ".join(name.split())
    lowered = text.casefold()
    for phrase in company_words().boilerplate:
        at = lowered.find(phrase)
        if at >= 0:
            text, lowered = (
                (text[:at] + text[at + len(phrase) :]).strip(" ,;"),
                (lowered[:at] + lowered[at + len(phrase) :]).strip(" ,;"),
            )
    return re.sub(r"^(?:and|&)\s+", "", text, flags=re.IGNORECASE).strip(" ,;")


@dataclass(frozen=True)
class Meanings:
    """Chinese words with their English renderings, each written as one folded word ("great wall" ->
    "greatwall"); `longest`: the longest Chinese word."""

    words: dict[str, tuple[str, ...]]
    longest: int


@cache
def name_meanings() -> Meanings:
    entries: dict[str, list[str]] = _load("name_meanings.yaml")
    words = {
        chinese: tuple(dict.fromkeys(fold(rendering).replace(" ", "") for rendering in renderings))
        for chinese, renderings in entries.items()
    }
    return Meanings(words, max(len(chinese) for chinese in words))
