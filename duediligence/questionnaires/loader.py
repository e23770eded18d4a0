"""Loads a questionnaire definition from YAML into the database, once per version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from duediligence.lib.parsing import InputRefused, size_within, yaml_depth_within
from duediligence.questionnaires.models import Question, Questionnaire, Section, Step
from duediligence.questionnaires.validation import DefinitionError, validate_definition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
DEFAULT_DEFINITION = DEFINITIONS_DIR / "hrdd-v3.yaml"
# The questionnaires partners answer (kind: partner), shipped with the app.
PARTNER_DEFINITIONS = (DEFINITIONS_DIR / "partner-supplier-v1.yaml", DEFINITIONS_DIR / "partner-technology-v1.yaml")
DEFAULT_SLUG = "hrdd"


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
    data = read_definition(path)
    errors = validate_definition(data)
    if errors:
        raise DefinitionError(errors)
    digest = definition_hash(data)
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
        title_zh=data.get("title_zh", ""),
        description_zh=data.get("description_zh", ""),
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
            title_zh=step_data.get("title_zh", ""),
            intro_zh=step_data.get("intro_zh", ""),
            references=step_data.get("references", []),
        )
        for section_position, section_data in enumerate(step_data["sections"], start=1):
            section = Section.objects.create(
                step=step,
                key=section_data["key"],
                title=section_data["title"],
                intro=section_data.get("intro", ""),
                title_zh=section_data.get("title_zh", ""),
                intro_zh=section_data.get("intro_zh", ""),
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
                        label_zh=(question_data.get("label_zh") or "").strip(),
                        help_zh=(question_data.get("help_zh") or "").strip(),
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


def _next_version(slug: str) -> int:
    latest = Questionnaire.objects.latest_version(slug)
    return (latest.version if latest else 0) + 1
