"""Screening partners against listed entities: PostgreSQL finds candidates, Python judges them.

Candidates are the listed names that share a token with the partner (partners/names.py says which tokens):
distinctive words and their one-typo forms, runs of Chinese characters and of pinyin syllables, place-named
bodies by place. The tokens are built so that sharing one already means a rule can hold, so the candidates stay
few. PostgreSQL finds them, never a scan in Python: for a few partners through the GIN index on the listed
names' tokens, for many at once by joining the two token lists (a hash join reads each list once, where ten
thousand index probes would cost seconds).

Each candidate is then judged by the rules of names.compare: generic words and places never match on their own,
place-named bodies match only where the places agree, near spellings only of long distinctive words. Each
partner keeps one answer: its best entity (with ties), with the listed name that matched and on which words.

Decisions are remembered: a confirmed or dismissed match survives re-screening, so an officer is never asked
the same question twice; potential matches that no longer match are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import EDITABLE
from duediligence.lib.collector import without_cycle_collection
from duediligence.partners import names
from duediligence.partners.evidence import ALTERNATIVE_FLOOR, THRESHOLD, Comparison, EntityFacts, compare
from duediligence.partners.list_formats import TYPE_NOT_GIVEN
from duediligence.partners.models import ListedEntity, ListImport, MatchStatus, Partner, ScreeningMatch
from duediligence.partners.weights import Weights, current_weights

KIND_WORDS = {"name": "its listed name", "alias": "an alias", "local": "its name in Chinese"}
# Up to this many partners, each is looked up through the index; above it, the token lists are joined whole.
INDEX_LOOKUP_LIMIT = 500

BY_INDEX_SQL = """
SELECT p.id, p.name, p.name_local, p.owner, en.entity_id, en.label, en.kind
FROM partners_partner p
JOIN partners_entityname en ON en.tokens && p.match_tokens
WHERE true {partners} {names}
ORDER BY p.id, en.id
"""
BY_JOIN_SQL = """
SELECT p.id, p.name, p.name_local, p.owner, en.entity_id, en.label, en.kind
FROM (
    SELECT DISTINCT pt.partner_id, et.name_id
    FROM (SELECT p.id AS partner_id, unnest(p.match_tokens) AS token FROM partners_partner p WHERE true {partners}) pt
    JOIN (SELECT en.id AS name_id, unnest(en.tokens) AS token FROM partners_entityname en WHERE true {names}) et
    USING (token)
) pairs
JOIN partners_partner p ON p.id = pairs.partner_id
JOIN partners_entityname en ON en.id = pairs.name_id
ORDER BY p.id, en.id
"""
# The partners of assessments open for editing: the only ones a list change re-screens (frozen revisions are
# told instead, see lists.py).
LIVE_PARTNERS = "AND p.assessment_id IN (SELECT id FROM assessments_assessment WHERE status = ANY(%s))"
# The partners of frozen revisions that are the newest of their assessment (an older one was corrected already).
FROZEN_PARTNERS = (
    "AND p.assessment_id IN (SELECT a.id FROM assessments_assessment a WHERE NOT a.status = ANY(%s) "
    "AND NOT EXISTS (SELECT 1 FROM assessments_assessment n WHERE n.previous_revision_id = a.id))"
)


@dataclass(frozen=True)
class Scope:
    """Which partners, and which listed names, a screening compares: SQL conditions with their parameters."""

    partners: str = ""
    partner_params: tuple[Any, ...] = ()
    names: str = ""
    name_params: tuple[Any, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        assessment_id: int | None = None,
        partner_ids: list[int] | None = None,
        live: bool = False,
        frozen: bool = False,
        entity_ids: list[int] | None = None,
    ) -> Scope:
        """The partners: those given (and of the assessment given), narrowed to live or frozen ones if asked."""
        conditions: list[tuple[str, tuple[Any, ...]]] = []
        if partner_ids is not None:
            conditions.append(("AND p.id = ANY(%s)", (list(partner_ids),)))
        if assessment_id is not None:
            conditions.append(("AND p.assessment_id = %s", (assessment_id,)))
        if live:
            conditions.append((LIVE_PARTNERS, ([str(status) for status in EDITABLE],)))
        if frozen:
            conditions.append((FROZEN_PARTNERS, ([str(status) for status in EDITABLE],)))
        partners = " ".join(sql for sql, _ in conditions)
        params = tuple(param for _, values in conditions for param in values)
        if entity_ids is None:
            return cls(partners, params)
        return cls(partners, params, "AND en.entity_id = ANY(%s)", (list(entity_ids),))

    def sql(self, template: str) -> tuple[str, list[Any]]:
        sql = template.format(partners=self.partners, names=self.names)
        # In both templates the partners' condition comes before the names'.
        return sql, [*self.partner_params, *self.name_params]


@dataclass
class ScreeningResult:
    partners: int = 0
    candidates: int = 0
    added: int = 0
    dropped: int = 0
    kept_decisions: int = 0
    matched_partner_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Candidate:
    score: Decimal
    exact: bool
    matched_name: str
    explanation: str
    via_owner: bool = False

    @property
    def rank(self) -> tuple[bool, Decimal, bool]:
        # The partner's own name before its owner's, on equal scores.
        return (self.exact, self.score, not self.via_owner)


def _explain(partner_name: str, label: str, kind: str, comparison: Comparison, *, owner: bool) -> str:
    """In an officer's words: which name matched which, on which words, scored how, and what lowered it."""
    words = ", ".join(f"“{word}”" for word in comparison.words)
    how = "the same name" if comparison.exact else f"on {words}, score {comparison.score:.2f}"
    whose = "Its owner “" if owner else "“"
    text = f"{whose}{partner_name}” matches {KIND_WORDS.get(kind, 'a listed name')} “{label}” {how}"
    if comparison.reasons:
        text += f" (lowered: {'; '.join(comparison.reasons)})"
    return text[:500]


def judge(
    partner_names: list[str],
    label: str,
    kind: str,
    owner: str = "",
    weights: Weights | None = None,
    entity: EntityFacts | None = None,
    floor: float = THRESHOLD,
    keys: tuple[names.NameKey, ...] | None = None,
) -> Candidate | None:
    """The best way any of the partner's names (or its owner's) names one listed name, scoring `floor` (the
    threshold) or above (evidence.py says how a score is made), or None. `entity`: what the list says of it;
    `keys`: the partner's names and its owner's as already read (Partner.name_keys), in that order."""
    weights = weights or current_weights()
    best: Candidate | None = None
    listed = names.key_for(label)
    own = [*partner_names, owner]
    if keys is None or len(keys) != len(own):
        keys = tuple(names.key_for(name) for name in own)
    for index, (partner_name, partner_key) in enumerate(zip(own, keys, strict=True)):
        if not partner_name:
            continue
        is_owner = index == len(own) - 1
        comparison = compare(partner_key, listed, weights, entity, floor)
        if comparison is None or comparison.score < floor:
            continue
        candidate = Candidate(
            Decimal(str(round(comparison.score, 3))),
            comparison.exact,
            label,
            _explain(partner_name, label, kind, comparison, owner=is_owner),
            via_owner=is_owner,
        )
        if best is None or candidate.rank > best.rank:
            best = candidate
    return best


def evidences_for(matches: list[ScreeningMatch]) -> list[tuple[ScreeningMatch, Comparison | None]]:
    """The evidence behind each match, as the scoring sees it now: each word of both names, how much it tells and
    whether the other name has it (the partner page's table). The weights and the entities' facts are read once
    for all of them."""
    if not matches:
        return []
    weights = current_weights()
    facts = entity_facts({match.entity_id for match in matches})
    found = []
    for match in matches:
        partner = match.partner
        listed = names.key_for(match.matched_name)
        source = partner.owner if match.via_owner else ""
        best: Comparison | None = None
        for own in [source] if source else [partner.name, partner.name_local]:
            if own:
                comparison = compare(names.key_for(own), listed, weights, facts.get(match.entity_id))
                if comparison is not None and (best is None or comparison.score > best.score):
                    best = comparison
        found.append((match, best))
    return found


def entity_facts(entity_ids: set[int]) -> dict[int, EntityFacts]:
    """What the list says of each entity beyond a name: what it does (names.entity_sectors), whether it is a
    subsidiary (the list names its parent), and its main name's leading places and words."""
    rows = ListedEntity.objects.filter(pk__in=entity_ids).values_list(
        "pk", "name", "aliases", "local_names", "category", "parent"
    )
    facts = {}
    for entity_id, name, aliases, local_names, category, parent in rows:
        main = names.key_for(name)
        facts[entity_id] = EntityFacts(
            names.entity_sectors([name, *aliases, *local_names], category),
            subsidiary=bool(parent.strip()),
            type_not_given=category == TYPE_NOT_GIVEN,
            leading=main.leading,
            words=frozenset(main.words),
        )
    return facts


def find_candidates(*, scope: Scope, partner_count: int) -> dict[tuple[int, int], Candidate]:
    """The answer per partner: {(partner_id, entity_id): Candidate} for its best entity (and any tie)."""
    per_pair = _judged(scope=scope, partner_count=partner_count)
    # One answer per partner: its best entity, and another only if it is exactly as good.
    best: dict[int, tuple[bool, Decimal, bool]] = {}
    for (partner_id, _), candidate in per_pair.items():
        if partner_id not in best or candidate.rank > best[partner_id]:
            best[partner_id] = candidate.rank
    return {key: candidate for key, candidate in per_pair.items() if candidate.rank == best[key[0]]}


def alternatives_for(partner: Partner, *, limit: int = 5) -> list[tuple[ListedEntity, Candidate]]:
    """The listed entities this partner resembles less than its answer (best first): those that pass the
    threshold but rank below it, and those scoring from ALTERNATIVE_FLOOR, shown and never flagged."""
    answered = set(partner.matches.values_list("entity_id", flat=True))
    judged = _judged(scope=Scope.of(partner_ids=[partner.pk]), partner_count=1, floor=ALTERNATIVE_FLOOR)
    ranked = sorted(
        ((candidate, entity_id) for (_, entity_id), candidate in judged.items() if entity_id not in answered),
        key=lambda pair: pair[0].rank,
        reverse=True,
    )[:limit]
    entities = ListedEntity.objects.select_related("screening_list").in_bulk([entity_id for _, entity_id in ranked])
    return [(entities[entity_id], candidate) for candidate, entity_id in ranked]


def _judged(*, scope: Scope, partner_count: int, floor: float = THRESHOLD) -> dict[tuple[int, int], Candidate]:
    """Every (partner, entity) pair that passes the rules, with the best way it does."""
    sql, params = scope.sql(BY_INDEX_SQL if partner_count <= INDEX_LOOKUP_LIMIT else BY_JOIN_SQL)
    weights = current_weights()
    per_pair: dict[tuple[int, int], Candidate] = {}
    # SET LOCAL lasts until the end of the transaction, so the query must share one with it: called outside a
    # transaction (the partner page's alternatives), the setting alone would be a transaction of its own,
    # ignored with a warning; a plain SET would outlive the request and, behind a pooler in transaction mode,
    # reach another client's session. No savepoint when a transaction is already open (screen()).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # Compiling this one query to machine code costs more than it saves.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facts = entity_facts({row[4] for row in rows})
    read = _names_read({row[0] for row in rows})
    for partner_id, name, name_local, owner, entity_id, label, kind in rows:
        keys = read.get(partner_id)
        candidate = judge([name, name_local], label, kind, owner, weights, facts.get(entity_id), floor, keys)
        if candidate is None:
            continue
        key = (partner_id, entity_id)
        # On equal ranks the first listed name wins (rows come in order: an entity's name, then its aliases).
        if key not in per_pair or candidate.rank > per_pair[key].rank:
            per_pair[key] = candidate
    return per_pair


def _names_read(partner_ids: set[int]) -> dict[int, tuple[names.NameKey, ...]]:
    """The partners' names as read when they were saved (names.keys_load), where the same reading stored them: a
    process screening them again need not read them (a list change's batches, in a worker that never saw them)."""
    if not partner_ids:
        return {}
    found = {}
    for partner_id, stored in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name_keys"):
        keys = names.keys_load(stored)
        if keys is not None:
            found[partner_id] = keys
    return found


@without_cycle_collection
@transaction.atomic
def screen(
    *,
    assessment_id: int | None = None,
    partner_ids: list[int] | None = None,
    live: bool = False,
    found_in: ListImport | None = None,
    entity_ids: list[int] | None = None,
) -> ScreeningResult:
    """Screen the partners of one assessment, or the given partners, or (`live`) every partner of an assessment
    open for editing.

    Frozen revisions are never screened again here: their matches are part of what was reviewed (a list change
    tells them instead, lists.py). `found_in` is the list import that prompted a screening: new matches are linked
    to it. `entity_ids`: judge the partners against these entities only, which must include every entity they
    have a match with (lists._live_batch_screen).
    """
    if assessment_id is None and partner_ids is None and not live:
        raise ValueError("say which partners to screen")
    partners = Partner.objects.all()
    if partner_ids is not None:
        partners = partners.filter(pk__in=partner_ids)
    elif assessment_id is not None:
        partners = partners.filter(assessment_id=assessment_id)
    else:
        partners = partners.filter(assessment__status__in=EDITABLE)
    scope = Scope.of(assessment_id=assessment_id, partner_ids=partner_ids, live=live, entity_ids=entity_ids)
    result = ScreeningResult(partners=partners.count())
    candidates = find_candidates(scope=scope, partner_count=result.partners)
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
    computed = ("score", "exact", "matched_name", "explanation", "via_owner")
    for (partner_id, entity_id), candidate in candidates.items():
        match = existing.get((partner_id, entity_id))
        values = {field: getattr(candidate, field) for field in computed}
        if match is None:
            new_matches.append(ScreeningMatch(partner_id=partner_id, entity_id=entity_id, found_in=found_in, **values))
        elif any(getattr(match, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(match, field, value)
            changed.append(match)
        result.matched_partner_ids.add(partner_id)
    ScreeningMatch.objects.bulk_create(new_matches, batch_size=2000)
    ScreeningMatch.objects.bulk_update(changed, list(computed), batch_size=2000)
    result.added = len(new_matches)
    if entity_ids is None and partner_ids is None:  # every partner of the assessment(s), against every entry
        whole = Assessment.objects.filter(pk=assessment_id) if assessment_id is not None else Assessment.objects
        whole.filter(status__in=EDITABLE, partners_screening_stale=True).update(partners_screening_stale=False)
    return result
