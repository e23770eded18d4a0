"""Loads a questionnaire definition from YAML into the database, once per version."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from duediligence.lib.parsing import InputRefused, size_within, yaml_depth_within
from duediligence.lib.translations import CHOICES
from duediligence.questionnaires.models import Question, Questionnaire, Section, Step
from duediligence.questionnaires.validation import DefinitionError, validate_definition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
DEFAULT_DEFINITION = DEFINITIONS_DIR / "hrdd-v3.yaml"
# The questionnaires partners answer (kind: partner), shipped with the app: the newest version of each, which
# invitations offer, and every version in the order they are loaded (earlier versions stay for the invitations and
# assessments that use them).
SUPPLIER_DEFINITION = DEFINITIONS_DIR / "partner-supplier-v2.yaml"
TECHNOLOGY_DEFINITION = DEFINITIONS_DIR / "partner-technology-v2.yaml"
PARTNER_DEFINITIONS = (
    DEFINITIONS_DIR / "partner-supplier-v1.yaml",
    DEFINITIONS_DIR / "partner-technology-v1.yaml",
    SUPPLIER_DEFINITION,
    TECHNOLOGY_DEFINITION,
)
DEFAULT_SLUG = "hrdd"
# Version 1 of the partner questionnaires gave the Chinese beside the English, as `<field>_zh` (and `label_zh` in each
# choice); every later version uses `translations:` keyed by language. A loaded version never changes, so the old
# spelling is read as it is, as the Chinese of the language code below.
LEGACY_SUFFIXES = {"_zh": "zh-hans"}
YAML_BOOLEANS = {True: "Yes", False: "No"}


@dataclass(frozen=True)
class LoadResult:
    questionnaire: Questionnaire
    created: bool


def read_definition(path: Path) -> dict:
    try:
        size_within(path)
        text = path.read_text(encoding="utf-8")
        # Its depth first, from the parser's events: building objects from a deep document recurses.
        yaml_depth_within(text)
        return yaml.safe_load(text)
    except InputRefused as refusal:
        raise DefinitionError([f"{path}: not read, {refusal}"]) from None
    except FileNotFoundError:
        raise DefinitionError([f"{path}: no such file"]) from None
    except OSError as error:
        raise DefinitionError([f"{path}: not readable ({error.strerror or type(error).__name__})"]) from None
    except UnicodeDecodeError as error:
        raise DefinitionError([f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    except yaml.YAMLError as error:
        raise DefinitionError([f"{path}: not valid YAML: {error}"]) from None


def definition_hash(data: dict) -> str:
    # Hash the parsed content, not the bytes, so comments and layout may change without a new version.
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def questionnaire_load(*, path: Path) -> LoadResult:
    """Load `path`. Loading the same content again is a no-op; changed content under a loaded version is refused."""
    read = read_definition(path)
    data = with_translations(read)
    errors = validate_definition(data)
    if errors:
        raise DefinitionError(errors)
    # The hash of the file as written, so a version loaded before translations were keyed by language is the same.
    digest = definition_hash(read)
    existing = Questionnaire.objects.select_for_update().filter(slug=data["slug"], version=data["version"]).first()
    if existing is not None:
        if existing.source_sha256 == digest:
            return LoadResult(existing, created=False)
        raise DefinitionError(
            [
                f"{data['slug']} version {data['version']} is already loaded with different content, and a loaded "
                f"version never changes: give the changed definition version {_next_version(data['slug'])}"
            ]
        )
    questionnaire = Questionnaire.objects.create(
        slug=data["slug"],
        version=data["version"],
        kind=data.get("kind", "assessment"),
        title=data["title"],
        description=data.get("description", ""),
        translations=data.get("translations", {}),
        source_sha256=digest,
    )
    position = 0
    questions = []
    for step_data in sorted(data["steps"], key=lambda step: step["number"]):
        step = Step.objects.create(
            questionnaire=questionnaire,
            number=step_data["number"],
            key=step_data["key"],
            title=step_data["title"],
            intro=step_data.get("intro", ""),
            translations=step_data.get("translations", {}),
            references=step_data.get("references", []),
        )
        for section_position, section_data in enumerate(step_data["sections"], start=1):
            section = Section.objects.create(
                step=step,
                key=section_data["key"],
                title=section_data["title"],
                intro=section_data.get("intro", ""),
                translations=section_data.get("translations", {}),
                position=section_position,
            )
            for question_data in section_data["questions"]:
                position += 1
                questions.append(
                    Question(
                        questionnaire=questionnaire,
                        section=section,
                        key=question_data["key"],
                        position=position,
                        type=question_data["type"],
                        label=question_data["label"].strip(),
                        help=(question_data.get("help") or "").strip(),
                        translations=_stripped(question_data.get("translations", {})),
                        required=question_data.get("required", True),
                        choices=question_data.get("choices") or [],
                        options=question_data.get("options") or {},
                        references=question_data.get("references") or [],
                        show_if=question_data.get("show_if"),
                        risk_rule=question_data.get("risk_rule"),
                    )
                )
    Question.objects.bulk_create(questions)
    return LoadResult(questionnaire, created=True)


def with_translations(data: dict) -> dict:
    """The definition with any `<field>_zh` of version 1 moved into `translations`, as later versions write it."""
    if not isinstance(data, dict):
        return data
    result = copy.deepcopy(data)
    items = [result]
    for step in result.get("steps") or []:
        if isinstance(step, dict):
            items.append(step)
            for section in step.get("sections") or []:
                if isinstance(section, dict):
                    items.append(section)
                    items += [question for question in section.get("questions") or [] if isinstance(question, dict)]
    for item in items:
        for suffix, code in LEGACY_SUFFIXES.items():
            moved = {key[: -len(suffix)]: item.pop(key) for key in [key for key in item if key.endswith(suffix)]}
            for choice in item.get("choices") or []:
                if isinstance(choice, dict) and f"label{suffix}" in choice:
                    moved.setdefault(CHOICES, {})[choice.get("value")] = choice.pop(f"label{suffix}")
                if isinstance(choice, dict) and isinstance(choice.get("label"), bool):
                    # Version 1 wrote a choice `label: No` unquoted, which YAML reads as false.
                    choice["label"] = YAML_BOOLEANS[choice["label"]]
            if moved and isinstance(item.setdefault("translations", {}), dict):
                item["translations"].setdefault(code, {}).update(moved)
    return result


def _stripped(translations: dict) -> dict:
    """Translations as stored: each text without the blank lines YAML's block scalars leave around it."""
    return {
        code: {
            field: {value: label.strip() for value, label in text.items()} if isinstance(text, dict) else text.strip()
            for field, text in fields.items()
        }
        for code, fields in translations.items()
    }


def _next_version(slug: str) -> int:
    latest = Questionnaire.objects.latest_version(slug)
    return (latest.version if latest else 0) + 1
