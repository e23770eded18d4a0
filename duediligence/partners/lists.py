"""Importing screening lists: our CSV layout and the US Consolidated Screening List (CSL) CSV.

A re-import of a list (same slug) replaces its entities in one transaction, then every partner is screened
again, so nobody ever screens against half a list.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from duediligence.partners.models import EntityName, ListedEntity, ScreeningList
from duediligence.partners.names import listed_name_rows
from duediligence.partners.screening import ScreeningResult, screen

NON_LATIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f]")
FORMATS = {
    # format: (required columns, how to read one row)
    "csv": {"name", "aliases", "list", "category", "source"},
    "csl": {"source", "name", "alt_names", "programs"},
}


class ListImportError(Exception):
    pass


@dataclass
class ListImportResult:
    screening_list: ScreeningList
    entities: int
    screening: ScreeningResult


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _row_to_entity(row: dict, fmt: str) -> dict:
    if fmt == "csv":
        names = _split(row.get("aliases"))
        source = (row.get("source") or "").strip()
        return {
            "name": row["name"].strip(),
            "aliases": [n for n in names if not NON_LATIN.search(n)],
            "local_names": [n for n in names if NON_LATIN.search(n)],
            "category": (row.get("category") or "").strip(),
            "programmes": _split(row.get("list")),
            "source": re.sub(r"^\[n?v\]\s*", "", source),
            "verified": not source.startswith("[nv]"),
        }
    names = _split(row.get("alt_names"))
    source = "; ".join(
        part for part in [row.get("source"), row.get("source_list_url"), row.get("source_information_url")] if part
    )
    return {
        "name": row["name"].strip(),
        "aliases": [n for n in names if not NON_LATIN.search(n)],
        "local_names": [n for n in names if NON_LATIN.search(n)],
        "category": (row.get("type") or "").strip(),
        "programmes": _split(row.get("programs")),
        "source": source,
        "verified": True,
    }


def read_entities(path: Path, fmt: str) -> list[dict]:
    if fmt not in FORMATS:
        raise ListImportError(f"unknown format {fmt!r}: use csv or csl")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ListImportError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise ListImportError(f"{path}: not UTF-8 (byte {error.start}); save the file as UTF-8 and try again") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = FORMATS[fmt] - set(reader.fieldnames or [])
    if missing:
        raise ListImportError(f"{path}: missing column(s) {', '.join(sorted(missing))} for the {fmt} format")
    entities = []
    for number, row in enumerate(reader, start=2):
        if not (row.get("name") or "").strip():
            raise ListImportError(f"{path}: row {number}: the name is empty")
        entities.append(_row_to_entity(row, fmt))
    if not entities:
        raise ListImportError(f"{path}: the file has no entities")
    return entities


@transaction.atomic
def screening_list_import(
    *, path: Path, fmt: str, slug: str, name: str, publisher: str, source_url: str = "", caveat: str = ""
) -> ListImportResult:
    entities = read_entities(path, fmt)
    screening_list, _ = ScreeningList.objects.update_or_create(
        slug=slug, defaults={"name": name, "publisher": publisher, "source_url": source_url, "caveat": caveat}
    )
    # Entities keep their rows when their name is unchanged, so confirmed and dismissed matches against them
    # (and the reasons given) survive a re-import of the list.
    existing = {entity.name: entity for entity in screening_list.entities.all()}
    incoming = {entity["name"]: entity for entity in entities}
    screening_list.entities.exclude(name__in=list(incoming)).delete()
    kept, new = [], []
    for entity_name, values in incoming.items():
        if entity_name in existing:
            entity = existing[entity_name]
            for field_name, value in values.items():
                setattr(entity, field_name, value)
            kept.append(entity)
        else:
            new.append(ListedEntity(screening_list=screening_list, **values))
    ListedEntity.objects.bulk_update(
        kept, ["aliases", "local_names", "category", "programmes", "source", "verified"], batch_size=2000
    )
    created = kept + ListedEntity.objects.bulk_create(new, batch_size=2000)
    EntityName.objects.filter(entity__screening_list=screening_list).delete()
    entity_names_build(created)
    return ListImportResult(screening_list, len(created), screen())


def entity_names_build(entities: list[ListedEntity]) -> None:
    """The normalised names screening searches: each entity's name, aliases and local-script names."""
    names = [
        EntityName(entity=entity, **row)
        for entity in entities
        for row in listed_name_rows(entity.name, entity.aliases, entity.local_names)
    ]
    EntityName.objects.bulk_create(names, batch_size=5000)
