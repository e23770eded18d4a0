"""Partner lists out as CSV and XLSX, safe to open in a spreadsheet.

A cell starting with =, +, -, @ (or a tab or carriage return) would be run as a formula by Excel or LibreOffice;
such cells get a leading apostrophe, the OWASP-recommended neutralisation, so the text shows as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from openpyxl import Workbook

from duediligence.assessments.models import Assessment
from duediligence.partners.models import Partner

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Screening(TypedDict):
    """What PartnerQuerySet.with_screening adds to each partner, and the screening column is read from."""

    has_confirmed: bool
    has_potential: bool


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = [
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
    "screening",
]


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(partners: Iterable[WithAnnotations[Partner, Screening]]) -> list[list[str]]:
    result = []
    for partner in partners:
        screening = "confirmed match" if partner.has_confirmed else "potential match" if partner.has_potential else ""
        result.append(
            [
                neutralise(value)
                for value in [
                    partner.name,
                    partner.name_local,
                    partner.category,
                    partner.city,
                    partner.region,
                    partner.country,
                    partner.relationship,
                    partner.products,
                    partner.since.isoformat() if partner.since else "",
                    "yes" if partner.disclosed else "no",
                    partner.withheld_reason,
                    partner.owner,
                    "" if partner.owner_share is None else partner.owner_share,
                    partner.contact_email,
                    screening,
                ]
            ]
        )
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
