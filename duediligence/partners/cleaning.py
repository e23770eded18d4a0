"""One door for a partner, whatever it comes through: the form, a CSV row or an API item.

Each door only shapes its input into a mapping of field name to value (the form's typed values, a CSV row's
text, a JSON item's values) and hands it to `partner_clean`, which applies every rule once: required fields,
lengths read from the model, categories and reasons by value or label, dates, yes and no, the owner's share,
the email address, and the rule between disclosure and a reason for withholding. The fields themselves are the
partner table's reviewed fields in the ownership registry (partners/owned.py), so the form, the import, the
export and the API list the same columns.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from duediligence.partners.models import Category, Partner, WithheldReason
from duediligence.partners.owned import PARTNERS

# The columns of the form, the CSV template and import, the export and the API, in this order.
COLUMNS: list[str] = list(PARTNERS.reviewed)
REQUIRED = ("name", "category", "country")
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否"}


# Names exported from spreadsheets and web pages arrive with HTML entities ("Ho &amp; Sons", "&#39;"): they
# are written out, as the partner would write them, wherever the partner comes in.
NAME_FIELDS = ("name", "name_local", "owner")


def names_unescaped(text: str) -> str:
    """`text` with HTML entities written out, twice for "&amp;amp;" (an entity escaped once more on export)."""
    return html.unescape(html.unescape(text)) if "&" in text else text


def _limits() -> dict[str, int]:
    """The longest text each field takes, read from the model (a form, a CSV and the API refuse alike)."""
    found = {}
    for name in COLUMNS:
        field = Partner._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and field.max_length and not field.choices:
            found[name] = field.max_length
    return found


LIMITS = _limits()


@dataclass(frozen=True)
class PartnerValues:
    """A partner's fields, checked against every rule."""

    name: str
    name_local: str
    category: str
    city: str
    region: str
    country: str
    relationship: str
    products: str
    since: datetime.date | None
    disclosed: bool
    withheld_reason: str
    owner: str
    owner_share: int | None
    contact_email: str

    def apply(self, partner: Partner, only: set[str] | None = None) -> Partner:
        """Set these values on `partner` (all of them, or the fields named in `only`)."""
        for name in COLUMNS if only is None else [name for name in COLUMNS if name in only]:
            setattr(partner, name, getattr(self, name))
        partner.refresh_keys()
        return partner


assert [f.name for f in fields(PartnerValues)] == COLUMNS, "PartnerValues must list the registry's columns in order"


@dataclass(frozen=True)
class FieldError:
    field: str  # "" when the problem is the partner as a whole
    message: str


def _text(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return None


def _choice(value: str, choices: type[models.TextChoices]) -> str | None:
    wanted = value.strip().casefold()
    for choice_value, label in choices.choices:
        if wanted in (choice_value.casefold(), str(label).casefold()):
            return choice_value
    return None


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return datetime.date(value, 1, 1)
    if isinstance(value, str):
        text = value.strip()
        return datetime.date.fromisoformat(text if len(text) > 4 else f"{text}-01-01")
    raise ValueError


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in YES:
        return True
    if isinstance(value, str) and value.strip().casefold() in NO:
        return False
    raise ValueError


def _share(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        share = value
    elif isinstance(value, str) and value.strip().rstrip("%").strip().isdigit():
        share = int(value.strip().rstrip("%").strip())
    else:
        raise ValueError
    if not 1 <= share <= 100:
        raise ValueError
    return share


def partner_clean(
    raw: Mapping[str, Any], *, current: Partner | None = None
) -> tuple[PartnerValues | None, list[FieldError]]:
    """Check a partner's values, whatever door they came through; returns the values or every error.

    `raw` may hold text (a CSV row), JSON values (an API item) or typed values (a form's); a field it leaves out
    is empty, or, when `current` is given (an update), keeps the current partner's value. Changing only
    `disclosed` to yes clears the reason for withholding; giving both a disclosed name and a reason is refused.
    """
    errors: list[FieldError] = []
    given = {name for name in raw if name in COLUMNS}
    unknown = sorted(name for name in raw if name not in COLUMNS)
    for name in unknown:
        errors.append(FieldError(name, f"Unknown field; use {', '.join(COLUMNS)}."))
    texts: dict[str, str] = {}
    for name in ("name", "name_local", "category", "city", "region", "country", "relationship", "products",
                 "withheld_reason", "owner", "contact_email"):  # fmt: skip
        if name not in given:
            texts[name] = str(getattr(current, name) or "") if current is not None else ""
            continue
        text = _text(raw[name])
        if text is None:
            errors.append(FieldError(name, "Must be text."))
            text = ""
        if name in NAME_FIELDS:
            text = names_unescaped(text)
        texts[name] = text
    for name in REQUIRED:
        if not texts[name] and not any(error.field == name for error in errors):
            errors.append(FieldError(name, "Required; this is empty."))
    for name, limit in LIMITS.items():
        if len(texts.get(name, "")) > limit:
            errors.append(FieldError(name, f"Too long: {len(texts[name]):,} characters, at most {limit:,}."))
    category = _choice(texts["category"], Category) if texts["category"] else ""
    if category is None:
        errors.append(
            FieldError("category", f"“{texts['category']}” is not a category; use one of {', '.join(Category.values)}.")
        )
        category = ""
    since = current.since if current is not None and "since" not in given else None
    if "since" in given and raw["since"] not in (None, ""):
        try:
            since = _date(raw["since"])
        except ValueError:
            errors.append(FieldError("since", f"“{raw['since']}” is not a date like 2021-03-01 or 2021."))
    elif "since" in given:
        since = None
    disclosed = current.disclosed if current is not None and "disclosed" not in given else True
    if "disclosed" in given and raw["disclosed"] not in (None, ""):
        try:
            disclosed = _yes_no(raw["disclosed"])
        except ValueError:
            errors.append(FieldError("disclosed", f"“{raw['disclosed']}” must be yes or no."))
    reason = texts["withheld_reason"]
    if "disclosed" in given and disclosed and "withheld_reason" not in given:
        reason = ""  # named again: the reason for withholding no longer applies
    if disclosed and reason and "withheld_reason" in given:
        errors.append(
            FieldError(
                "withheld_reason",
                "Only a withheld name has a reason: clear the reason, or say the name is not disclosed.",
            )
        )
    elif not disclosed:
        chosen = _choice(reason, WithheldReason) if reason else None
        if chosen is None:
            errors.append(
                FieldError(
                    "withheld_reason", f"A withheld name needs a reason: one of {', '.join(WithheldReason.values)}."
                )
            )
        reason = chosen or ""
    owner_share = current.owner_share if current is not None and "owner_share" not in given else None
    if "owner_share" in given and raw["owner_share"] not in (None, ""):
        try:
            owner_share = _share(raw["owner_share"])
        except ValueError:
            errors.append(FieldError("owner_share", f"“{raw['owner_share']}” must be a whole per cent from 1 to 100."))
    elif "owner_share" in given:
        owner_share = None
    if owner_share is not None and not texts["owner"]:
        errors.append(FieldError("owner_share", "A share needs the owner's name."))
    if texts["contact_email"]:
        try:
            validate_email(texts["contact_email"])
        except ValidationError:
            errors.append(FieldError("contact_email", f"“{texts['contact_email']}” is not an email address."))
    if errors:
        return None, errors
    return (
        PartnerValues(
            name=texts["name"],
            name_local=texts["name_local"],
            category=category,
            city=texts["city"],
            region=texts["region"],
            country=texts["country"],
            relationship=texts["relationship"],
            products=texts["products"],
            since=since,
            disclosed=disclosed,
            withheld_reason=reason if not disclosed else "",
            owner=texts["owner"],
            owner_share=owner_share,
            contact_email=texts["contact_email"],
        ),
        [],
    )
