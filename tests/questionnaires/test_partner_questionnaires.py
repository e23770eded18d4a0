"""Partner questionnaires: the same engine, marked as for partners, with every wording in English and Chinese."""

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, questionnaire_load, read_definition
from duediligence.questionnaires.models import Questionnaire, in_language
from duediligence.questionnaires.rules import raised_flags
from duediligence.questionnaires.validation import validate_definition

SUPPLIER, TECHNOLOGY = PARTNER_DEFINITIONS


@pytest.mark.parametrize("path", PARTNER_DEFINITIONS, ids=lambda path: path.stem)
def test_the_shipped_partner_questionnaires_load_in_both_languages(db, path):
    questionnaire = questionnaire_load(path=path).questionnaire
    assert questionnaire.kind == "partner" and questionnaire.title_zh
    questions = list(questionnaire.questions.all())
    assert len(questions) >= 10
    assert all(question.label_zh for question in questions)
    assert all(choice.get("label_zh") for question in questions for choice in question.choices)
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
    assert in_language(question, "label", "zh-hans").startswith("除工人本人以外")
    assert in_language(question, "label", "en").startswith("Does anyone other than")
    assert question.choice_labels_in("zh-hans") == {}  # a yes/no question has no choices of its own
    choice = questionnaire_load(path=SUPPLIER).questionnaire.questions.get(key="free_to_leave")
    assert choice.choice_labels_in("zh-hans")["freely"] == "可以，完全自由"


def mutated(change):
    data = copy.deepcopy(read_definition(SUPPLIER))
    change(data)
    return validate_definition(data)


def test_a_partner_questionnaire_missing_its_chinese_wording_is_refused_with_the_place():
    def drop(data):
        del data["steps"][0]["sections"][1]["questions"][0]["label_zh"]

    assert mutated(drop) == [
        "step 1 › section recruitment › question recruitment_fees: label_zh: needed, the Chinese wording of label "
        "(partners answer in both)"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.__setitem__("title_zh", "Supplier questionnaire"), "questionnaire: title_zh: has no Chinese"),
        (lambda d: d.__setitem__("kind", "vendor"), "kind: 'vendor' is not one of assessment, partner"),
        (lambda d: d["steps"][0].__setitem__("number", 2), "steps: must be numbered from 1 without gaps"),
        (
            lambda d: d["steps"][0]["sections"][2]["questions"][0].update(
                {"type": "scale", "options": {"low": "a", "high": "b"}}
            ),
            "partner questionnaires ask no scale questions",
        ),
        (
            lambda d: d["steps"][0]["sections"][1]["questions"][2]["choices"][0].pop("label_zh"),
            "each needs exactly a value, a label and a label_zh",
        ),
    ],
)
def test_other_mistakes_are_named(change, problem):
    assert any(problem in error for error in mutated(change))


def test_the_assessment_questionnaires_stay_as_they_were(questionnaire):
    assert questionnaire.kind == "assessment" and questionnaire.title_zh == ""


def test_the_command_loads_the_partner_questionnaires_beside_the_default(db, tmp_path):
    out = StringIO()
    call_command("load_questionnaire", "--with-partners", stdout=out)
    assert "partner-supplier version 1" in out.getvalue() and "questions, partner)" in out.getvalue()
    assert set(Questionnaire.objects.values_list("slug", "kind")) >= {
        ("partner-supplier", "partner"),
        ("partner-technology", "partner"),
    }


def test_a_definition_file_is_plain_yaml_a_translator_can_edit():
    text = Path(SUPPLIER).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["kind"] == "partner" and "label_zh:" in text
