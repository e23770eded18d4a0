"""How much a word counts as evidence that two names name the same organisation: the rarer, the more.

A word's weight is its inverse document frequency over every name screening knows: the listed entities (each
entity one document, with all its names), the partners (each distinct name one document) and a shipped corpus
of unlisted companies of the regions and sectors concerned (data/company_corpus.csv, written from public
sources). "Technology", "Xinjiang" or "Cotton" occur in hundreds of names and count little; "Hikvision" or
"Huafu" occur in a few and count much. Nothing here is a hand-kept list of common words: the counts decide.

A few thousand names are too few to know that "Western", "Hope" or "East" are ordinary words: in them they are
as rare as a brand. So a word of English counts less the more common it is in English at large, as measured by
wordfreq's frequencies (a word used more than once in 100,000 counts nothing; one used less than once in 3
million counts fully). Words that read as pinyin are left to the counts: "Wang" or "Long" in a Chinese name are
not the English words.

The counts live in PostgreSQL (ScreeningWord), are rebuilt after every list import (`weights_refresh`, also
`manage.py screening_weights`), and are read once per process and edition.
"""

from __future__ import annotations

import csv
import io
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from django.db import connection, transaction
from wordfreq import zipf_frequency

from duediligence.partners.names import entity_sectors, key_for, names_stored, pinyin_syllables

CORPUS = Path(__file__).resolve().parent / "data" / "company_corpus.csv"
# English frequencies on wordfreq's Zipf scale (log10 of uses per billion words): at or above ORDINARY a word
# counts nothing; at or below UNUSUAL it counts fully; between, in proportion.
ORDINARY_IN_ENGLISH, UNUSUAL_IN_ENGLISH = 5.0, 3.5
TOTAL = ""  # the ScreeningWord row that holds the number of documents
SECTOR = "~sector:"  # rows counting the current listed entities in each sector, and
ENTITIES = "~entities"  # all of them
STAMP = "~stamp"  # and the one that changes with every rebuild, so every process knows to read them again
# The advisory lock a count holds until its transaction ends (weights_refresh).
WEIGHTS_LOCK = 0x5C03D


@dataclass(frozen=True)
class Weights:
    documents: dict[str, int]
    total: int
    # How many current listed entities do what (names.entity_sectors), of how many.
    sectors: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    # What evidence.informative made of each word, kept for as long as these counts are.
    memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def sector_share(self, sector: str) -> float:
        """The share of listed entities in `sector`: a partner in a sector no listed entity is in is unlikely to
        be one whose sector the list does not say."""
        return self.sectors.get(sector, 0) / self.entities if self.entities else 0.0

    def of(self, word: str) -> float:
        """ln(1 + N / (1 + df)): about 9 for a word seen nowhere else among ten thousand names, under 2 for a
        word in a third of them; less for a common English word."""
        # A word not stored is in one name: every word compared is in the counts, being in a listed or a live
        # partner's name, and words in one name only are not stored (weights_refresh).
        return math.log(1 + self.total / (1 + self.documents.get(word, 1))) * english_rarity(word)

    @property
    def ceiling(self) -> float:
        return math.log(1 + self.total)


@lru_cache(maxsize=200_000)
def english_rarity(word: str) -> float:
    """1 for a word English does not use much (or a word of pinyin), down to 0 for an ordinary English word."""
    if not word.isascii() or pinyin_syllables(word) is not None:
        return 1.0
    zipf = zipf_frequency(word, "en")
    return min(1.0, max(0.0, (ORDINARY_IN_ENGLISH - zipf) / (ORDINARY_IN_ENGLISH - UNUSUAL_IN_ENGLISH)))


@lru_cache(maxsize=200_000)
def coined(word: str) -> bool:
    """A word that is neither pinyin nor an English word in any common use: a brand made up for one company
    ("Hikvision", "DJI"), which names that group in whatever trade or country its companies are."""
    return word.isascii() and pinyin_syllables(word) is None and zipf_frequency(word, "en") < UNUSUAL_IN_ENGLISH


def _forms(name: str) -> set[str]:
    return set(key_for(name).forms)


@cache
def corpus_counts() -> tuple[Counter, int]:
    """The shipped corpus's document frequencies (one document per company, its English and Chinese names)."""
    counts: Counter = Counter()
    documents = 0
    with CORPUS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts.update(_forms(row["name"]) | _forms(row.get("name_zh", "")))
            documents += 1
    return counts, documents


def count_documents() -> tuple[Counter, int, Counter, int]:
    """Document frequencies over the corpus, the current listed entities and the partners; and the listed
    entities' sectors."""
    from duediligence.partners.models import ListedEntity

    counts, documents = corpus_counts()
    counts = Counter(counts)
    sectors: Counter = Counter()
    entities = 0
    for name, aliases, local_names, category, stored in ListedEntity.objects.filter(current=True).values_list(
        "name", "aliases", "local_names", "category", "name_keys"
    ):
        names_stored([name, *aliases, *local_names], stored)
        forms: set[str] = set()
        for label in (name, *aliases, *local_names):
            forms |= _forms(label)
        counts.update(forms)
        documents += 1
        sectors.update(entity_sectors([name, *aliases, *local_names], category))
        entities += 1
    from duediligence.assessments.workflow import EDITABLE

    live = [str(status) for status in EDITABLE]
    with connection.cursor() as cursor:
        # The partners' words are stored with them (Partner.match_tokens, "u:<form>"): counted in the database,
        # each distinct name once, so revisions and periods that copy a partner do not count it twice. Only
        # partners of assessments open for editing count: a submitted or published revision is a copy of names
        # counted when they were live, and reading it again would cost the list import most of its time.
        cursor.execute(
            """
            SELECT substr(token, 3), count(DISTINCT name_norm)
            FROM partners_partner p, unnest(p.match_tokens) AS token
            WHERE token LIKE 'u:%%'
              AND p.assessment_id IN (SELECT id FROM assessments_assessment WHERE status = ANY(%s))
            GROUP BY token
            """,
            [live],
        )
        for form, number in cursor.fetchall():
            counts[form] += number
        cursor.execute(
            """
            SELECT count(DISTINCT name_norm) FROM partners_partner
            WHERE assessment_id IN (SELECT id FROM assessments_assessment WHERE status = ANY(%s))
            """,
            [live],
        )
        documents += cursor.fetchone()[0]
    return counts, documents, sectors, entities


@transaction.atomic
def weights_refresh() -> Weights:
    """Count again and store the counts; the next screening in any process reads them."""
    from duediligence.partners.models import ScreeningWord

    with connection.cursor() as cursor:
        # One count at a time: two list imports counting at once would each delete the rows they can see and
        # write all theirs, the second's COPY meeting the first's rows. The second waits and counts after.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WEIGHTS_LOCK])
    counts, documents, sectors, entities = count_documents()
    rows: dict[str, int] = {}
    # A word in one name only is not stored (Weights.of reads a missing word so): most of a name's runs of
    # syllables are in it alone, and storing them took most of a list import's time.
    for word, number in counts.items():
        if number > 1:
            rows.setdefault(word[:300], number)
    for sector, number in sectors.items():
        rows[f"{SECTOR}{sector}"] = number
    rows[ENTITIES], rows[TOTAL], rows[STAMP] = entities, documents, time.time_ns() % 2_000_000_000
    ScreeningWord.objects.all().delete()
    _copy_rows(ScreeningWord._meta.db_table, rows)
    _loaded.cache_clear()
    return Weights(dict(counts), documents, dict(sectors), entities)


def _copy_rows(table: str, rows: dict[str, int]) -> None:
    """Write the counts with COPY: with ten thousand partners they are over a hundred thousand words, which
    INSERTs took seconds to write on every list import (bench/partners_import.py)."""
    escape = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    text = io.StringIO("".join(f"{word.translate(escape)}\t{number}\n" for word, number in rows.items()))
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} (word, documents) FROM STDIN", text)


def current_weights() -> Weights:
    """The stored counts (counted now if there are none yet), read once per process until they change."""
    from duediligence.partners.models import ScreeningWord

    stamp = ScreeningWord.objects.filter(word=STAMP).values_list("documents", flat=True).first()
    if stamp is None:
        return weights_refresh()
    return _loaded(stamp)


@cache
def _loaded(stamp: int) -> Weights:
    """The stored counts of the rebuild `stamp` names."""
    from duediligence.partners.models import ScreeningWord

    rows = dict(ScreeningWord.objects.values_list("word", "documents"))
    total, entities = rows.pop(TOTAL), rows.pop(ENTITIES, 0)
    rows.pop(STAMP, None)
    sectors = {word.removeprefix(SECTOR): rows.pop(word) for word in list(rows) if word.startswith(SECTOR)}
    return Weights(rows, total, sectors, entities)
