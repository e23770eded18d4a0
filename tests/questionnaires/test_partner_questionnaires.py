"""Partner questionnaires: the same engine, marked as for partners, with every wording in each language they are
translated into, keyed by language (earlier versions' `_zh` spelling read as the same Chinese)."""

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from duediligence.lib.public_languages import PageKind, translated_languages
from duediligence.lib.translations import translated
from duediligence.questionnaires.loader import (
    DEFINITIONS_DIR,
    PARTNER_DEFINITIONS,
    SUPPLIER_DEFINITION,
    TECHNOLOGY_DEFINITION,
    questionnaire_load,
    read_definition,
)
from duediligence.questionnaires.models import Questionnaire
from duediligence.questionnaires.rules import raised_flags
from duediligence.questionnaires.validation import validate_definition

SUPPLIER, TECHNOLOGY = SUPPLIER_DEFINITION, TECHNOLOGY_DEFINITION


@pytest.mark.parametrize("path", PARTNER_DEFINITIONS, ids=lambda path: path.stem)
def test_the_shipped_partner_questionnaires_load_in_every_language_of_their_pages(db, path):
    questionnaire = questionnaire_load(path=path).questionnaire
    wanted = [each.code for each in translated_languages(PageKind.RESPONDENT)]
    assert questionnaire.kind == "partner" and set(wanted) <= set(questionnaire.languages)
    questions = list(questionnaire.questions.all())
    assert len(questions) >= 10
    for code in wanted:
        assert questionnaire.translations[code]["title"]
        assert all(question.translations[code]["label"] for question in questions)
        for question in questions:
            assert set(question.choice_labels_in(code)) == set(question.choice_labels)
            assert all(
                question.choice_labels_in(code)[value] != label for value, label in question.choice_labels.items()
            )
    assert all(isinstance(label, str) for question in questions for label in question.choice_labels.values())
    assert any(question.risk_rule and question.risk_rule.get("suggest") for question in questions)


def test_the_supplier_questionnaire_covers_the_forced_labour_indicators_and_traceability(db):
    keys = set(questionnaire_load(path=SUPPLIER).questionnaire.questions.values_list("key", flat=True))
    for key in ("state_transfer", "recruitment_fees", "documents_held", "free_to_leave", "wages_direct",
                "overtime_voluntary", "subcontracts", "grievance_channel", "inputs_from_region", "traceability",
                "supply_chain_flow"):  # fmt: skip
        assert key in keys


def test_answers_raise_flags_through_the_same_risk_rules(db):
    questionnaire = questionnaire_load(path=TECHNOLOGY).questionnaire
    flags = raised_flags(questionnaire.questions.all(), {"end_user_types": ["security"], "end_use_clauses": "no"})
    assert {(flag.question.key, flag.level) for flag in flags} == {
        ("end_user_types", "high"),
        ("end_use_clauses", "medium"),
    }


def test_wording_is_read_in_the_language_asked_for(db):
    question = questionnaire_load(path=SUPPLIER).questionnaire.questions.get(key="documents_held")
    assert translated(question, "label", "zh-hans").startswith("除工人本人以外")
    assert translated(question, "label", "en").startswith("Does anyone other than")
    assert question.choice_labels_in("zh-hans") == {}  # a yes/no question has no choices of its own
    choice = questionnaire_load(path=SUPPLIER).questionnaire.questions.get(key="free_to_leave")
    assert choice.choice_labels_in("zh-hans")["freely"] == "可以，完全自由"
    # A language without a translation reads the content's wording.
    assert translated(question, "label", "ug").startswith("Does anyone other than")


def test_version_1_keeps_its_chinese_word_for_word_in_the_new_structure(db):
    """Invitations of version 1 read exactly the Chinese they were sent with, though the file spells it `_zh`."""
    path = DEFINITIONS_DIR / "partner-supplier-v1.yaml"
    source = read_definition(path)
    questionnaire = questionnaire_load(path=path).questionnaire
    assert questionnaire.translations["zh-hans"]["title"] == source["title_zh"]
    question = questionnaire.questions.get(key="free_to_leave")
    written = source["steps"][0]["sections"][1]["questions"][2]
    assert translated(question, "label", "zh-hans") == written["label_zh"]
    assert question.choice_labels_in("zh-hans") == {
        choice["value"]: choice["label_zh"] for choice in written["choices"]
    }
    # Its unquoted `label: No` (YAML's false) reads "No" again, not "False".
    assert question.choice_labels["not_allowed"] == "No"


def mutated(change):
    data = copy.deepcopy(read_definition(SUPPLIER))
    change(data)
    return validate_definition(data)


def test_a_partner_questionnaire_missing_a_translation_is_refused_with_the_place():
    def drop(data):
        del data["steps"][0]["sections"][1]["questions"][0]["translations"]["zh-hans"]["label"]

    assert mutated(drop) == [
        "step 1 › section recruitment › question recruitment_fees: translations: zh-hans: label: needed, its wording "
        "in Simplified Chinese"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["translations"]["zh-hans"].__setitem__("title", "Supplier questionnaire"),
            "questionnaire: translations: zh-hans: title: has no letters of Simplified Chinese's Chinese characters",
        ),
        (
            lambda d: d["translations"].__setitem__("zh-hanz", {"title": "供应商问卷"}),
            "'zh-hanz' is not a language code",
        ),
        (lambda d: d["translations"].__setitem__("en", {"title": "Suppliers"}), "translations: en: the items' own"),
        (lambda d: d.__setitem__("kind", "vendor"), "kind: 'vendor' is not one of assessment, partner"),
        (lambda d: d["steps"][0].__setitem__("number", 2), "steps: must be numbered from 1 without gaps"),
        (
            lambda d: d["steps"][0]["sections"][2]["questions"][0].update(
                {"type": "scale", "options": {"low": "a", "high": "b"}}
            ),
            "partner questionnaires ask no scale questions",
        ),
        (
            lambda d: d["steps"][0]["sections"][1]["questions"][2]["translations"]["zh-hans"]["choices"].pop("freely"),
            "question free_to_leave: translations: zh-hans: choices: freely: needed",
        ),
        (
            lambda d: d["steps"][0]["sections"][1]["questions"][2]["translations"]["zh-hans"]["choices"].update(
                {"gladly": "乐意"}
            ),
            "choices: 'gladly' is not one of the question's choices",
        ),
        (
            lambda d: d["steps"][0]["sections"][1]["questions"][2]["choices"][2].__setitem__("label", False),
            "quote Yes and No, which YAML reads as true and false",
        ),
        (
            # A second language anywhere asks for every wording in it.
            lambda d: d["steps"][0]["translations"].__setitem__("ug", {"title": "ئەمگەك ۋە مەنبە"}),
            "questionnaire: translations: ug: title: needed, its wording in Uyghur",
        ),
    ],
)
def test_other_mistakes_are_named(change, problem):
    assert any(problem in error for error in mutated(change)), mutated(change)


def test_the_assessment_questionnaires_stay_as_they_were(questionnaire):
    assert questionnaire.kind == "assessment" and questionnaire.translations == {}
    assert questionnaire.languages == ["en"]


def test_the_command_loads_the_partner_questionnaires_beside_the_default(db, tmp_path):
    out = StringIO()
    call_command("load_questionnaire", "--with-partners", stdout=out)
    assert "partner-supplier version 2" in out.getvalue() and "questions, partner)" in out.getvalue()
    assert set(Questionnaire.objects.values_list("slug", "kind")) >= {
        ("partner-supplier", "partner"),
        ("partner-technology", "partner"),
    }


def test_a_definition_file_is_plain_yaml_a_translator_can_edit():
    text = Path(SUPPLIER).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["kind"] == "partner" and "    translations:\n      zh-hans:\n" in text
