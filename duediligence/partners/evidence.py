"""Whether a partner's name names a listed organisation, scored from evidence weighted by data.

The score (0 to 1) says how much of the listed name the partner's name accounts for, and how much of the
partner's name the listed one explains, each word counting by how rare it is (weights.py):

- **coverage of the listed name**: the weight of its words found in the partner's name, over the weight of all
  its words. A partner named "Hikvision Xinjiang Branch" accounts for all of "Hikvision"; a partner named
  "Hoshine Silicon Industry" accounts for only part of "Hoshine Silicon (Shanshan)", whose place it lacks;
- **coverage of the partner's name**: the same the other way. Words the partner adds lower it by their weight,
  so a branch's generic words cost little and a brand of its own costs much;
- the score is coverage of the listed name, squared, times coverage of the partner's name (the listed name
  matters more: a partner may add a branch, a city or a department to the name it carries);
- it is lowered when the two names say different **sectors** (a securities house sharing a word with a chemical
  plant), or different **trades** around an ordinary shared word (科达制造 is not Keda
  Technology), and when their **places** differ, the more so the more common the shared word is: a coined brand
  (Hikvision) names one group wherever its branches are; an ordinary word in pinyin names many companies,
  told apart by their cities;
- a place that names a listed branch or subsidiary (after its trade name, or in brackets) must be in the
  partner's name, or the partner is another company of the group (its parent or a sister);
- a public body (a public security bureau, a prison, a court) matches only the same kind of body in the same
  place: they are told apart by nothing else;
- at least one shared word must be rare enough to be evidence: names sharing only common words never match.

The threshold and the constants were set once on the development cases (bench/README.md, "Screening
quality"), never on the test cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from duediligence.partners.names import TYPO_LENGTH, NameKey, Slot, pinyin_syllables, sector_word
from duediligence.partners.vocabulary import company_words, gazetteer
from duediligence.partners.weights import Weights, coined, english_rarity

# A partner is flagged at this score or above (calibrated on the development cases).
THRESHOLD = 0.70
# Below the threshold, from this score a listed entity is shown on the partner page as one the partner
# resembles less closely, never flagged.
ALTERNATIVE_FLOOR = 0.40
# The listed name's coverage counts twice the partner's.
LISTED_POWER, PARTNER_POWER = 2.0, 1.0
# Names saying different sectors; for names sharing a coined brand (weights.coined: "DJI Logistics" and "SZ DJI
# Technology"), much less: a made-up word names one group, whatever its companies do.
SECTOR_CONFLICT = 0.6
COINED_SECTOR_CONFLICT = 0.9
# Places that disagree, for a shared word as common as the commonest evidence (a coined brand: no penalty).
PLACE_CONFLICT = 0.45
# A place naming the listed branch or subsidiary that the partner's name lacks or contradicts.
MISSING_IDENTIFYING_PLACE = 0.5
# The shared evidence must include a word at least this rare, as a share of the rarest a word can be.
EVIDENCE_FLOOR = 0.45
# Names sharing no rare word match only when the partner's accounts for this much of the listed name.
NEARLY_WHOLE = 0.9
# Below this rarity a word tells nothing of which organisation a name is (it is in too many names): in the
# coverages a word counts by how far its rarity rises above it.
COMMON = 0.35
# A word of trade (the English of 科技, 纺织 ...) says what a company does, not which: it counts this much of
# what its rarity alone would give (the corpus is too small to make "digital" as common as it is).
TRADE_SHARE = 0.0
# In the partner's name, an ordinary English word of its own ("Active" of "Camel Active", "Coast" of "Sunshine
# Coast Trading") counts at least this much: it names another company as much as it names nothing, while a
# word of trade, a sector or a group ("Trading", "Logistics", "Group") still counts nothing.
OWN_WORD_FLOOR = 0.4
# A name whose words together tell less than this is made of common words: it matches only as a whole.
MIN_INFORMATIVE = 0.5
# A listed name with a place leading it, met by a partner naming no place at all: the group's parent or its
# company elsewhere as often as a short form of the name.
NO_PLACE = 0.85
# The same, where both names are written whole with a legal form: two registrations, the listed one in its place
# and the partner's without (Daqo New Energy Corp. is the parent of Xinjiang Daqo New Energy Co., Ltd.), more
# often than one name written short.
REGISTERED_NO_PLACE = 0.65
# A partner naming its sector, where nothing the list says of the entity names one: this much when the partner's
# sector is as common among listed entities as SECTOR_COMMON_SHARE or more, down to SECTOR_CONFLICT when no
# listed entity is in it (a bank sharing a word with a listed company whose trade the list does not say).
UNKNOWN_SECTOR = 0.85
SECTOR_COMMON_SHARE = 0.05
# Two names leading with places that disagree are two companies registered in two places (新疆神火 is not
# 河南神火), however rare the name between: the first may be the other's parent, subsidiary or namesake.
LEADING_PLACE_CONFLICT = 0.6
# Names sharing only an ordinary word (pinyin, English), saying different trades and not different sectors.
TRADE_CONFLICT = 0.6
# A partner naming a group (集团, "Holdings") the listed name does not, while the listed name says a trade or a
# place the partner's lacks: the group of which the listed company is one part (its parent), not that company.
GROUP_OF_LISTED = 0.6


@dataclass(frozen=True)
class EntityFacts:
    """What the list says of an entity beyond the name compared: its sectors (from all its names and its
    category), and whether it is a subsidiary (the list names its parent), whose leading place then says which
    company of the group it is."""

    sectors: frozenset[str] = frozenset()
    subsidiary: bool = False
    # The list gives no type (it may be a person): matched only on its whole name.
    type_not_given: bool = False
    # Its main name's leading places and words: an alias written short ("SenseTime") still names the company of
    # that place and trade (Beijing SenseTime Technology Development), not its parent or sisters.
    leading: tuple[frozenset[str], ...] = ()
    words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Comparison:
    score: float
    exact: bool
    words: tuple[str, ...]  # the words that matched, for the explanation
    reasons: tuple[str, ...] = field(default=())  # what lowered the score, in words
    # The evidence, for the partner page: how much of each name the other accounts for (0 to 1), and each
    # word of the listed name and of the partner's with how much it tells (0 to 1) and whether it was found.
    listed_cover: float = 1.0
    partner_cover: float = 1.0
    listed_words: tuple[WordEvidence, ...] = ()
    partner_words: tuple[WordEvidence, ...] = ()


@dataclass(frozen=True)
class WordEvidence:
    word: str
    weight: float
    found: bool


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < TYPO_LENGTH or abs(len(a) - len(b)) > 1:
        return False
    if DamerauLevenshtein.distance(a, b) > 1:
        return False
    if pinyin_syllables(a) is not None and pinyin_syllables(b) is not None:
        # Two spellings of pinyin one letter apart are two names (Shenhua, Shenhuo), not a typo; two letters
        # swapped are a slip of the hand ("Cuhangzhi"): names are rarely each other's letters swapped.
        return len(a) == len(b) and Levenshtein.distance(a, b) == 2
    return True


def _slot_share(slot: Slot, other: NameKey) -> tuple[float, str, int]:
    """How much of `slot` the other name's forms account for (0 to 1: the share of its syllables the forms found
    cover), its longest form found, and how many following slots that form stands for too."""
    forms = other.forms
    covered: set[int] = set()
    by, joined = "", 0
    for index, form in enumerate(slot.forms):
        if form in forms or (slot.latin and form in other.older_forms):
            start, end = slot.span(index)
            covered |= set(range(start, end))
            joined = max(joined, slot.joined(index))
            if len(form) > len(by):
                by = form
    # A Chinese run's Wade-Giles forms meet words written in Latin script only (names.Slot.older).
    for form, (start, end) in zip(slot.older, slot.older_spans, strict=True):
        if form in other.latin_forms:
            covered |= set(range(start, end))
            if len(form) > len(by):
                by = form
    if not covered and slot.latin and len(slot.word) >= TYPO_LENGTH:
        # Only forms whose length is within one of the word's can be one typo from it.
        size = len(slot.word)
        if any(abs(len(form) - size) <= 1 and _same_word(slot.word, form) for form in other.typo_forms):
            return 1.0, slot.word, 0
    return len(covered) / max(slot.syllables, 1), by, joined


def informative(word: str, weights: Weights) -> float:
    """How much a word tells of which organisation a name is: its rarity above the common level, 0 to 1, less
    for a word of trade."""
    known = weights.memo.get(word)
    if known is None:
        rarity = weights.of(word) / weights.ceiling
        share = TRADE_SHARE if word in company_words().trade_english or sector_word(word) else 1.0
        known = weights.memo[word] = share * max(0.0, rarity - COMMON) / (1 - COMMON)
    return known


def _own_word(word: str) -> bool:
    words = company_words()
    return not (
        word in words.trade_english
        or word in words.groups
        or word in words.institutions
        or sector_word(word)
        or english_rarity(word) >= 1.0
    )


def is_evidence(word: str, weights: Weights) -> bool:
    """Whether sharing `word` can be evidence at all: rare enough, and not a word of trade or a sector. A listed
    name is looked up only by such words (lists.entity_names_build)."""
    return (
        word not in company_words().trade_english
        and not sector_word(word)
        and weights.of(word) >= EVIDENCE_FLOOR * weights.ceiling
    )


def lookup_words(key: NameKey, weights: Weights) -> frozenset[str]:
    """The words a listed name is looked up by: those that can be evidence; for a name with none, its two most
    informative words that say more than a trade (so "Century Sunshine" is still found by its words)."""
    words = frozenset(slot.word for slot in key.slots if is_evidence(slot.word, weights))
    if words:
        return words
    ranked = sorted(
        (
            slot.word
            for slot in key.slots
            if slot.word not in company_words().trade_english and not sector_word(slot.word)
        ),
        key=lambda word: informative(word, weights),
        reverse=True,
    )
    return frozenset(word for word in ranked[:2] if informative(word, weights) > 0)


def _coverage(
    of: NameKey, by: NameKey, weights: Weights, floor: float = 0.0
) -> tuple[float, list[tuple[str, float]], bool]:
    """How much of `of` the words of `by` account for, each word counting by how informative it is; which of its
    words were found, with their weights; and whether every word was. A word that may be a place is found when
    `by` names that place."""
    return _covering(of, by, weights, floor)[:3]


def _covering(
    of: NameKey, by: NameKey, weights: Weights, floor: float = 0.0
) -> tuple[float, list[tuple[str, float]], bool, tuple[WordEvidence, ...]]:
    total = matched = 0.0
    found: list[tuple[str, float]] = []
    evidence: list[WordEvidence] = []
    covered_by_join = 0
    whole = bool(of.slots)
    for slot in of.slots:
        weight = informative(slot.word, weights)
        if floor and slot.latin and _own_word(slot.word):
            weight = max(weight, floor)
        as_word = None
        if floor and slot.place:
            as_word = _slot_share(slot, by)
            if not as_word[0]:
                # The partner's first word may be its place rather than a name ("Guilin Esquel Textile", "Tianshan
                # Huafu"): a place the listed name lacks is where a company of the group is, not another company.
                weight = 0.0
        total += weight
        if covered_by_join:
            covered_by_join -= 1
            matched += weight
            evidence.append(WordEvidence(slot.word, round(weight, 2), True))
            continue
        share, form, joined = as_word or _slot_share(slot, by)
        if not share and slot.place and any(_within(mention, slot.place) for mention in by.places):
            share, form, joined = 1.0, slot.word, 0
        if share:
            matched += weight * share
            found.append((form, weights.of(form) if is_evidence(slot.word, weights) else 0.0))
            covered_by_join = joined
        else:
            whole = False
        evidence.append(WordEvidence(slot.word, round(weight, 2), bool(share)))
    if total < MIN_INFORMATIVE:
        # Made of common words: then it matches only when all of them are there.
        return (1.0 if whole else 0.0), found, whole, tuple(evidence)
    return matched / total, found, whole, tuple(evidence)


def _places_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    places = gazetteer()
    return any(places.agree(x, y) for x in a for y in b)


def _within(inner: frozenset[str], outer: frozenset[str]) -> bool:
    """Whether `inner` is one of the places `outer` may be, or inside one (not the region around it)."""
    gazette = gazetteer()
    return bool(inner & outer) or any(place in gazette.ancestors(own) for own in inner for place in outer)


def _same_place(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b)


def compare(
    partner: NameKey, listed: NameKey, weights: Weights, entity: EntityFacts | None = None, floor: float = 0.0
) -> Comparison | None:
    """The score of `partner` naming `listed`, or None when nothing in them can make a match (or, given a
    `floor`, when the score cannot reach it: penalties only lower a score)."""
    entity = entity or EntityFacts()
    if partner.cjk and listed.cjk and partner.cjk == listed.cjk:
        return Comparison(1.0, True, (listed.cjk,))
    if not listed.slots and not listed.body:
        return _compare_places(partner, listed)
    if listed.body or partner.body:
        if listed.body != partner.body:
            return None
        if listed.body_places:
            return _compare_bodies(partner, listed, weights)
    listed_cover, found, listed_whole, listed_words = _covering(listed, partner, weights)
    if not found or listed_cover**LISTED_POWER < floor:
        return None
    partner_cover, _, partner_whole, partner_words = _covering(partner, listed, weights, OWN_WORD_FLOOR)
    if entity.type_not_given and not (listed_whole and partner_whole):
        return None
    strongest = max(weight for _, weight in found)
    rarity = strongest / weights.ceiling
    common_words = sum(informative(slot.word, weights) for slot in listed.slots) < MIN_INFORMATIVE
    if common_words:
        # A name of common words ("Heze Cotton and Linen") is that company only with its place too.
        if listed_cover < 1.0 or (
            listed.places and not any(_places_agree(a, b) for a in listed.places for b in partner.places)
        ):
            return None
    elif rarity < EVIDENCE_FLOOR and listed_cover < NEARLY_WHOLE:
        # No rare word shared: only a partner naming (nearly) every word of the listed name is it.
        return None
    score = listed_cover**LISTED_POWER * partner_cover**PARTNER_POWER
    reasons = []
    sectors = listed.sectors | entity.sectors
    brand = any(coined(form) for form, _ in found)
    if sectors and partner.sectors and not sectors & partner.sectors:
        score *= COINED_SECTOR_CONFLICT if brand else SECTOR_CONFLICT
        reasons.append(f"another sector ({', '.join(sorted(partner.sectors))})")
    elif partner.sectors and not sectors:
        share = max(weights.sector_share(sector) for sector in partner.sectors)
        factor = SECTOR_CONFLICT + (UNKNOWN_SECTOR - SECTOR_CONFLICT) * min(1.0, share / SECTOR_COMMON_SHARE)
        score *= max(factor, COINED_SECTOR_CONFLICT) if brand else factor
        reasons.append(f"a sector ({', '.join(sorted(partner.sectors))}) the list does not say")
    elif not brand and _trades_differ(partner, listed) and not _one_company_of(partner, listed):
        # An ordinary shared word (a pinyin name, an English word) with another trade on each side: two
        # companies of that name (科达制造 is not Keda Technology), or two of one group (its parent, a sister).
        score *= TRADE_CONFLICT
        reasons.append("another trade")
    if _names_group_of(partner, listed, listed_cover, entity):
        score *= GROUP_OF_LISTED
        reasons.append("a group, where the listed name is one of its companies")
    # A listed name written short (no legal form) stands for the entity's main name and its place, which a partner
    # registered elsewhere contradicts ("Shanghai SenseTime" is not "SenseTime", the Beijing company); one written
    # whole is a registration of its own (a former or other registered name). A partner naming no place at all is
    # judged by the name it met: written as the list's own short name, it is that name.
    leading = listed.leading or (() if listed.registered else entity.leading)
    if listed.leading and not partner.places and not entity.subsidiary:
        if listed.registered and partner.registered:
            score *= REGISTERED_NO_PLACE
            reasons.append("registered without the place the listed company is registered in")
        else:
            score *= NO_PLACE
            reasons.append("no place, where the listed name has one")
    identifying = listed.places if entity.subsidiary else listed.identifying_places
    for place in identifying:
        if not any(_places_agree(place, own) for own in partner.places):
            score *= MISSING_IDENTIFYING_PLACE
            reasons.append("not the branch or subsidiary its place names")
            break
    if leading and partner.leading and not any(_places_agree(a, b) for a in leading for b in partner.leading):
        score *= LEADING_PLACE_CONFLICT
        reasons.append("registered in another place")
    elif (
        listed.places and partner.places and not any(_places_agree(a, b) for a in listed.places for b in partner.places)
    ):
        score *= 1 - PLACE_CONFLICT * (1 - rarity)
        reasons.append("another place")
    # Exact: every word of each name is in the other, common words too ("Aksu Huafu Textiles" is exactly itself,
    # and only nearly "Huafu Fashion", whose "Fashion" counts for little).
    exact = listed_whole and partner_whole and not reasons
    return Comparison(
        round(score, 3),
        exact,
        tuple(form for form, _ in found),
        tuple(reasons),
        round(listed_cover, 2),
        round(partner_cover, 2),
        listed_words,
        partner_words,
    )


def _trades(key: NameKey) -> set[str]:
    """The words that say what the company does: words of trade and sectors, not a group, an institution or a
    word qualifying the name ("International")."""
    words = company_words()
    other = words.groups | words.institutions | words.modifiers
    return {word for word in key.words if (word in words.trade_english or sector_word(word)) and word not in other}


def _trades_differ(partner: NameKey, listed: NameKey) -> bool:
    """Both names say what the company does, and no word of it agrees (the same word, or one stem: "industry"
    and "industrial")."""
    own, theirs = _trades(partner), _trades(listed)
    if not own or not theirs:
        return False
    return not any(a == b or (min(len(a), len(b)) >= 6 and a[:6] == b[:6]) for a in own for b in theirs)


def _one_company_of(partner: NameKey, listed: NameKey) -> bool:
    """A partner of another trade is still one of the listed company's own: of the group the listed name names, or
    in the same place (a trading arm in its city)."""
    if any(word in company_words().groups for word in listed.words):
        return True
    return any(_places_agree(a, b) for a in listed.places for b in partner.places)


def _names_group_of(partner: NameKey, listed: NameKey, listed_cover: float, entity: EntityFacts) -> bool:
    """The partner names a group the listed name (or the entity's main name) does not, and the listed company is
    more than the group's name: a trade or a place the partner lacks."""
    groups = company_words().groups
    partner_groups = {word for word in partner.words if word in groups}
    # A listed name written short stands for the entity's main name, whose words say what the company is.
    listed_words = set(listed.words) | (set() if listed.registered else entity.words)
    if not partner_groups or partner_groups & listed_words:
        return False
    partner_forms = partner.forms
    says_more = any(word in company_words().trade_english and word not in partner_forms for word in listed_words)
    return says_more or listed_cover < 1.0 or bool(listed.places and not partner.places)


def _compare_bodies(partner: NameKey, listed: NameKey, weights: Weights) -> Comparison | None:
    """A public body is told apart by its kind and its place, nothing else: a public security bureau matches
    only the bureau of the same place (a county's bureau is not its prefecture's)."""
    if not (listed.body and partner.body == listed.body and listed.body_places and partner.body_places):
        return None
    if not _same_place(_most_specific(listed.body_places), _most_specific(partner.body_places)):
        return None
    listed_cover, found, _ = _coverage(listed, partner, weights)
    # Words beside the kind and the place (a department's name) must be there if the listed name has them.
    score = 1.0 if not listed.slots else max(0.9, listed_cover)
    return Comparison(round(score, 3), not listed.slots, (listed.body, *(form for form, _ in found)))


def _compare_places(partner: NameKey, listed: NameKey) -> Comparison | None:
    """A listed organisation named by its place alone (the Xinjiang Production and Construction Corps, a place
    in the gazetteer too): the partner is it, or one of its units, when its own name is that place or one inside
    it and nothing else ("XPCC First Division"); or one of its companies, when its name starts with the listed
    name itself (新疆生产建设兵团第一师农资公司). A company merely located inside it is neither."""
    if not listed.places or not partner.places:
        return None
    outer, inner = _most_specific(listed.places), _most_specific(partner.places)
    gazette = gazetteer()
    if not partner.slots and outer & inner:
        return Comparison(1.0, True, tuple(sorted(outer)))
    if not partner.slots and any(place in gazette.ancestors(own) for place in outer for own in inner):
        return Comparison(0.9, False, tuple(sorted(outer)))
    if partner.leading and any(
        own in outer or (gazette.places[own].level == "xpcc_division" and outer & set(gazette.ancestors(own)))
        for own in partner.leading[0]
    ):
        return Comparison(0.9, False, tuple(sorted(outer)))
    return None


def _most_specific(places: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The place mention no other mention of the name sits in (Kashgar City, of "Kashgar Prefecture Kashgar
    City Public Security Bureau")."""
    gazette = gazetteer()
    for mention in reversed(places):
        inner = [
            other
            for other in places
            if other is not mention and any(p in gazette.ancestors(q) for p in mention for q in other)
        ]
        if not inner:
            return mention
    return places[-1]
