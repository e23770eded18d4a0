"""No seam held by strings: every question a report names exists in the questionnaires it is used with, every
named key has its sentence, and a missing key is an error (tests, DEBUG), never a silent ""."""

import logging
import re
from pathlib import Path

import pytest
import yaml

from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.loader import DEFAULT_SLUG, DEFINITIONS_DIR, read_definition
from duediligence.reports import prose as prose_module
from duediligence.reports.prose import MissingQuestion, Prose, statements
from duediligence.reports.questions import Q, introduced_in

REPORTS = Path(prose_module.__file__).resolve().parent


def question_keys(definition: dict) -> set[str]:
    return {
        question["key"]
        for step in definition["steps"]
        for section in step["sections"]
        for question in section["questions"]
    }


def assessment_versions() -> dict[int, set[str]]:
    versions = {}
    for path in sorted(DEFINITIONS_DIR.glob("*.yaml")):
        definition = read_definition(path)
        if definition["slug"] == DEFAULT_SLUG:
            versions[definition["version"]] = question_keys(definition)
    return versions


def test_every_key_the_reports_name_is_asked_by_every_version_it_is_used_with():
    versions = assessment_versions()
    assert len(versions) >= 2
    for key in Q:
        for version, keys in versions.items():
            if version >= introduced_in(key):
                assert key.value in keys, f"questionnaire version {version} does not ask {key.value!r}"


def test_every_key_has_its_sentence_and_every_sentence_its_key():
    assert set(statements()) == {key.value for key in Q}
    raw = yaml.safe_load((REPORTS / "data" / "statements.yaml").read_text(encoding="utf-8"))
    for key, spec in raw.items():
        assert "gap" in spec, f"{key}: a sentence says what is missing when unanswered"


def test_no_report_module_names_a_question_by_a_string_of_its_own():
    """A literal key in the composer bypasses Q, and with it the checks above."""
    keys = set().union(*assessment_versions().values())
    for path in REPORTS.glob("*.py"):
        if path.name == "questions.py":
            continue
        literals = set(re.findall(r"[\"']([a-z][a-z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
        assert not literals & keys, f"{path.name} names questions as strings: {sorted(literals & keys)}"


def test_a_key_the_questionnaire_does_not_ask_is_an_error_not_an_empty_sentence(assessment, settings, caplog):
    prose = Prose(Snapshot(assessment))
    del prose.questions[Q.PRESENCE_DECISION]  # as if the questionnaire had renamed it
    with pytest.raises(MissingQuestion, match="presence_decision"):
        prose.sentence(Q.PRESENCE_DECISION)
    with pytest.raises(MissingQuestion):
        prose.paragraphs(Q.MITIGATION_FEASIBLE, Q.PRESENCE_DECISION)
    # In production it is logged, and the report goes on without the sentence.
    settings.REPORT_KEYS_STRICT = False
    with caplog.at_level(logging.ERROR, logger="duediligence.reports.prose"):
        assert prose.sentence(Q.PRESENCE_DECISION) == ""
    assert "does not ask" in caplog.text


def test_a_key_introduced_by_a_later_version_is_simply_not_asked_of_an_earlier_one(assessment, monkeypatch):
    from duediligence.reports import questions

    monkeypatch.setitem(questions.INTRODUCED_IN, Q.PRESENCE_DECISION, assessment.questionnaire.version + 1)
    prose = Prose(Snapshot(assessment))
    del prose.questions[Q.PRESENCE_DECISION]
    assert prose.sentence(Q.PRESENCE_DECISION) == ""
    assert Q.PRESENCE_DECISION not in prose.gaps
