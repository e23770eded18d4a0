"""The one description of everything an assessment owns, and the three things built on it.

Each app registers its own tables in its AppConfig.ready() with `register(OwnedTable(...))`:
- how a row is scoped to its assessment (a lookup such as "risk__assessment");
- its references to other owned rows (field -> table key), so copies and transfers can re-point them;
- which fields are the reviewed content, and which are bookkeeping (each field is one or the other: a test
  holds every table to that, so a field added later must be placed on purpose);
- how a correction copies it (COPY, SKIP, or COPY with a `prepare` hook for rows that need new tokens).

Built on it:
- `content_of`: the reviewed content as plain JSON, items keyed by their stable uid (which survives copies and
  transfers), with child tables nested in their parent item; its SHA-256 binds an approval to what was approved;
- `copy_owned`: the correction copy, one bulk insert per table;
- `tables()`: the export and import of duediligence.transfer.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from duediligence.accounts.models import User
    from duediligence.assessments.models import Assessment

# The shape of `content_of`'s result; a snapshot of another format cannot be compared item by item.
CONTENT_FORMAT = 2
# The assessment's own fields that are reviewed content: what it covers, where and when (with the questionnaire
# version it answers). Frozen with the rest once it leaves an editable status (frozen.py).
ASSESSMENT_REVIEWED = ("title", "country", "region", "scope", "period_start", "period_end", "questionnaire")


class Copy(Enum):
    COPY = "copy"
    SKIP = "skip"


@dataclass
class CopyContext:
    """What a `prepare` hook may need while a correction copies rows."""

    source: Assessment
    target: Assessment
    user: User
    now: datetime.datetime
    # Per table key, old primary key -> new primary key.
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    # Anything a hook must pass to a later table (e.g. evidence tokens for answers).
    carried: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnedTable:
    key: str
    model: type[models.Model]
    # The lookup from this model to its assessment, e.g. "risk__assessment".
    scope: str
    # Foreign keys to other owned rows: field name -> table key.
    refs: dict[str, str] = field(default_factory=dict)
    # The fields that are the reviewed content; empty for tables that are not content (history, comments).
    reviewed: tuple[str, ...] = ()
    # Every other concrete field, each with why it is not reviewed.
    bookkeeping: dict[str, str] = field(default_factory=dict)
    # The field naming the parent item, for tables shown inside their parent (actions inside their risk).
    parent: str | None = None
    # The field whose text names an item to people (the change view's "Risk: <title>").
    label: str | None = None
    # How items are keyed in the content: "uid", or a field whose value is stable (an answer's question).
    key_field: str = "uid"
    copy: Copy = Copy.COPY
    # Called on each row (already detached from the source) before a correction inserts it.
    prepare: Callable[[Any, CopyContext], None] | None = None
    # Tables that must come first though no field refers to them (answers hold the evidence tokens).
    after: tuple[str, ...] = ()
    # Builds this table's content section itself, when the rows alone do not say it (answers hidden by
    # conditions are not content).
    content: Callable[[Assessment], dict[str, Any]] | None = None
    # A nullable field that, when set, marks a row as having arrived after the assessment was submitted (a
    # partner's late attachment): such rows are kept beside the reviewed content, never in it, until taken in.
    pending: str | None = None

    @property
    def scope_is_direct(self) -> bool:
        return self.scope == "assessment"


_REGISTRY: dict[str, OwnedTable] = {}
_BY_MODEL: dict[type[models.Model], OwnedTable] = {}
# Tables that refer to an assessment without being part of it, each with why (a test holds every other to
# being registered).
_NOT_OWNED: dict[type[models.Model], str] = {}


def register(*owned: OwnedTable) -> None:
    for table in owned:
        if table.key in _REGISTRY and _REGISTRY[table.key].model is not table.model:
            raise ValueError(f"two owned tables are called {table.key!r}")
        _REGISTRY[table.key] = table
        _BY_MODEL[table.model] = table


def register_not_owned(model: type[models.Model], reason: str) -> None:
    _NOT_OWNED[model] = reason


def not_owned() -> dict[type[models.Model], str]:
    return dict(_NOT_OWNED)


def tables() -> list[OwnedTable]:
    """Every owned table, each after the tables it refers to (so rows can be inserted in this order)."""
    ordered: list[OwnedTable] = []
    placed: set[str] = set()
    pending = list(_REGISTRY.values())
    while pending:
        ready = [
            t for t in pending if all(target in placed or target == t.key for target in (*t.refs.values(), *t.after))
        ]
        if not ready:
            names = ", ".join(t.key for t in pending)
            raise ValueError(f"owned tables refer to each other in a cycle or to unregistered tables: {names}")
        for table in ready:
            ordered.append(table)
            placed.add(table.key)
            pending.remove(table)
    return ordered


def table_for(model: type[models.Model]) -> OwnedTable | None:
    return _BY_MODEL.get(model)


def rows_of(table: OwnedTable, assessment: Assessment) -> models.QuerySet:
    return table.model._default_manager.filter(**{table.scope: assessment}).order_by("pk")


def content_rows_of(table: OwnedTable, assessment: Assessment) -> models.QuerySet:
    """The rows of `table` that are part of the assessment's reviewed content (not those pending, see `pending`)."""
    rows = rows_of(table, assessment)
    return rows.filter(**{f"{table.pending}__isnull": True}) if table.pending else rows


def is_frozen_content(table: OwnedTable) -> bool:
    """Whether the table's rows are reviewed content, which PostgreSQL freezes with the assessment (frozen.py)."""
    return bool(table.reviewed or table.content)


# --- Reviewed content ---------------------------------------------------------------------------------------


def _display(obj: models.Model, model_field: models.Field) -> Any:
    """A field's value as a reviewer reads it: labels for choices, names for references."""
    name = model_field.name
    if model_field.is_relation:
        related = getattr(obj, name)
        if related is None:
            return ""
        owned = table_for(type(related))
        if owned is not None and owned.label:
            return _display(related, _field(type(related), owned.label))
        # A person by their address, a question by its key, anything else by its name.
        return getattr(related, "email", None) or getattr(related, "key", None) or str(related)
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(model_field, ArrayField):
        choices = dict(model_field.base_field.choices or [])
        return [str(choices.get(item, item)) for item in value]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime.date, Decimal, uuid.UUID)):
        return str(value)
    return value


def _field(model: type[models.Model], name: str) -> models.Field:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field), f"{model.__name__}.{name} is not a concrete field"
    return model_field


def _item(table: OwnedTable, obj: models.Model) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name in table.reviewed:
        model_field = _field(type(obj), name)
        item[str(model_field.verbose_name)] = _display(obj, model_field)
    return item


def _related_for(table: OwnedTable) -> list[str]:
    related = []
    for name in table.reviewed:
        model_field = table.model._meta.get_field(name)
        if model_field.is_relation:
            related.append(name)
    return related


def _child_text(item: dict[str, Any]) -> str:
    parts = []
    for value in item.values():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in ("", None):
            parts.append(str(value))
    return " · ".join(parts)


def content_of(assessment: Assessment) -> dict[str, Any]:
    """Everything a reviewer approves, as plain JSON: answers by question key, items by uid."""
    content: dict[str, Any] = {
        "format": CONTENT_FORMAT,
        # The assessment's own description: what it covers, where and when.
        "assessment": {
            "scope": {
                "title": assessment.title,
                "country": assessment.country,
                "region": assessment.region,
                "business scope": assessment.scope,
                "period": f"{assessment.period_start} to {assessment.period_end}",
            }
        },
    }
    children: dict[str, dict[int, list[str]]] = {}
    reviewed = [table for table in tables() if is_frozen_content(table)]
    # Children first (they are nested into their parents), so walk the tables deepest last and fill bottom-up.
    for table in reversed(reviewed):
        if table.content is not None:
            content[table.key] = table.content(assessment)
            continue
        rows = content_rows_of(table, assessment).select_related(*_related_for(table))
        section: dict[str, Any] = {}
        grouped: dict[int, list[str]] = defaultdict(list)
        nested = [t for t in reviewed if t.parent and t.refs.get(t.parent) == table.key]
        for obj in rows:
            item = _item(table, obj)
            for child in nested:
                label = str(child.model._meta.verbose_name_plural)
                item[label[:1].upper() + label[1:]] = sorted(children.get(child.key, {}).get(obj.pk, []))
            if table.parent:
                grouped[getattr(obj, f"{table.parent}_id")].append(_child_text(item))
            else:
                section[str(getattr(obj, table.key_field))] = item
        if table.parent:
            children[table.key] = grouped
        else:
            content[table.key] = section
    return content


def item_label(section: str, item: dict[str, Any]) -> str | None:
    """The text that names an item of a content section, for people reading a change."""
    table = _REGISTRY.get(section)
    if table is None or not table.label:
        return None
    value = item.get(str(_field(table.model, table.label).verbose_name))
    return str(value) if value not in (None, "") else None


def section_name(section: str) -> str:
    table = _REGISTRY.get(section)
    if table is None:
        return section
    name = str(table.model._meta.verbose_name)
    return name[:1].upper() + name[1:]


# --- Correction copy ----------------------------------------------------------------------------------------


def copy_owned(*, source: Assessment, target: Assessment, user: User) -> dict[str, int]:
    """Copy every owned row of `source` that a correction carries into `target`, one bulk insert per table.

    Rows keep their uid (so the change view and the public report see the same items) and point at the copies
    of the rows they referred to. Returns the number of rows copied per table.
    """
    context = CopyContext(source=source, target=target, user=user, now=timezone.now())
    counts: dict[str, int] = {}
    for table in tables():
        if table.copy is Copy.SKIP:
            continue
        rows = list(rows_of(table, source))
        old_ids = [obj.pk for obj in rows]
        for obj in rows:
            obj.pk = None
            obj._state.adding = True
            if table.scope_is_direct:
                obj.assessment = target
            for name, target_key in table.refs.items():
                old = getattr(obj, f"{name}_id")
                setattr(obj, f"{name}_id", context.ids.get(target_key, {}).get(old) if old is not None else None)
            if table.prepare is not None:
                table.prepare(obj, context)
        created = table.model._default_manager.bulk_create(rows, batch_size=2000)
        context.ids[table.key] = {old: obj.pk for old, obj in zip(old_ids, created, strict=True)}
        counts[table.key] = len(created)
    return counts


def unclassified_fields(table: OwnedTable) -> list[str]:
    """Concrete fields that are neither reviewed nor bookkeeping (a test keeps this empty)."""
    known = set(table.reviewed) | set(table.bookkeeping)
    return [
        model_field.name
        for model_field in table.model._meta.concrete_fields
        if not model_field.primary_key and model_field.name not in known
    ]


def owned_models() -> Iterable[type[models.Model]]:
    return iter(_BY_MODEL)
