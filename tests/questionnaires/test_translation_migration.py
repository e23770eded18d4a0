"""The move from *_zh columns to translations keyed by language keeps every loaded version's Chinese, word for word."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from duediligence.lib.translations import translated
from duediligence.questionnaires.models import Question, Questionnaire

BEFORE = [("questionnaires", "0002_partner_questionnaires_in_two_languages")]
AFTER = [("questionnaires", "0003_translations_keyed_by_language")]
NO = False  # version 1's unquoted `label: No`, as YAML read it


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_a_version_loaded_with_chinese_columns_reads_the_same_chinese_after_the_migration():
    old = migrate(BEFORE)
    try:
        questionnaire = old.get_model("questionnaires", "Questionnaire").objects.create(
            slug="partner-old", version=1, kind="partner", title="Old", title_zh="旧问卷", description_zh="",
            source_sha256="0" * 64,
        )  # fmt: skip
        step = old.get_model("questionnaires", "Step").objects.create(
            questionnaire=questionnaire, number=1, key="one", title="One", title_zh="第一步", intro_zh=""
        )
        section = old.get_model("questionnaires", "Section").objects.create(
            step=step, key="s", title="S", title_zh="", intro="Intro", intro_zh="引言", position=1
        )
        old.get_model("questionnaires", "Question").objects.create(
            questionnaire=questionnaire, section=section, key="free", position=1, type="single_choice",
            label="Free?", label_zh="自由吗？", help="", help_zh="",
            choices=[
                {"value": "yes", "label": "Yes", "label_zh": "是"}, {"value": "no", "label": NO, "label_zh": "否"}
            ],
        )  # fmt: skip
    finally:
        migrate(AFTER)
    questionnaire = Questionnaire.objects.get(slug="partner-old")
    assert questionnaire.translations == {"zh-hans": {"title": "旧问卷"}}
    assert questionnaire.languages == ["en", "zh-hans"]
    step = questionnaire.steps.get()
    assert step.translations == {"zh-hans": {"title": "第一步"}}
    assert translated(step.sections.get(), "intro", "zh-hans") == "引言"
    question = Question.objects.get(questionnaire=questionnaire)
    assert translated(question, "label", "zh-hans") == "自由吗？"
    assert question.choices == [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    assert question.choice_labels_in("zh-hans") == {"yes": "是", "no": "否"}
    assert question.choice_labels_in("en") == {"yes": "Yes", "no": "No"}
