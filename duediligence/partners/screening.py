"""Screening partners against listed entities with PostgreSQL's pg_trgm.

Every name of a partner (its name and its local-script name) is compared with every name an entity is listed
under, after normalisation (normalise.py), in two ways that each use a GIN trigram index:
- similarity of the whole names (catches spelling variants and transliterations);
- word similarity of the listed name within the partner's name (catches subsidiaries such as
  "新疆生产建设兵团第一师..." for the listed "新疆生产建设兵团").
An "exact" match (the listed name's words all appear in the partner's name, or the listed name stands whole
inside a local-script name) is ranked first.

Decisions are remembered: a confirmed or dismissed match survives re-screening, so an officer is never asked
the same question twice; potential matches that no longer match are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from duediligence.partners.models import MatchStatus, Partner, ScreeningMatch

SIMILARITY_THRESHOLD = 0.55
WORD_SIMILARITY_THRESHOLD = 0.8
# Latin names share generic words ("public security bureau") far more than Chinese ones share characters, so a
# listed Latin name must stand almost whole inside the partner's name: "Aksu ... Public Security Bureau" is not
# "Kashgar ... Public Security Bureau Forensic Laboratory".
LATIN_WORD_SIMILARITY_THRESHOLD = 0.9
LATIN = re.compile(r"^[\x00-\x7f]+$")

CANDIDATES_SQL = """
SELECT p.id, en.entity_id, en.name_norm, similarity(en.name_norm, p.{column}) AS score, p.{column}, false
FROM partners_partner p
JOIN partners_entityname en ON en.name_norm %% p.{column}
WHERE p.{column} <> '' {scope}
UNION ALL
SELECT p.id, en.entity_id, en.name_norm, word_similarity(en.name_norm, p.{column}) AS score, p.{column}, true
FROM partners_entityname en
JOIN partners_partner p ON p.{column} %%> en.name_norm
WHERE p.{column} <> '' AND char_length(en.name_norm) >= 4 {scope}
"""


@dataclass
class ScreeningResult:
    partners: int = 0
    candidates: int = 0
    added: int = 0
    dropped: int = 0
    kept_decisions: int = 0
    matched_partner_ids: set[int] = field(default_factory=set)


def is_exact(listed: str, partner_name: str) -> bool:
    if listed == partner_name:
        return True
    if LATIN.match(listed):
        return set(listed.split()) <= set(partner_name.split())
    return len(listed) >= 4 and listed in partner_name


def find_candidates(*, assessment_id: int | None = None, partner_ids: list[int] | None = None) -> dict:
    """Best candidate per (partner, entity): {(partner_id, entity_id): (score, exact, matched_name)}."""
    scope, params = "", list[Any]()
    if partner_ids is not None:
        scope, params = "AND p.id = ANY(%s)", [list(partner_ids)]
    elif assessment_id is not None:
        scope, params = "AND p.assessment_id = %s", [assessment_id]
    best: dict[tuple[int, int], tuple[Decimal, bool, str]] = {}
    with connection.cursor() as cursor:
        if partner_ids is None:
            # A bulk screen usually follows a bulk insert in the same transaction, before autovacuum has
            # looked at the tables; fresh statistics keep the planner on the trigram indexes. It takes milliseconds.
            cursor.execute("ANALYZE partners_partner, partners_entityname")
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        for column in ("name_norm", "local_norm"):
            cursor.execute(CANDIDATES_SQL.format(column=column, scope=scope), params * 2)
            for partner_id, entity_id, listed, score, partner_name, within in cursor.fetchall():
                exact = is_exact(listed, partner_name)
                if within and not exact and LATIN.match(listed) and score < LATIN_WORD_SIMILARITY_THRESHOLD:
                    continue
                key = (partner_id, entity_id)
                candidate = (Decimal(str(round(max(score, 1.0 if exact else 0), 3))), exact, listed)
                if key not in best or (candidate[1], candidate[0]) > (best[key][1], best[key][0]):
                    best[key] = candidate
    return best


@transaction.atomic
def screen(*, assessment_id: int | None = None, partner_ids: list[int] | None = None) -> ScreeningResult:
    """Screen the partners of one assessment, or the given partners, or (neither given) every partner."""
    partners = Partner.objects.all()
    if partner_ids is not None:
        partners = partners.filter(pk__in=partner_ids)
    elif assessment_id is not None:
        partners = partners.filter(assessment_id=assessment_id)
    result = ScreeningResult(partners=partners.count())
    candidates = find_candidates(assessment_id=assessment_id, partner_ids=partner_ids)
    result.candidates = len(candidates)
    existing = {
        (match.partner_id, match.entity_id): match for match in ScreeningMatch.objects.filter(partner__in=partners)
    }
    stale = [
        match.pk for key, match in existing.items() if key not in candidates and match.status == MatchStatus.POTENTIAL
    ]
    result.dropped = len(stale)
    ScreeningMatch.objects.filter(pk__in=stale).delete()
    result.kept_decisions = sum(1 for match in existing.values() if match.status != MatchStatus.POTENTIAL)
    new_matches, changed = [], []
    for (partner_id, entity_id), (score, exact, listed) in candidates.items():
        match = existing.get((partner_id, entity_id))
        if match is None:
            new_matches.append(
                ScreeningMatch(
                    partner_id=partner_id, entity_id=entity_id, score=score, exact=exact, matched_name=listed
                )
            )
        elif (match.score, match.exact, match.matched_name) != (score, exact, listed):
            match.score, match.exact, match.matched_name = score, exact, listed
            changed.append(match)
        result.matched_partner_ids.add(partner_id)
    ScreeningMatch.objects.bulk_create(new_matches, batch_size=2000)
    ScreeningMatch.objects.bulk_update(changed, ["score", "exact", "matched_name"], batch_size=2000)
    result.added = len(new_matches)
    return result
