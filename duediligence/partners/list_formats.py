"""Reading screening lists in the layouts their publishers use. Pure parsing: nothing here touches the database.

Formats:
- ``csv``: our own layout (the list shipped with the app), one row per entity with its kinds of listing, Chinese
  names, source and retrieval date per entry; the older layout with ``list`` and ``[v]``/``[nv]`` sources too;
- ``csl``: the US Consolidated Screening List CSV (trade.gov), which carries the BIS Entity List among others;
- ``sdn``: OFAC's SDN list as CSV, three files without headers: sdn.csv with alt.csv (aliases) and add.csv
  (addresses) beside it;
- ``opensanctions``: OpenSanctions' ``targets.simple.csv``, one file across many lists (UFLPA, BIS, OFAC, EU,
  UK ...), each row naming the datasets it comes from;
- ``eu``: the EU's consolidated list of financial sanctions, XML.

Partners are organisations, so people, vessels and aircraft are left out of every format (and counted).
A file that is not what its format says is refused with one line naming the problem; see ListFormatError.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import html
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from duediligence.lib.parsing import InputRefused, TooDeep, depth_within, size_within

NON_LATIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f]")
FORMATS = ("csv", "csl", "sdn", "opensanctions", "eu")


class ListFormatError(Exception):
    """The file cannot be read as the format says; the message is one line and names the file."""


@dataclass
class ParsedList:
    entities: list[dict]
    file_date: datetime.date | None
    file_date_from: str
    files: list[dict]  # [{"name": ..., "sha256": ..., "bytes": ...}]
    skipped: int = 0  # people, vessels and aircraft left out
    notes: list[str] = field(default_factory=list)


def entity(
    name: str,
    names: Iterable[str] = (),
    *,
    kinds: Iterable[str] = (),
    programmes: Iterable[str] = (),
    category: str = "",
    countries: Iterable[str] = (),
    source: str = "",
    source_url: str = "",
    verified: bool = True,
    **extra: str | datetime.date | None,
) -> dict:
    """One listed entity as the importer stores it; other names are sorted into aliases and local-script names."""
    name = " ".join(name.split())
    others = list(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))
    others = [n for n in others if n != name]
    return {
        "name": name,
        "aliases": [n for n in others if not NON_LATIN.search(n)],
        "local_names": [n for n in others if NON_LATIN.search(n)],
        "kinds": list(dict.fromkeys(k for k in kinds if k)),
        "programmes": list(dict.fromkeys(p for p in programmes if p)),
        "category": category,
        "countries": list(dict.fromkeys(c for c in countries if c)),
        "source": source,
        "source_url": source_url,
        "verified": verified,
        **extra,
    }


# --- Reading bytes --------------------------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    try:
        size_within(path)
        return path.read_bytes()
    except InputRefused as refusal:
        raise ListFormatError(f"{path.name}: not read, {refusal}") from None
    except FileNotFoundError:
        raise ListFormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ListFormatError(f"{path}: a folder, not a file") from None


def _described(path: Path, raw: bytes) -> dict:
    return {"name": path.name, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}


def _text(path: Path, raw: bytes, *, legacy: str | None = None) -> str:
    """The file as text: UTF-8 (with or without BOM), or the publisher's legacy encoding where it has one."""
    if b"\x00" in raw[:4096]:
        raise ListFormatError(f"{path.name}: contains NUL bytes, so it is not UTF-8 text (UTF-16?); save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if legacy:
            try:
                return raw.decode(legacy)
            except UnicodeDecodeError:
                pass
        raise ListFormatError(
            f"{path.name}: not UTF-8 (byte {error.start}); save the file as UTF-8 and try again"
        ) from None


def _csv_rows(path: Path, text: str, required: set[str]) -> csv.DictReader:
    reader = csv.DictReader(io.StringIO(text))
    try:
        columns = set(reader.fieldnames or [])
    except csv.Error as error:
        raise ListFormatError(f"{path.name}: not readable as CSV ({error})") from None
    missing = required - columns
    if missing:
        raise ListFormatError(
            f"{path.name}: missing column(s) {', '.join(sorted(missing))}; is this the right file for the format?"
        )
    return reader


def _each(path: Path, reader: Iterable[dict], read_row: Callable[[dict], dict | None]) -> tuple[list[dict], int]:
    """Read every row; a broken row refuses the whole file with its number."""
    entities, skipped = [], 0
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if None in row:  # more fields than columns
                raise ListFormatError(f"{path.name}: row {number} has more fields than the header has columns")
            value = read_row(row)
            if value is None:
                skipped += 1
            elif not value["name"]:
                raise ListFormatError(f"{path.name}: row {number}: the name is empty")
            else:
                entities.append(value)
    except csv.Error as error:
        raise ListFormatError(f"{path.name}: row {number}: not readable as CSV ({error})") from None
    return entities, skipped


# A part of a ";"-separated field: an HTML entity's own ";" ("Ho &amp; Sons", even escaped twice as
# "&amp;amp;") does not end it.
PART = re.compile(r"(?:&(?:amp;)*#?\w+;|[^;])+")


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in PART.findall(value or "") if part.strip()]


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip()[:10]) if value and value.strip() else None
    except ValueError:
        return None


def _mtime(path: Path) -> datetime.date:
    return datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC).date()


def _undated(path: Path, file_date: datetime.date | None) -> tuple[datetime.date, str]:
    """For formats that carry no date of their own: the date given, else the file's modification date."""
    if file_date:
        return file_date, "given at import"
    return _mtime(path), "the file's modification date (the format carries none)"


# --- Our CSV --------------------------------------------------------------------------------------------------

LIST_KIND_BY_LIST = {"BIS": "export_control", "UFLPA": "import_ban", "OFAC": "blocking_sanction"}
KINDS = {"export_control", "import_ban", "blocking_sanction", "investment_ban", "context", "other"}


def read_our_csv(path: Path, file_date: datetime.date | None = None) -> ParsedList:
    raw = _read(path)
    text = _text(path, raw)
    reader = _csv_rows(path, text, {"name"})
    columns = set(reader.fieldnames or [])
    if not columns & {"list", "lists"}:
        raise ListFormatError(f"{path.name}: missing column lists (or list); is this the right file for the format?")

    def read_row(row: dict) -> dict:
        names = [*_split(row.get("aliases")), *_split(row.get("name_zh"))]
        lists = _split(row.get("lists") or row.get("list"))
        kinds = _split(row.get("list_kind"))
        unknown = [kind for kind in kinds if kind not in KINDS]
        if unknown:
            raise ListFormatError(f"{path.name}: unknown list_kind {unknown[0]!r} (use {', '.join(sorted(KINDS))})")
        if not kinds:
            kinds = [LIST_KIND_BY_LIST.get(item.split()[0], "other") for item in lists] or ["context"]
        source = (row.get("citation") or row.get("source") or "").strip()
        verified = (row.get("verified") or "").strip().lower()
        if not verified:
            verified = "nv" if source.startswith("[nv]") else "v"
        return entity(
            (row.get("name") or "").strip(),
            names,
            kinds=kinds,
            programmes=lists,
            category=(row.get("category") or "").strip(),
            source=re.sub(r"^\[n?v\]\s*", "", source),
            source_url=(row.get("source_url") or "").strip(),
            verified=verified == "v",
            retrieved_on=_date(row.get("retrieved_on")),
            date_listed=_date(row.get("date_listed")),
            parent=(row.get("parent") or "").strip(),
            note=(row.get("note") or "").strip(),
        )

    entities, skipped = _each(path, reader, read_row)
    dated, date_from = _undated(path, file_date)
    retrieved = [e["retrieved_on"] for e in entities if e["retrieved_on"]]
    if not file_date and retrieved:
        dated, date_from = max(retrieved), "the latest retrieval date of its entries"
    return ParsedList(entities, dated, date_from, [_described(path, raw)], skipped)


# --- US Consolidated Screening List ---------------------------------------------------------------------------

CSL_KINDS = {
    "entity list": "export_control",
    "unverified list": "export_control",
    "military end user": "export_control",
    "denied persons": "export_control",
    "nonproliferation": "export_control",
    "specially designated nationals": "blocking_sanction",
    "chinese military-industrial complex": "investment_ban",
    "sectoral sanctions": "other",
}
NOT_ORGANISATIONS = {"individual", "person", "vessel", "aircraft", "airplane"}
# An entry whose type the list leaves blank (the CSL's ITAR and DPL entries include people so): kept under this
# category, and matched only on its whole name (evidence.py).
TYPE_NOT_GIVEN = "type not given"


def _csl_kind(source: str) -> str:
    lowered = source.lower()
    return next((kind for words, kind in CSL_KINDS.items() if words in lowered), "other")


def read_csl(path: Path, file_date: datetime.date | None = None) -> ParsedList:
    raw = _read(path)
    reader = _csv_rows(path, _text(path, raw), {"source", "name", "alt_names", "programs"})

    def read_row(row: dict) -> dict | None:
        if (row.get("type") or "").strip().lower() in NOT_ORGANISATIONS:
            return None
        source = (row.get("source") or "").strip()
        return entity(
            (row.get("name") or "").strip(),
            _split(row.get("alt_names")),
            kinds=[_csl_kind(source)],
            programmes=_split(row.get("programs")),
            category=(row.get("type") or "").strip() or TYPE_NOT_GIVEN,
            source=source,
            source_url="; ".join(
                part for part in (row.get("source_list_url"), row.get("source_information_url")) if part
            ),
            date_listed=_date(row.get("start_date")),
        )

    entities, skipped = _each(path, reader, read_row)
    dated, date_from = _undated(path, file_date)
    return ParsedList(entities, dated, date_from, [_described(path, raw)], skipped)


# --- OFAC SDN (sdn.csv, alt.csv, add.csv) ---------------------------------------------------------------------

SDN_COLUMNS = 12  # ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, ...
ALT_COLUMNS = 5  # ent_num, alt_num, alt_type, alt_name, alt_remarks
ADD_COLUMNS = 6  # ent_num, add_num, address, city/state/postal code, country, add_remarks
OFAC_EMPTY = "-0-"


def _ofac_rows(path: Path, columns: int) -> tuple[list[list[str]], bytes]:
    raw = _read(path)
    # OFAC's legacy CSV files are Windows-1252 where they are not plain ASCII.
    text = _text(path, raw, legacy="cp1252")
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not row or row == ["\x1a"]:  # blank lines and the end-of-file mark the files carry
                continue
            if len(row) != columns or not row[0].strip().isdigit():
                raise ListFormatError(
                    f"{path.name}: row {number} is not in OFAC's layout ({columns} columns, starting with the "
                    f"entry number)"
                )
            rows.append([OFAC_EMPTY if value.strip() == OFAC_EMPTY else value.strip() for value in row])
    except csv.Error as error:
        raise ListFormatError(f"{path.name}: not readable as CSV ({error})") from None
    return rows, raw


def _ofac(value: str) -> str:
    return "" if value == OFAC_EMPTY else value


def read_sdn(path: Path, file_date: datetime.date | None = None) -> ParsedList:
    """`path` is sdn.csv or the folder holding it; alt.csv and add.csv are read from beside it when present."""
    folder = path if path.is_dir() else path.parent
    sdn_path = path / "sdn.csv" if path.is_dir() else path
    sdn_rows, sdn_raw = _ofac_rows(sdn_path, SDN_COLUMNS)
    files = [_described(sdn_path, sdn_raw)]
    aliases: dict[str, list[str]] = {}
    countries: dict[str, list[str]] = {}
    notes = []
    for extra, columns in (("alt.csv", ALT_COLUMNS), ("add.csv", ADD_COLUMNS)):
        extra_path = folder / extra
        if not extra_path.exists():
            missing = "aliases" if extra == "alt.csv" else "countries"
            notes.append(
                f"{extra} was not beside {sdn_path.name}: entries imported without their {missing}; put OFAC's "
                f"{extra} in the same folder and import again"
            )
            continue
        rows, raw = _ofac_rows(extra_path, columns)
        files.append(_described(extra_path, raw))
        for row in rows:
            if extra == "alt.csv" and _ofac(row[3]):
                aliases.setdefault(row[0], []).append(row[3])
            elif extra == "add.csv" and _ofac(row[4]):
                countries.setdefault(row[0], []).append(row[4])
    entities, skipped = [], 0
    for row in sdn_rows:
        number, name, sdn_type, programmes = row[0], _ofac(row[1]), _ofac(row[2]).lower(), _ofac(row[3])
        if sdn_type in NOT_ORGANISATIONS:
            skipped += 1
            continue
        if not name:
            raise ListFormatError(f"{sdn_path.name}: entry {number}: the name is empty")
        entities.append(
            entity(
                name,
                aliases.get(number, []),
                kinds=["blocking_sanction"],
                programmes=[p.strip(" []") for p in programmes.split("] [")] if programmes else [],
                category="entity",
                countries=countries.get(number, []),
                source=f"OFAC SDN entry {number}",
                source_url="https://sanctionssearch.ofac.treas.gov/",
            )
        )
    dated, date_from = _undated(sdn_path, file_date)
    return ParsedList(entities, dated, date_from, files, skipped, notes)


# --- OpenSanctions targets.simple.csv --------------------------------------------------------------------------

# OpenSanctions names its datasets by title in this export; the kind of listing is read from the title.
DATASET_KINDS = (
    ("uflpa", "import_ban"),
    ("forced labor", "import_ban"),
    ("entity list", "export_control"),
    ("bis ", "export_control"),
    ("export", "export_control"),
    ("military-industrial", "investment_ban"),
    ("cmic", "investment_ban"),
    ("sanction", "blocking_sanction"),
    ("specially designated", "blocking_sanction"),
    ("ofac", "blocking_sanction"),
    ("asset freeze", "blocking_sanction"),
)
OPENSANCTIONS_ORGANISATIONS = {"company", "organization", "legalentity", "publicbody"}


def _dataset_kind(dataset: str) -> str:
    lowered = dataset.lower()
    return next((kind for words, kind in DATASET_KINDS if words in lowered), "other")


def read_opensanctions(path: Path, file_date: datetime.date | None = None) -> ParsedList:
    raw = _read(path)
    reader = _csv_rows(path, _text(path, raw), {"id", "schema", "name", "aliases", "dataset"})
    latest: list[datetime.date] = []

    def read_row(row: dict) -> dict | None:
        if (row.get("schema") or "").strip().lower() not in OPENSANCTIONS_ORGANISATIONS:
            return None
        datasets = _split(row.get("dataset"))
        changed = _date(row.get("last_change")) or _date(row.get("last_seen"))
        if changed:
            latest.append(changed)
        return entity(
            (row.get("name") or "").strip(),
            _split(row.get("aliases")),
            kinds=[_dataset_kind(d) for d in datasets] or ["other"],
            programmes=datasets,
            category=(row.get("schema") or "").strip(),
            countries=_split(row.get("countries")),
            source=f"OpenSanctions {row.get('id', '').strip()}; " + "; ".join(_split(row.get("sanctions")))[:2000],
            source_url=f"https://www.opensanctions.org/entities/{row.get('id', '').strip()}/",
            date_listed=_date(row.get("first_seen")),
        )

    entities, skipped = _each(path, reader, read_row)
    if file_date:
        dated, date_from = file_date, "given at import"
    elif latest:
        dated, date_from = max(latest), "the latest change recorded in the file"
    else:
        dated, date_from = _undated(path, None)
    return ParsedList(entities, dated, date_from, [_described(path, raw)], skipped)


# --- EU consolidated financial sanctions (XML) -----------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def read_eu(path: Path, file_date: datetime.date | None = None) -> ParsedList:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    raw = _read(path)
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise ListFormatError(f"{path.name}: not well-formed XML ({error})") from None
    except DefusedXmlException as error:
        raise ListFormatError(f"{path.name}: refused, the XML declares entities ({type(error).__name__})") from None
    try:
        depth_within(root, children=list)
    except TooDeep as refusal:
        raise ListFormatError(f"{path.name}: not read, the XML is {refusal}") from None
    if _local(root.tag) != "export":
        raise ListFormatError(
            f"{path.name}: the root element is <{_local(root.tag)}>, not the EU export's <export>; is this the "
            f"EU consolidated list (XML)?"
        )
    entities, skipped = [], 0
    for number, sanctioned in enumerate(_children(root, "sanctionEntity"), start=1):
        subject = next(iter(_children(sanctioned, "subjectType")), None)
        code = (subject.get("code", "") if subject is not None else "").lower()
        if code != "enterprise":
            skipped += 1
            continue
        names = [alias.get("wholeName", "").strip() for alias in _children(sanctioned, "nameAlias")]
        names = [name for name in names if name]
        if not names:
            raise ListFormatError(f"{path.name}: sanctioned entity {number} has no name")
        regulations = _children(sanctioned, "regulation")
        programmes = [r.get("programme", "") for r in regulations]
        urls = [
            (url.text or "").strip()
            for regulation in regulations
            for url in _children(regulation, "publicationUrl")
            if url.text
        ]
        countries = [
            place.get("countryDescription", "")
            for place in [*_children(sanctioned, "address"), *_children(sanctioned, "citizenship")]
        ]
        reference = sanctioned.get("euReferenceNumber", "")
        entities.append(
            entity(
                names[0],
                names[1:],
                kinds=["blocking_sanction"],
                programmes=programmes,
                category="enterprise",
                countries=[c.title() for c in countries if c and c.upper() != "UNKNOWN"],
                source=f"EU financial sanctions {reference}".strip(),
                source_url="; ".join(dict.fromkeys(urls)),
                date_listed=_date(sanctioned.get("designationDate")),
            )
        )
    generated = _date(root.get("generationDate"))
    if file_date:
        dated, date_from = file_date, "given at import"
    elif generated:
        dated, date_from = generated, "the file's generationDate"
    else:
        dated, date_from = _undated(path, None)
    return ParsedList(entities, dated, date_from, [_described(path, raw)], skipped)


READERS: dict[str, Callable[..., ParsedList]] = {
    "csv": read_our_csv,
    "csl": read_csl,
    "sdn": read_sdn,
    "opensanctions": read_opensanctions,
    "eu": read_eu,
}


def read_list(path: Path, fmt: str, file_date: datetime.date | None = None) -> ParsedList:
    if fmt not in READERS:
        raise ListFormatError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    parsed = READERS[fmt](path, file_date)
    if not parsed.entities:
        raise ListFormatError(
            f"{path.name}: no organisations in the file"
            + (f" ({parsed.skipped} people, vessels or aircraft left out)" if parsed.skipped else "")
        )
    cleaned = _names_tidied(parsed.entities)
    if cleaned:
        parsed.notes.append(
            f"{cleaned} name{'s' if cleaned != 1 else ''} cleaned: HTML entities written out, or a phrase the list "
            'adds to names ("and any successor, sub-unit, or subsidiary thereof") or an alias\'s leading "and" removed'
        )
    untyped = sum(1 for values in parsed.entities if values.get("category") == TYPE_NOT_GIVEN)
    if untyped:
        parsed.notes.append(
            f"{untyped} entr{'ies' if untyped != 1 else 'y'} with no type (the list's people are often so): kept, "
            "marked “type not given”, and matched only on their whole name"
        )
    return parsed


def tidy_name(name: str) -> str:
    """A listed name as its publisher means it: HTML entities from exports written out (twice, for
    "&amp;amp;"), list boilerplate and an alias's leading "and " removed, spaces collapsed."""
    from duediligence.partners.vocabulary import without_boilerplate

    return without_boilerplate(html.unescape(html.unescape(name)))


def _names_tidied(entities: list[dict]) -> int:
    changed = 0
    for values in entities:
        name = tidy_name(values["name"])
        changed += name != values["name"]
        values["name"] = name or values["name"]
        for field_name in ("aliases", "local_names"):
            tidied = [tidy_name(other) for other in values.get(field_name, [])]
            changed += sum(
                1 for before, after in zip(values.get(field_name, []), tidied, strict=True) if before != after
            )
            values[field_name] = list(dict.fromkeys(other for other in tidied if other and other != name))
    return changed
