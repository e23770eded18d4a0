"""Partner lists out as CSV and XLSX, safe to open in a spreadsheet.

A cell starting with =, +, -, @ (or a tab or carriage return) would be run as a formula by Excel or LibreOffice;
such cells get a leading apostrophe, the OWASP-recommended neutralisation, so the text shows as typed.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from openpyxl import Workbook

from duediligence.assessments.models import Assessment
from duediligence.partners.cleaning import COLUMNS
from duediligence.partners.models import Partner

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Screening(TypedDict):
    """What PartnerQuerySet.with_screening adds to each partner, and the screening column is read from."""

    has_confirmed: bool
    has_potential: bool


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = [*COLUMNS, "screening"]


def _cell(partner: Partner, name: str) -> object:
    """A field as the CSV import reads it back (dates ISO, yes and no, choices by value)."""
    value = getattr(partner, name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(partners: Iterable[WithAnnotations[Partner, Screening]]) -> list[list[str]]:
    result = []
    for partner in partners:
        screening = "confirmed match" if partner.has_confirmed else "potential match" if partner.has_potential else ""
        result.append([neutralise(_cell(partner, name)) for name in COLUMNS] + [neutralise(screening)])
    return result


def to_csv(partners: Iterable[WithAnnotations[Partner, Screening]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows(partners))
    # A BOM, so that Excel opens Chinese names as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(partners: Iterable[WithAnnotations[Partner, Screening]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Partners")
    sheet.append(HEADERS)
    for row in rows(partners):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def partners_for_export(assessment: Assessment) -> list[WithAnnotations[Partner, Screening]]:
    return list(assessment.partners.with_screening().order_by("name", "id"))
