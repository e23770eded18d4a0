from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
from duediligence.questionnaires.models import Question, Questionnaire, QuestionType
from duediligence.questionnaires.validation import DefinitionError


def default_data() -> dict:
    return yaml.safe_load(DEFAULT_DEFINITION.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "q.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_default_questionnaire_covers_four_steps_with_at_least_60_questions(questionnaire):
    assert list(questionnaire.steps.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert questionnaire.questions.count() >= 60
    used_types = set(questionnaire.questions.values_list("type", flat=True))
    assert used_types == set(QuestionType.values)
    for step in questionnaire.steps.all():
        assert Question.objects.filter(section__step=step).count() >= 10


def test_the_default_questionnaire_asks_what_the_field_asks(questionnaire):
    labels = " ".join(questionnaire.questions.values_list("label", flat=True)).lower()
    for topic in ["dna", "public security", "export-control", "labour-transfer", "consent", "bingtuan", "withhold"]:
        assert topic in labels, topic
    assert questionnaire.questions.filter(key="presence_decision").exists()


def test_loading_the_same_file_again_changes_nothing(questionnaire):
    result = questionnaire_load(path=DEFAULT_DEFINITION)
    assert result.created is False
    assert result.questionnaire == questionnaire
    assert Questionnaire.objects.count() == 1


def test_a_changed_file_under_a_loaded_version_is_refused(questionnaire, tmp_path):
    data = default_data()
    data["steps"][0]["sections"][0]["questions"][0]["label"] = "Reworded"
    with pytest.raises(DefinitionError) as error:
        questionnaire_load(path=write(tmp_path, data))
    assert "already loaded with different content" in error.value.errors[0]
    assert f"version {questionnaire.version + 1}" in error.value.errors[0]
    assert questionnaire.questions.get(key="operates_in_region").label != "Reworded"


def test_a_new_version_is_added_beside_the_old(questionnaire, assessment, tmp_path):
    data = default_data()
    data["version"] = questionnaire.version + 1
    data["steps"][0]["sections"][0]["questions"][0]["label"] = "Reworded"
    second = questionnaire_load(path=write(tmp_path, data)).questionnaire
    assert Questionnaire.objects.latest_version("hrdd") == second
    assessment.refresh_from_db()
    assert assessment.questionnaire == questionnaire
    assert second.questions.get(key="operates_in_region").label == "Reworded"


def test_validation_reports_every_error_with_its_location_and_loads_nothing(no_questionnaire, tmp_path):
    data = default_data()
    first_section = data["steps"][0]["sections"][0]
    first_section["questions"][0]["type"] = "essay"
    first_section["questions"][1]["show_if"] = {"question": "later_question", "equals": "yes"}
    data["steps"][1]["sections"][0]["questions"][0]["risk_rule"]["level"] = "extreme"
    data["steps"][2]["sections"][0]["questions"].append({"key": "partners_mapped", "type": "yes_no", "label": "Dup"})
    with pytest.raises(DefinitionError) as error:
        questionnaire_load(path=write(tmp_path, data))
    errors = error.value.errors
    assert len(errors) == 4
    assert "step 1 › section context › question operates_in_region: type: 'essay'" in errors[0]
    assert any("question activity_types › show_if" in e and "'later_question'" in e for e in errors)
    assert any("step 2 › section auditor › question audit_done › risk_rule: level" in e for e in errors)
    assert any("step 3 › section mapping › question partners_mapped: the key is used twice" in e for e in errors)
    assert Questionnaire.objects.count() == 0


def test_show_if_must_name_an_answer_the_question_can_have(db, tmp_path):
    data = default_data()
    data["steps"][0]["sections"][0]["questions"][1]["show_if"] = {"question": "operates_in_region", "equals": "maybe"}
    with pytest.raises(DefinitionError) as error:
        questionnaire_load(path=write(tmp_path, data))
    assert "['maybe'] is not an answer question 'operates_in_region' can have" in error.value.errors[0]


def test_broken_yaml_is_reported_not_raised(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError, match="problem"):
        questionnaire_load(path=path)


def test_the_command_prints_each_problem_and_fails(db, tmp_path):
    data = default_data()
    data["version"] = 0
    data["title"] = ""
    stderr = StringIO()
    with pytest.raises(CommandError, match="not loaded, 2 problem"):
        call_command("load_questionnaire", str(write(tmp_path, data)), stderr=stderr)
    assert "version: needed" in stderr.getvalue()
    assert "title: needed" in stderr.getvalue()


def test_the_command_loads_the_default_and_says_so(no_questionnaire):
    out = StringIO()
    call_command("load_questionnaire", stdout=out)
    assert f"Loaded hrdd version {default_data()['version']}" in out.getvalue()
    out = StringIO()
    call_command("load_questionnaire", stdout=out)
    assert "Already loaded, unchanged" in out.getvalue()


def test_a_loaded_question_cannot_be_changed_in_place(questionnaire):
    from django.core.exceptions import ValidationError

    question = questionnaire.questions.first()
    question.label = "Changed"
    with pytest.raises(ValidationError, match="cannot change"):
        question.save()


def test_a_label_split_by_an_unquoted_comma_is_caught(db, tmp_path):
    path = tmp_path / "comma.yaml"
    text = DEFAULT_DEFINITION.read_text(encoding="utf-8").replace(
        'label: "Face, voice or other biometric recognition"', "label: Face, voice or other biometric recognition"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as error:
        questionnaire_load(path=path)
    assert "question product_categories: choices: each needs exactly a value and a label" in error.value.errors[0]


def test_a_definition_nested_too_deep_or_too_large_is_refused_in_one_line(db, tmp_path, settings):
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_questionnaire", str(deep), stderr=StringIO())
    assert "\n" not in str(refused.value)
    with pytest.raises(DefinitionError) as refused:
        questionnaire_load(path=deep)
    assert "nested more than 64 levels deep" in refused.value.errors[0]
    blocks = tmp_path / "blocks.yaml"
    blocks.write_text("".join(f"{'  ' * level}k{level}:\n" for level in range(70)) + "  " * 70 + "v\n")
    with pytest.raises(DefinitionError) as refused:
        questionnaire_load(path=blocks)
    assert "nested more than 64 levels deep" in refused.value.errors[0]
    settings.INPUT_FILE_MAX_BYTES = 100
    with pytest.raises(DefinitionError) as refused:
        questionnaire_load(path=DEFAULT_DEFINITION)
    assert "larger than" in refused.value.errors[0]
    with pytest.raises(DefinitionError) as refused:
        questionnaire_load(path=tmp_path)  # a folder: found by the hostile-input probe
    assert "not readable" in refused.value.errors[0]
