"""Importing screening lists (formats in list_formats.py) and screening every partner against the new edition.

A re-import of a list (same slug) replaces its entities in one transaction, then every partner is screened
again, so nobody ever screens against half a list. A file that cannot be read changes nothing: it is read whole
before anything is written. Each import is recorded (ListImport) with the file's own date and SHA-256, and the
matches it found are linked to it, so an assessment can say "N new potential matches since the list of <date>".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count, QuerySet

from duediligence.partners.list_formats import FORMATS, ListFormatError, ParsedList, read_list
from duediligence.partners.models import (
    EntityName,
    ListedEntity,
    ListImport,
    MatchStatus,
    ScreeningList,
    ScreeningMatch,
)
from duediligence.partners.names import listed_name_rows
from duediligence.partners.screening import ScreeningResult, screen

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
    # Entities keep their rows when their name is unchanged, so confirmed and dismissed matches against them
    # (and the reasons given) survive a re-import of the list. A name listed twice (OFAC lists some entities
    # under several programmes) is one entity with the names, kinds and programmes of both.
    incoming: dict[str, dict] = {}
    for values in parsed.entities:
        if values["name"] in incoming:
            first = incoming[values["name"]]
            for field in LIST_FIELDS:
                first[field] = list(dict.fromkeys([*first.get(field, []), *values.get(field, [])]))
        else:
            incoming[values["name"]] = values
    existing = {entity.name: entity for entity in screening_list.entities.all()}
    screening_list.entities.exclude(name__in=list(incoming)).delete()
    kept: list[ListedEntity] = []
    new: list[ListedEntity] = []
    for entity_name, values in incoming.items():
        if entity_name in existing:
            entity = existing[entity_name]
            for field_name, value in _entity_values(values).items():
                setattr(entity, field_name, value)
            kept.append(entity)
        else:
            new.append(ListedEntity(screening_list=screening_list, name=entity_name, **_entity_values(values)))
    ListedEntity.objects.bulk_update(kept, list(ENTITY_FIELDS), batch_size=2000)
    created_entities = kept + ListedEntity.objects.bulk_create(new, batch_size=2000)
    EntityName.objects.filter(entity__screening_list=screening_list).delete()
    entity_names_build(created_entities)
    result = screen(found_in=list_import)
    list_import.new_matches = result.added
    list_import.save(update_fields=["new_matches"])
    return ListImportResult(screening_list, list_import, len(created_entities), parsed.skipped, result)


def entity_names_build(entities: list[ListedEntity]) -> None:
    """The normalised names screening searches: each entity's name, aliases and local-script names."""
    names = [
        EntityName(entity=entity, **row)
        for entity in entities
        for row in listed_name_rows(entity.name, entity.aliases, entity.local_names)
    ]
    EntityName.objects.bulk_create(names, batch_size=5000)


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
