"""Partner lists from CSV: every row checked, every error reported by row and column, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.lib.collector import without_cycle_collection
from duediligence.partners.cleaning import COLUMNS, NAME_FIELDS, REQUIRED, FieldError, names_unescaped, partner_clean
from duediligence.partners.models import Partner
from duediligence.partners.screening import ScreeningResult, screen


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (row, what it duplicates)
    created: int = 0
    screening: ScreeningResult | None = None
    # Rows whose names held HTML entities, written out ("&amp;" as "&").
    names_cleaned: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "Example Trading Co., Ltd.",
            "示例贸易有限公司",
            "distributor",
            "Ürümqi",
            "Xinjiang",
            "China",
            "Exclusive distributor",
            "Sequencers and reagents",
            "2021-03-01",
            "yes",
            "",
            "Example Holdings Ltd.",
            "100",
            "sales@example-trading.example",
        ]
    )
    return out.getvalue()


# Cells longer than the csv module's default (131,072 characters) must reach the length checks, which name the
# row and column, instead of stopping the reader; no cell can be longer than the whole file.
csv.field_size_limit(max(csv.field_size_limit(), settings.PARTNER_IMPORT_MAX_BYTES))
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), or UTF-16 as Excel's "Unicode text" saves it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def _delimiter(text: str) -> str:
    """The separator the header row uses: whichever splits it into the most of our column names."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=lambda mark: sum(cell.strip().strip('"') in COLUMNS for cell in header.split(mark)))


def _position(text: str, index: int, delimiter: str) -> tuple[int, str]:
    """The row number and column name of a character of the file (counting separators, which is exact for the
    unquoted cells where stray characters are found)."""
    line_start = text.rfind("\n", 0, index) + 1
    row = text.count("\n", 0, index) + 1
    headers = [cell.strip().strip('"') for cell in text.split("\n", 1)[0].split(delimiter)]
    column_index = text.count(delimiter, line_start, index)
    return row, headers[column_index] if column_index < len(headers) else ""


def parse(raw: bytes) -> tuple[list[Partner], list[int], ImportReport]:
    """Check every row; return unsaved partners, their row numbers, and the report of errors.

    Every reading problem becomes an error with its row (and its column, where one can be named): wrong
    encoding, NUL bytes, a separator other than ours, old Mac line ends, broken quotes, overlong cells.
    """
    report = ImportReport()
    try:
        text = _decode(raw)
    except UnicodeDecodeError as error:
        report.errors.append(
            RowError(
                0, "", f"The file is not UTF-8 text (byte {error.start}). Save it as “CSV UTF-8” and upload it again."
            )
        )
        return [], [], report
    # Windows (CR LF) and old Mac (CR) line ends read as one: a CR alone inside a cell is a line break there.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _delimiter(text)
    if "\x00" in text:
        row, column = _position(text, text.index("\x00"), delimiter)
        report.errors.append(
            RowError(row, column, "This cell holds a NUL byte, which no text has: is this really a CSV file?")
        )
        return [], [], report
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _read_rows(reader, report)
    except csv.Error as error:
        # line_num counts the lines read before the record that failed, which begins on the next line.
        report.errors.append(
            RowError(
                reader.line_num + 1,
                "",
                f"The file cannot be read as CSV from this row on ({error}). Check its quotes: a cell that contains "
                "quotes or separators must be wrapped in double quotes, and its own quotes doubled.",
            )
        )
        return [], [], report


def _read_rows(reader: csv.DictReader, report: ImportReport) -> tuple[list[Partner], list[int], ImportReport]:
    headers = [header.strip() for header in reader.fieldnames or []]
    reader.fieldnames = headers
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        report.errors.append(
            RowError(
                1,
                ", ".join(missing),
                f"Missing column(s): {', '.join(missing)}. Download the template to see the expected columns.",
            )
        )
        return [], [], report
    unknown = [header for header in headers if header not in COLUMNS]
    if unknown:
        report.errors.append(RowError(1, ", ".join(unknown), "Unknown column(s); use the template's column names."))
        return [], [], report
    partners, rows = [], []
    limit = settings.PARTNER_IMPORT_MAX_ROWS
    for number, row in enumerate(reader, start=2):
        if number - 1 > limit:
            report.errors.append(
                RowError(number, "", f"The file has more than {limit:,} partners; split it into smaller files.")
            )
            return [], [], report
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        partner = _parse_row(row, number, report)
        if partner is not None:
            partners.append(partner)
            rows.append(number)
    if not partners and not report.errors:
        report.errors.append(RowError(0, "", "The file has no partner rows."))
    return partners, rows, report


def _parse_row(row: dict, number: int, report: ImportReport) -> Partner | None:
    """One CSV row through the one door every partner takes (cleaning.partner_clean)."""
    if None in row:
        report.errors.append(RowError(number, "", "This row has more cells than there are columns."))
        return None
    values, errors = partner_clean({column: row[column] for column in row if column in COLUMNS})
    report.errors += [RowError(number, error.field, error.message) for error in errors]
    if any(names_unescaped(row.get(column) or "") != (row.get(column) or "") for column in NAME_FIELDS):
        report.names_cleaned += 1
    return values.apply(Partner()) if values is not None else None


@without_cycle_collection
@transaction.atomic
def partner_import(*, assessment: Assessment, raw: bytes) -> ImportReport:
    """Import a partner CSV: nothing is written unless every row is valid. Duplicates are reported, not doubled."""
    partners, rows, report = parse(raw)
    if report.errors:
        return report
    locked = lock_editable(assessment)
    seen = {
        (name, location): "an existing partner"
        for name, location in locked.partners.values_list("name_norm", "location_norm")
    }
    fresh = []
    for partner, number in zip(partners, rows, strict=True):
        key = (partner.name_norm, partner.location_norm)  # worked out as the row was cleaned
        if key in seen:
            report.duplicates.append((number, f"{partner.name} duplicates {seen[key]}"))
            continue
        seen[key] = f"row {number}"
        partner.assessment = locked
        fresh.append(partner)
    created = Partner.objects.bulk_create(fresh, batch_size=2000)
    report.created = len(created)
    # Screening the whole assessment, not a list of new ids: one indexed join instead of a 10,000-id filter,
    # and earlier decisions are kept either way.
    report.screening = screen(assessment_id=locked.pk) if created else None
    return report


@dataclass
class UpsertReport:
    """The result of a JSON upsert: errors point at the item and field (JSON pointers such as /3/category)."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (pointer, message)
    created: int = 0
    updated: int = 0
    screening: ScreeningResult | None = None


def _pointed(index: int, errors: list[FieldError]) -> list[tuple[str, str]]:
    """Errors as JSON pointers into the request body: /3/category."""
    return [(f"/{index}/{error.field}" if error.field else f"/{index}", error.message) for error in errors]


@without_cycle_collection
@transaction.atomic
def partner_upsert(*, assessment: Assessment, items: Any) -> UpsertReport:
    """Create or update partners from JSON objects with the partner's fields, through the same door as the form
    and the CSV import (cleaning.partner_clean), reading the JSON values as they are.

    A partner is the same one when its normalised name and location match (as the CSV import's duplicate check);
    an existing partner changes only in the fields the item gives. Nothing is written unless every item is valid.
    """
    report = UpsertReport()
    if not isinstance(items, list) or not items:
        report.errors.append(("", "Send a JSON array of partner objects."))
        return report
    limit = settings.PARTNER_IMPORT_MAX_ROWS
    if len(items) > limit:
        report.errors.append(("", f"At most {limit:,} partners at a time; split the list."))
        return report
    parsed: list[tuple[int, dict, Partner]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            report.errors.append((f"/{index}", "Each partner is a JSON object."))
            continue
        values, errors = partner_clean(item)
        report.errors += [
            (f"/{index}/{error.field}" if error.field else f"/{index}", error.message) for error in errors
        ]
        if values is not None:
            parsed.append((index, item, values.apply(Partner())))
    if report.errors:
        return report
    locked = lock_editable(assessment)
    existing = {(partner.name_norm, partner.location_norm): partner for partner in locked.partners.all()}
    seen: dict[tuple[str, str], int] = {}
    fresh, changed = [], []
    for index, item, partner in parsed:
        key = (partner.name_norm, partner.location_norm)
        if key in seen:
            report.errors.append((f"/{index}/name", f"The same partner as item {seen[key]} (name and location)."))
            continue
        seen[key] = index
        current = existing.get(key)
        if current is None:
            partner.assessment = locked
            fresh.append(partner)
            continue
        # The item's fields over the partner's own, checked as a whole again (a share needs its owner, a
        # withheld name its reason, whichever of the two the item gives).
        values, errors = partner_clean(item, current=current)
        report.errors += [
            (f"/{index}/{error.field}" if error.field else f"/{index}", error.message) for error in errors
        ]
        if values is not None:
            changed.append(values.apply(current))
    if report.errors:
        return report
    Partner.objects.bulk_create(fresh, batch_size=2000)
    for partner in changed:
        partner.save()
    report.created, report.updated = len(fresh), len(changed)
    report.screening = screen(assessment_id=locked.pk)
    return report
