"""Importing screening lists (formats in list_formats.py): a new edition never rewrites history.

A file that cannot be read changes nothing: it is read whole before anything is written. Each import is recorded
(ListImport) with the file's own date and SHA-256, in one transaction with everything below, so nobody ever
screens against half a list:
- entries are never changed or deleted: an unchanged entry is kept, a changed one gets a new version with the
  same identity (the same name, the publisher's identifier, or its former name among the new aliases), and one
  no longer listed stops being current. Frozen revisions' matches keep pointing at what their reviewers saw;
- live assessments (open for editing) follow the edition: their matches move to the new versions with their
  decisions and reasons, and their partners are screened again, so an assessment can say "N new potential
  matches since the list of <date>";
- frozen revisions (submitted, approved, published) are never screened again: each one whose partners the new or
  changed entries would flag gets a ListNotice ("2 partners of this revision match entries added to <list> on
  <date>"), shown on its pages and emailed to its managers, with the way to start a correction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Count, QuerySet

from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import EDITABLE
from duediligence.partners.evidence import lookup_words
from duediligence.partners.list_formats import FORMATS, ListFormatError, ParsedList, read_list
from duediligence.partners.models import (
    EntityName,
    ListedEntity,
    ListImport,
    ListNotice,
    MatchStatus,
    Partner,
    ScreeningList,
    ScreeningMatch,
)
from duediligence.partners.names import key_for, listed_name_rows, name_tokens
from duediligence.partners.screening import INDEX_LOOKUP_LIMIT, Scope, ScreeningResult, find_candidates, screen
from duediligence.partners.weights import weights_refresh

__all__ = ["FORMATS", "ListImportError", "ListImportResult", "screening_list_import"]

ListImportError = ListFormatError

LIST_FIELDS = {"aliases", "local_names", "programmes", "kinds", "countries"}
ENTITY_FIELDS = (
    "aliases",
    "local_names",
    "category",
    "programmes",
    "kinds",
    "countries",
    "parent",
    "date_listed",
    "source",
    "source_url",
    "retrieved_on",
    "note",
    "verified",
)


@dataclass
class ListImportResult:
    screening_list: ScreeningList
    list_import: ListImport
    entities: int
    skipped: int
    screening: ScreeningResult
    notes: list[str]


def _entity_values(values: dict) -> dict:
    """The stored fields of an entity; a format that does not give one leaves it empty."""
    empty: dict = {"verified": True, "date_listed": None, "retrieved_on": None}
    return {name: values.get(name, empty.get(name, [] if name in LIST_FIELDS else "")) for name in ENTITY_FIELDS}


def screening_list_import(
    *,
    path: Path,
    fmt: str,
    slug: str,
    name: str,
    publisher: str,
    source_url: str = "",
    caveat: str = "",
    file_date: datetime.date | None = None,
) -> ListImportResult:
    parsed = read_list(path, fmt, file_date)  # read whole, outside the transaction: a bad file writes nothing
    return _store(parsed, fmt=fmt, slug=slug, name=name, publisher=publisher, source_url=source_url, caveat=caveat)


@transaction.atomic
def _store(
    parsed: ParsedList, *, fmt: str, slug: str, name: str, publisher: str, source_url: str, caveat: str
) -> ListImportResult:
    screening_list, created = ScreeningList.objects.select_for_update().get_or_create(
        slug=slug, defaults={"name": name, "publisher": publisher}
    )
    replaced = None if created else screening_list.imports.first()
    screening_list.name, screening_list.publisher = name, publisher
    screening_list.source_url, screening_list.caveat, screening_list.format = source_url, caveat, fmt
    screening_list.file_date, screening_list.file_date_from = parsed.file_date, parsed.file_date_from
    screening_list.files = parsed.files
    screening_list.save()
    list_import = ListImport.objects.create(
        screening_list=screening_list,
        file_date=parsed.file_date,
        files=parsed.files,
        entities=len(parsed.entities),
        replaced=replaced,
    )
    edition = _edition_store(screening_list, list_import, _merged(parsed.entities))
    EntityName.objects.filter(entity__screening_list=screening_list).delete()
    entity_names_build(edition.current)
    # Live assessments follow the new edition: their matches move to the new versions of the entries they matched,
    # decisions and reasons with them, and are then screened again. Frozen revisions keep what was reviewed.
    _matches_follow(edition.versions)
    result = screen(live=True, found_in=list_import)
    list_import.new_matches = result.added
    list_import.added, list_import.changed, list_import.removed = edition.added, len(edition.versions), edition.removed
    list_import.notices = notices_write(list_import, [entity.pk for entity in edition.new_or_changed])
    list_import.save(update_fields=["new_matches", "added", "changed", "removed", "notices"])
    return ListImportResult(screening_list, list_import, len(edition.current), parsed.skipped, result, parsed.notes)


def _merged(entities: list[dict]) -> dict[str, dict]:
    """A name listed twice (OFAC lists some entities under several programmes) is one entity with both's names,
    kinds and programmes."""
    incoming: dict[str, dict] = {}
    for values in entities:
        if values["name"] in incoming:
            first = incoming[values["name"]]
            for field in LIST_FIELDS:
                first[field] = list(dict.fromkeys([*first.get(field, []), *values.get(field, [])]))
        else:
            incoming[values["name"]] = values
    return incoming


@dataclass
class Edition:
    current: list[ListedEntity]
    # The entries this edition wrote: new entities and new versions of changed ones.
    new_or_changed: list[ListedEntity]
    # Old entry -> its new version (same identity).
    versions: dict[int, ListedEntity]
    added: int
    removed: int


def _predecessors(existing: list[ListedEntity], incoming: dict[str, dict]) -> dict[str, ListedEntity]:
    """Which entry of the last edition each incoming entry continues: the same publisher's identifier, the same
    name, or (a renamed entity) a former name among the new entry's aliases. Each old entry continues once."""
    by_source = {entity.source_id: entity for entity in existing if entity.source_id}
    by_name = {entity.name: entity for entity in existing}
    found: dict[str, ListedEntity] = {}
    claimed: set[int] = set()
    for entity_name, values in incoming.items():
        old = by_source.get(values.get("source_id") or "") or by_name.get(entity_name)
        if old is not None and old.pk not in claimed:
            found[entity_name] = old
            claimed.add(old.pk)
    for entity_name, values in incoming.items():
        if entity_name in found:
            continue
        for other in [*values.get("aliases", []), *values.get("local_names", [])]:
            old = by_name.get(other)
            if old is not None and old.pk not in claimed:
                found[entity_name] = old
                claimed.add(old.pk)
                break
    return found


def _edition_store(screening_list: ScreeningList, list_import: ListImport, incoming: dict[str, dict]) -> Edition:
    """Store an edition without changing any earlier entry: unchanged entries are kept as they are, changed ones
    get a new version, removed ones stop being current."""
    existing = list(screening_list.entities.filter(current=True))
    predecessors = _predecessors(existing, incoming)
    kept: list[ListedEntity] = []
    fresh: list[ListedEntity] = []
    continued: dict[str, ListedEntity] = {}
    for entity_name, values in incoming.items():
        stored = {"name": entity_name, "source_id": values.get("source_id") or "", **_entity_values(values)}
        old = predecessors.get(entity_name)
        if old is not None and all(getattr(old, field) == value for field, value in stored.items()):
            kept.append(old)
            continue
        entity = ListedEntity(screening_list=screening_list, added_in=list_import, **stored)
        if old is not None:
            entity.identity = old.identity
            continued[entity_name] = old
        fresh.append(entity)
    created = ListedEntity.objects.bulk_create(fresh, batch_size=2000)
    versions = {continued[entity.name].pk: entity for entity in created if entity.name in continued}
    kept_ids = {entity.pk for entity in kept}
    ended = [entity.pk for entity in existing if entity.pk not in kept_ids]
    ListedEntity.objects.filter(pk__in=ended).update(current=False, ended_in=list_import)
    return Edition(
        current=kept + created,
        new_or_changed=created,
        versions=versions,
        added=len(created) - len(versions),
        removed=len(ended) - len(versions),
    )


def _matches_follow(versions: dict[int, ListedEntity]) -> None:
    """Move live assessments' matches from replaced entries to their new versions (one statement)."""
    if not versions:
        return
    pairs = [(old, new.pk) for old, new in versions.items()]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE partners_screeningmatch m SET entity_id = moved.new_id
            FROM unnest(%s::bigint[], %s::bigint[]) AS moved(old_id, new_id), partners_partner p,
                 assessments_assessment a
            WHERE m.entity_id = moved.old_id AND p.id = m.partner_id AND a.id = p.assessment_id
              AND a.status = ANY(%s)
            """,
            [[old for old, _ in pairs], [new for _, new in pairs], [str(status) for status in EDITABLE]],
        )


def notices_write(list_import: ListImport, entity_ids: list[int]) -> int:
    """Tell each frozen revision whose partners the new or changed entries would flag (never re-screen it).

    Only the newest revision of each assessment is told (an older one was corrected already), and a partner
    counts only where it has no match yet with the same entity in any version: a renamed entry brings nothing new.
    """
    if not entity_ids:
        return 0
    frozen = Partner.objects.filter(assessment__in=Assessment.objects.exclude(status__in=EDITABLE))
    found = find_candidates(scope=Scope.of(frozen=True, entity_ids=entity_ids), partner_count=INDEX_LOOKUP_LIMIT + 1)
    if not found:
        return 0
    partner_ids = {partner_id for partner_id, _ in found}
    partners = frozen.filter(pk__in=partner_ids).in_bulk()
    entities = ListedEntity.objects.in_bulk({entity_id for _, entity_id in found})
    known = set(ScreeningMatch.objects.filter(partner_id__in=partner_ids).values_list("partner_id", "entity__identity"))
    per_assessment: dict[int, list[dict[str, str]]] = {}
    for (partner_id, entity_id), candidate in sorted(found.items()):
        entity, partner = entities[entity_id], partners[partner_id]
        if (partner_id, entity.identity) in known:
            continue
        per_assessment.setdefault(partner.assessment_id, []).append(
            {
                "partner": partner.name,
                "entity": entity.name,
                "matched_name": candidate.matched_name,
                "explanation": candidate.explanation,
            }
        )
    ListNotice.objects.bulk_create(
        [
            ListNotice(
                assessment_id=assessment_id,
                list_import=list_import,
                found=items,
                partners=len({item["partner"] for item in items}),
            )
            for assessment_id, items in per_assessment.items()
        ]
    )
    return len(per_assessment)


def entity_names_build(entities: list[ListedEntity]) -> None:
    """The names screening searches: each current entity's name, aliases and local-script names, with the
    tokens it is looked up by. The words' weights are counted first (weights.py), so a name is looked up only
    by words rare enough to be evidence."""
    weights = weights_refresh()
    rows = []
    for entity in entities:
        for row in listed_name_rows(entity.name, entity.aliases, entity.local_names):
            key = key_for(row["label"])
            evidence = lookup_words(key, weights)
            rows.append(EntityName(entity=entity, tokens=sorted(name_tokens(key, evidence=evidence)), **row))
    EntityName.objects.bulk_create(rows, batch_size=5000)


@dataclass(frozen=True)
class NewMatches:
    """Potential matches a list import found in one assessment, still waiting for a decision."""

    list_import: ListImport
    count: int

    def __str__(self) -> str:
        imported = self.list_import
        noun = "potential match" if self.count == 1 else "potential matches"
        if imported.replaced_id and imported.replaced:
            earlier = imported.replaced.file_date or imported.replaced.imported_at.date()
            return f"{self.count} new {noun} since the list of {earlier:%-d %b %Y} ({imported.screening_list})"
        return f"{self.count} new {noun} from {imported.screening_list}, newly imported"


def new_matches_for(assessment_ids: list[int] | QuerySet) -> dict[int, list[NewMatches]]:
    """Per assessment: the potential matches list imports found there that nobody has decided yet."""
    rows = (
        ScreeningMatch.objects.filter(
            partner__assessment_id__in=assessment_ids, status=MatchStatus.POTENTIAL, found_in__isnull=False
        )
        .values("partner__assessment_id", "found_in_id")
        .annotate(count=Count("id"))
    )
    imports = ListImport.objects.select_related("screening_list", "replaced").in_bulk(
        {row["found_in_id"] for row in rows}
    )
    result: dict[int, list[NewMatches]] = {}
    for row in rows:
        result.setdefault(row["partner__assessment_id"], []).append(
            NewMatches(imports[row["found_in_id"]], row["count"])
        )
    return result


def list_notices_for(assessment_ids: list[int] | QuerySet) -> list[ListNotice]:
    """The list notices of these assessments that still stand: a corrected revision's were answered by its
    correction, which was screened against the new edition."""
    return list(
        ListNotice.objects.filter(assessment_id__in=assessment_ids, assessment__next_revision__isnull=True)
        .select_related("assessment", "list_import__screening_list")
        .order_by("-created_at", "-id")
    )
