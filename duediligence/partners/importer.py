"""Partner lists from CSV: every row checked, every error reported by row and column, all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction

from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.partners.models import Category, Partner, WithheldReason
from duediligence.partners.normalise import location_key, normalise
from duediligence.partners.screening import ScreeningResult, screen

COLUMNS = [
    "name",
    "name_local",
    "category",
    "city",
    "region",
    "country",
    "relationship",
    "products",
    "since",
    "disclosed",
    "withheld_reason",
    "owner",
    "owner_share",
    "contact_email",
]
REQUIRED = ["name", "category", "country"]
LIMITS = {
    "name": 300,
    "name_local": 300,
    "city": 120,
    "region": 120,
    "country": 120,
    "relationship": 5000,
    "products": 5000,
    "owner": 300,
}
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否"}


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


def _choice(value: str, choices: type[models.TextChoices]) -> str | None:
    wanted = value.strip().casefold()
    for choice_value, label in choices.choices:
        if wanted in (choice_value.casefold(), str(label).casefold()):
            return choice_value
    return None


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
    errors_before = len(report.errors)
    if None in row:
        report.errors.append(RowError(number, "", "This row has more cells than there are columns."))
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    for column in REQUIRED:
        if not value[column]:
            report.errors.append(RowError(number, column, "Required; this cell is empty."))
    for column, limit in LIMITS.items():
        if len(value[column]) > limit:
            report.errors.append(RowError(number, column, f"Too long: at most {limit} characters."))
    category = _choice(value["category"], Category) if value["category"] else None
    if value["category"] and category is None:
        report.errors.append(
            RowError(
                number, "category", f"“{value['category']}” is not a category; use one of {', '.join(Category.values)}."
            )
        )
    since = None
    if value["since"]:
        try:
            since = datetime.date.fromisoformat(
                value["since"] if len(value["since"]) > 4 else f"{value['since']}-01-01"
            )
        except ValueError:
            report.errors.append(
                RowError(number, "since", f"“{value['since']}” is not a date like 2021-03-01 or 2021.")
            )
    disclosed = True
    if value["disclosed"]:
        if value["disclosed"].casefold() in YES:
            disclosed = True
        elif value["disclosed"].casefold() in NO:
            disclosed = False
        else:
            report.errors.append(RowError(number, "disclosed", f"“{value['disclosed']}” must be yes or no."))
    reason: str | None = ""
    if not disclosed:
        reason = _choice(value["withheld_reason"], WithheldReason) if value["withheld_reason"] else None
        if reason is None:
            report.errors.append(
                RowError(
                    number,
                    "withheld_reason",
                    f"A withheld name needs a reason: one of {', '.join(WithheldReason.values)}.",
                )
            )
    elif value["withheld_reason"]:
        report.errors.append(
            RowError(
                number, "withheld_reason", "Only withheld names have a reason; set disclosed to no or clear this cell."
            )
        )
    owner_share = None
    if value["owner_share"]:
        share = value["owner_share"].rstrip("%").strip()
        if share.isdigit() and 1 <= int(share) <= 100:
            owner_share = int(share)
        else:
            report.errors.append(
                RowError(number, "owner_share", f"“{value['owner_share']}” must be a whole per cent from 1 to 100.")
            )
        if not value["owner"]:
            report.errors.append(RowError(number, "owner_share", "A share needs the owner's name in the owner column."))
    if value["contact_email"]:
        try:
            validate_email(value["contact_email"])
        except ValidationError:
            report.errors.append(
                RowError(number, "contact_email", f"“{value['contact_email']}” is not an email address.")
            )
    if len(report.errors) > errors_before:
        return None
    return Partner(
        name=value["name"],
        name_local=value["name_local"],
        category=category or "",
        city=value["city"],
        region=value["region"],
        country=value["country"],
        relationship=value["relationship"],
        products=value["products"],
        since=since,
        disclosed=disclosed,
        withheld_reason=reason or "",
        owner=value["owner"],
        owner_share=owner_share,
        contact_email=value["contact_email"],
    )


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
        key = (normalise(partner.name), location_key(partner.city, partner.region, partner.country))
        if key in seen:
            report.duplicates.append((number, f"{partner.name} duplicates {seen[key]}"))
            continue
        seen[key] = f"row {number}"
        partner.assessment = locked
        partner.refresh_keys()
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


def _as_cell(value: object) -> str | None:
    """A JSON value as the text a CSV cell would hold; None when its type cannot be one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    return None


@transaction.atomic
def partner_upsert(*, assessment: Assessment, items: Any) -> UpsertReport:
    """Create or update partners from JSON objects with the CSV's columns, with the CSV import's checks.

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
    parsed: list[tuple[int, Partner, set[str]]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            report.errors.append((f"/{index}", "Each partner is a JSON object."))
            continue
        row: dict = {}
        for key, value in item.items():
            cell = _as_cell(value)
            if key not in COLUMNS:
                report.errors.append((f"/{index}/{key}", f"Unknown field; use {', '.join(COLUMNS)}."))
            elif cell is None:
                report.errors.append((f"/{index}/{key}", "Must be text, a number, true/false or null."))
            else:
                row[key] = cell
        csv_errors = ImportReport()
        partner = _parse_row(row, index, csv_errors)
        report.errors.extend((f"/{index}/{error.column}" if error.column else f"/{index}", error.message)
                             for error in csv_errors.errors)  # fmt: skip
        if partner is not None and not any(pointer.startswith(f"/{index}/") for pointer, _ in report.errors):
            parsed.append((index, partner, set(row)))
    if report.errors:
        return report
    locked = lock_editable(assessment)
    existing = {(partner.name_norm, partner.location_norm): partner for partner in locked.partners.all()}
    seen: dict[tuple[str, str], int] = {}
    fresh, changed = [], []
    for index, partner, given in parsed:
        key = (normalise(partner.name), location_key(partner.city, partner.region, partner.country))
        if key in seen:
            report.errors.append((f"/{index}/name", f"The same partner as item {seen[key]} (name and location)."))
            continue
        seen[key] = index
        current = existing.get(key)
        if current is None:
            partner.assessment = locked
            partner.refresh_keys()
            fresh.append(partner)
            continue
        for column in given:
            setattr(current, column, getattr(partner, column))
        if "disclosed" in given and partner.disclosed:
            current.withheld_reason = ""
        current.refresh_keys()
        changed.append(current)
    if report.errors:
        return report
    Partner.objects.bulk_create(fresh, batch_size=2000)
    for partner in changed:
        partner.save()
    report.created, report.updated = len(fresh), len(changed)
    report.screening = screen(assessment_id=locked.pk)
    return report
