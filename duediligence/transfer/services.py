"""Moving one assessment, with everything that belongs to it, between databases as a JSON document.

`export_document` reads an assessment into plain data; `import_document` writes such data into this database
as a new assessment of an organisation, in one transaction: if anything is wrong, nothing is written.

The tables are those each app registers as owned by an assessment (assessments/ownership.py); each field is
carried by its kind, so a field added to a model travels without a change here:
- people travel as email addresses and are matched (or created, without a password or membership) on import;
- questions travel as their keys, and the same questionnaire version must be loaded in the target;
- rows point at each other by their id in the document, mapped to the new ids on import;
- screening-list entries travel as (list, name), and lists missing in the target come with their matched
  entries;
- files travel as metadata, and their bytes too with `with_files`.
Timestamps are kept exactly, so the internal report rendered from the copy reads the same.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from duediligence.accounts.models import Organisation
from duediligence.assessments.models import AnswerChange, Assessment, Evidence, Status
from duediligence.assessments.ownership import tables
from duediligence.partners.lists import entity_names_build
from duediligence.partners.models import ListedEntity, ScreeningList
from duediligence.questionnaires.models import Question, Questionnaire
from duediligence.questionnaires.structure import questions_of_version
from duediligence.respondents.models import PartnerAttachment, PartnerInvitation

FORMAT = "duediligence-assessment"
# Version 1 documents written before items had uids still import: their items get new uids.
FORMAT_VERSION = 1
ASSESSMENT_SKIPPED = {
    "id",
    "organisation",
    "questionnaire",
    "previous_revision",
    "previous_period",
    "public_token",
    # Kept by PostgreSQL for the page cache of this database, meaningless in another.
    "content_version",
    # Whether its partners were screened against this database's lists: an imported one never was (set below).
    "partners_screening_stale",
}
# A name as this installation's code read it (partners/names.py keys_dump): another installation, or another
# version, reads it again; bytes have no place in the JSON either.
ROW_SKIPPED = {"name_keys"}


class TransferError(Exception):
    """The document cannot be imported here; the message says why in one line."""


def _is_user(model_field: models.Field[Any, Any]) -> bool:
    return model_field.is_relation and model_field.related_model is get_user_model()


def _export_row(obj: models.Model, *, skip: set[str], with_files: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in skip or name in ROW_SKIPPED or model_field.primary_key:
            continue
        if _is_user(model_field):
            user = getattr(obj, name)
            row[name] = user.email if user else None
        elif model_field.is_relation and model_field.related_model is Question:
            question = getattr(obj, name)
            if question is not None and question.questionnaire_id != _questionnaire_of(obj):
                # A partner questionnaire's question (a suggestion its answer raised): named with its questionnaire.
                questionnaire = question.questionnaire
                row[name] = [questionnaire.slug, questionnaire.version, question.key]
            else:
                row[name] = question.key if question else None
        elif model_field.is_relation and model_field.related_model is ListedEntity:
            entity = getattr(obj, name)
            row[name] = [entity.screening_list.slug, entity.name]
        elif model_field.is_relation and model_field.related_model is Questionnaire:
            # A partner questionnaire sent with an invitation travels as its slug and version, like the
            # assessment's own: the same version must be loaded in the target.
            questionnaire = getattr(obj, name)
            row[name] = [questionnaire.slug, questionnaire.version] if questionnaire else None
        elif model_field.is_relation:
            row[name] = getattr(obj, model_field.attname)
        elif isinstance(model_field, models.FileField):
            stored = getattr(obj, name)
            row[name] = stored.name or ""
            if with_files and stored.name:
                with stored.open("rb") as handle:
                    row[f"{name}__base64"] = base64.b64encode(handle.read()).decode()
        else:
            row[name] = model_field.value_from_object(obj)
    return row


def _questionnaire_of(obj: models.Model) -> int | None:
    """The questionnaire of the assessment a row belongs to, where the row says directly."""
    assessment = getattr(obj, "assessment", None)
    return assessment.questionnaire_id if isinstance(assessment, Assessment) else None


def export_document(assessment: Assessment, *, with_files: bool = False) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "with_files": with_files,
        "organisation": {
            "name": assessment.organisation.name,
            "slug": assessment.organisation.slug,
            "country": assessment.organisation.country,
        },
        "questionnaire": {"slug": assessment.questionnaire.slug, "version": assessment.questionnaire.version},
        "assessment": _export_row(assessment, skip=ASSESSMENT_SKIPPED, with_files=with_files),
    }
    emails = {assessment.created_by.email}
    for table in tables():
        rows = (
            table.model._default_manager.filter(**{table.scope: assessment})
            .select_related(*_related_for_export(table.model))
            .order_by("pk")
        )
        skip = {"assessment"}
        exported = [_export_row(obj, skip=skip, with_files=with_files) for obj in rows]
        document[table.key] = exported
        for model_field in table.model._meta.concrete_fields:
            if _is_user(model_field):
                emails.update(row[model_field.name] for row in exported if row[model_field.name])
    users = get_user_model().objects.filter(email__in=emails).order_by("email")
    document["users"] = [{"email": user.email, "full_name": user.full_name} for user in users]
    matched = ListedEntity.objects.filter(matches__partner__assessment=assessment).select_related("screening_list")
    lists: dict[str, dict] = {}
    for entity in matched.distinct().order_by("screening_list__slug", "name"):
        screening_list = entity.screening_list
        entry = lists.setdefault(
            screening_list.slug,
            {
                **{name: getattr(screening_list, name) for name in LIST_FIELDS},
                "slug": screening_list.slug,
                "entities": [],
            },
        )
        entry["entities"].append({name: getattr(entity, name) for name in ENTITY_FIELDS})
    document["screening_lists"] = list(lists.values())
    return document


LIST_FIELDS = [
    "name",
    "publisher",
    "source_url",
    "retrieved_on",
    "caveat",
    "format",
    "file_date",
    "file_date_from",
    "files",
]
ENTITY_FIELDS = [
    "name",
    "source_id",
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
]


def _related_for_export(model: type[models.Model]) -> list[str]:
    related = []
    for model_field in model._meta.concrete_fields:
        if _is_user(model_field) or (model_field.is_relation and model_field.related_model is Question):
            related.append(model_field.name)
        elif model_field.is_relation and model_field.related_model is ListedEntity:
            related.append(f"{model_field.name}__screening_list")
    return related


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def encode(document: dict[str, Any]) -> str:
    return json.dumps(document, cls=_Encoder, ensure_ascii=False, indent=1)


@dataclass
class ImportResult:
    assessment: Assessment
    counts: dict[str, int]
    people_created: list[str]
    lists_created: list[str]


# The rows of one table, created as the model they are.
Row = TypeVar("Row", bound=models.Model)


class _Importer:
    def __init__(self, document: dict[str, Any], organisation: Organisation) -> None:
        self.document = document
        self.organisation = organisation
        self.ids: dict[str, dict[int, int]] = {}
        self.people_created: list[str] = []
        self.lists_created: list[str] = []

    def run(self) -> ImportResult:
        self._check_format()
        self.questionnaire = self._questionnaire()
        self.questions = {question.key: question for question in questions_of_version(self.questionnaire.pk)}
        self.users = self._users()
        self.entities = self._entities()
        self._refuse_duplicates()
        exported = self.document["assessment"]
        # In as a draft, with its status last: the rows of a submitted or published assessment are frozen by
        # PostgreSQL (assessments/frozen.py), and a draft is the one state in which they can all be written.
        assessment = self._create(
            Assessment,
            [{**exported, "status": Status.DRAFT, "partners_screening_stale": True}],
            skip=ASSESSMENT_SKIPPED - {"partners_screening_stale"},
        )[0]
        self.assessment = assessment
        counts = {}
        for table in tables():
            rows = self.document.get(table.key, [])
            created = self._create(table.model, rows, skip={"assessment"}, refs=table.refs)
            self.ids[table.key] = {row["id"]: obj.pk for row, obj in zip(rows, created, strict=True)}
            if table.key == "answers":
                # The history trigger wrote one row per new answer; the document carries the real history.
                AnswerChange.objects.filter(assessment=assessment).delete()
            counts[table.key] = len(created)
        final_status = exported.get("status", Status.DRAFT)
        Assessment.objects.filter(pk=assessment.pk).update(status=final_status)
        assessment.status = final_status
        return ImportResult(assessment, counts, self.people_created, self.lists_created)

    def _check_format(self) -> None:
        if self.document.get("format_version") != FORMAT_VERSION:
            raise TransferError(
                f"this export has format version {self.document.get('format_version')}; "
                f"this version of duediligence reads version {FORMAT_VERSION}"
            )

    def _questionnaire(self) -> Questionnaire:
        wanted = self.document["questionnaire"]
        questionnaire = Questionnaire.objects.filter(slug=wanted["slug"], version=wanted["version"]).first()
        if questionnaire is None:
            raise TransferError(
                f"questionnaire {wanted['slug']} version {wanted['version']} is not loaded here: "
                "load it first with `manage.py load_questionnaire`"
            )
        return questionnaire

    def _users(self) -> dict[str, Any]:
        user_model = get_user_model()
        people = {person["email"]: person for person in self.document.get("users", [])}
        existing = {user.email: user for user in user_model.objects.filter(email__in=list(people))}
        for email, person in sorted(people.items()):
            if email not in existing:
                existing[email] = user_model.objects.create_user(
                    email=email, password=None, full_name=person["full_name"]
                )
                self.people_created.append(email)
        return existing

    def _entities(self) -> dict[tuple[str, str], ListedEntity]:
        found: dict[tuple[str, str], ListedEntity] = {}
        for exported in self.document.get("screening_lists", []):
            screening_list = ScreeningList.objects.filter(slug=exported["slug"]).first()
            names = [entity["name"] for entity in exported["entities"]]
            if screening_list is None:
                screening_list = ScreeningList.objects.create(
                    slug=exported["slug"],
                    # Documents written before lists had file dates and hashes lack those keys.
                    **{name: _value(ScreeningList, name, exported[name]) for name in LIST_FIELDS if name in exported},
                )
                entities = ListedEntity.objects.bulk_create(
                    [
                        ListedEntity(
                            screening_list=screening_list,
                            **{name: _value(ListedEntity, name, value) for name, value in entity.items()},
                        )
                        for entity in exported["entities"]
                    ]
                )
                entity_names_build(entities)
                self.lists_created.append(screening_list.slug)
            else:
                # An edition keeps every entry it replaced; a name's current entry first, then its latest version.
                entities = list(
                    screening_list.entities.filter(name__in=names).order_by("name", "-current", "-id").distinct("name")
                )
                missing = sorted(set(names) - {entity.name for entity in entities})
                if missing:
                    raise TransferError(
                        f"screening list '{screening_list.slug}' here lacks {missing[0]!r}, which a match refers "
                        "to: import the same edition of the list first"
                    )
            for entity in entities:
                found[(screening_list.slug, entity.name)] = entity
        return found

    def _refuse_duplicates(self) -> None:
        tokens = [row["token"] for row in self.document.get("evidence", [])]
        if tokens and Evidence.objects.filter(token__in=tokens).exists():
            raise TransferError("this assessment's evidence is already in this database: it was imported before")

    def _create(
        self, model: type[Row], rows: list[dict], *, skip: set[str], refs: dict[str, str] | None = None
    ) -> list[Row]:
        refs = refs or {}
        objects, auto_fields = [], set()
        for row in rows:
            values: dict[str, Any] = {}
            for model_field in model._meta.concrete_fields:
                name = model_field.name
                if model_field.primary_key or name in skip:
                    continue
                if name not in row:
                    continue  # a field newer than the export keeps its default
                values[name] = self._field_value(model, model_field, row, refs)
                if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                    auto_fields.add(name)
            if model is Assessment:
                values.update(organisation=self.organisation, questionnaire=self.questionnaire)
            elif "assessment" in skip and any(f.name == "assessment" for f in model._meta.concrete_fields):
                values["assessment"] = self.assessment
            objects.append(model(**values))
        kept = {name: [getattr(obj, name) for obj in objects] for name in auto_fields}
        created = model._default_manager.bulk_create(objects, batch_size=1000)
        if auto_fields and created:
            # auto_now and auto_now_add stamped "now" on insert; put the exported times back.
            for name, stamps in kept.items():
                for obj, stamp in zip(created, stamps, strict=True):
                    setattr(obj, name, stamp)
            model._default_manager.bulk_update(created, sorted(auto_fields), batch_size=1000)
        return created

    def _field_value(
        self, model: type[models.Model], model_field: models.Field[Any, Any], row: dict, refs: dict[str, str]
    ) -> Any:
        name, value = model_field.name, row[model_field.name]
        if value is None:
            return None
        if _is_user(model_field):
            return self.users[value]
        if model_field.is_relation and model_field.related_model is Question and isinstance(value, list):
            other = Question.objects.filter(
                questionnaire__slug=value[0], questionnaire__version=value[1], key=value[2]
            ).first()
            if other is None:
                raise TransferError(f"questionnaire {value[0]} version {value[1]} is not loaded here: load it first")
            return other
        if model_field.is_relation and model_field.related_model is Question:
            if value not in self.questions:
                raise TransferError(f"question {value!r} is not in questionnaire {self.questionnaire}")
            return self.questions[value]
        if model_field.is_relation and model_field.related_model is ListedEntity:
            return self.entities[tuple(value)]
        if model is PartnerAttachment and name == "token":
            return secrets.token_hex(16)  # a download key of this database's own, as a correction's copy gets
        if model is PartnerInvitation and name in ("token_hash", "previous_token_hash"):
            # The link sent to the partner stays with the original; the copy's is a hash nobody holds the token of.
            return hashlib.sha256(secrets.token_bytes(32)).hexdigest() if name == "token_hash" else ""
        if model_field.is_relation and model_field.related_model is Questionnaire:
            found = Questionnaire.objects.filter(slug=value[0], version=value[1]).first()
            if found is None:
                raise TransferError(f"questionnaire {value[0]} version {value[1]} is not loaded here: load it first")
            return found
        if model_field.is_relation:
            table = refs.get(name)
            if table is None:
                raise TransferError(f"{model.__name__}.{name} refers outside the export")
            assert model_field.related_model is not None  # a relation's field names the model it refers to
            return model_field.related_model(pk=self.ids[table][value])
        if isinstance(model_field, models.FileField):
            content = row.get(f"{name}__base64")
            if content is None:
                return value  # metadata only: the name is kept, the bytes stay where they were
            stored = model_field.storage.save(value, ContentFile(base64.b64decode(content)))
            return stored
        return _value(model, name, value)


def _value(model: type[models.Model], name: str, value: Any) -> Any:
    """A JSON value as the model field holds it (dates, times and decimals arrive as strings)."""
    model_field = model._meta.get_field(name)
    # DateTimeField is a DateField, so this covers times too.
    if value is not None and isinstance(model_field, (models.DateField, models.DecimalField)):
        return model_field.to_python(value)
    return value


@transaction.atomic
def import_document(document: dict[str, Any], *, organisation_slug: str | None = None) -> ImportResult:
    """Write the document as a new assessment; raises TransferError (and writes nothing) if it cannot."""
    if not isinstance(document, dict) or document.get("format") != FORMAT or "assessment" not in document:
        raise TransferError("this is not an assessment export of duediligence")
    exported = document.get("organisation", {})
    slug = organisation_slug or exported.get("slug")
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        if organisation_slug:
            raise TransferError(f"there is no organisation with the slug {organisation_slug!r}")
        organisation = Organisation.objects.create(
            name=exported["name"], slug=exported["slug"], country=exported.get("country", "")
        )
    try:
        with transaction.atomic():
            return _Importer(document, organisation).run()
    except (KeyError, TypeError, ValueError) as error:
        raise TransferError(f"the export is incomplete or damaged ({type(error).__name__}: {error})") from None
    except IntegrityError as error:
        first_line = str(error).splitlines()[0]
        raise TransferError(f"a row of the export breaks a rule of this database ({first_line})") from None
