"""A step page costs the same number of queries whatever the number of questions and answers."""

import datetime

import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duediligence.accounts.models import Membership
from duediligence.assessments.services import assessment_create
from duediligence.questionnaires.loader import questionnaire_load
from tests.conftest import answer

TYPES = [
    {"type": "yes_no"},
    {"type": "single_choice", "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
    {"type": "scale", "options": {"low": "Low", "high": "High"}},
    {"type": "number", "options": {"unit": "people", "min": 0}},
    {"type": "long_text"},
    {"type": "evidence", "required": False},
]


def definition(size: int) -> dict:
    steps = []
    for number in range(1, 5):
        questions = []
        for index in range(size):
            key = f"q{number}_{index}"
            question = {"key": key, "label": f"Question {key}?", **TYPES[index % len(TYPES)]}
            if index and index % 7 == 0:
                question["show_if"] = {"question": f"q{number}_0", "equals": "yes"}
            questions.append(question)
        steps.append(
            {
                "number": number,
                "key": f"s{number}",
                "title": f"Step {number}",
                "sections": [{"key": "only", "title": "Only section", "questions": questions}],
            }
        )
    return {"slug": "hrdd", "version": 1, "title": "Generated", "steps": steps}


def assessment_on_generated_questionnaire(officer, tmp_path, size: int, version: int):
    """Load a generated questionnaire (as the latest version) and answer a share of its first step."""
    data = definition(size)
    data["version"] = version
    path = tmp_path / f"generated-{size}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    questionnaire_load(path=path)
    assessment = assessment_create(
        membership=Membership.objects.get(user=officer),
        title=f"Size {size}",
        country="China",
        region="",
        scope="Test",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    values = {f"q1_{index}": "yes" for index in range(0, size, len(TYPES))}
    values.update({f"q1_{index}": "Text" for index in range(4, size, len(TYPES))})
    answer(assessment, officer, **values)
    return assessment


def queries_for_step_page(client, assessment) -> int:
    url = reverse("assessments:section", args=[assessment.pk, 1, "only"])
    client.get(url)  # the first request of a session touches it; measure a steady-state request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_step_page_costs_the_same_at_12_and_240_questions(
    no_questionnaire, officer_client, officer, tmp_path, django_assert_max_num_queries
):
    small = assessment_on_generated_questionnaire(officer, tmp_path, 12, version=1)
    large = assessment_on_generated_questionnaire(officer, tmp_path, 240, version=2)
    assert queries_for_step_page(officer_client, small) == queries_for_step_page(officer_client, large)
    url = reverse("assessments:section", args=[large.pk, 1, "only"])
    with django_assert_max_num_queries(8):
        officer_client.get(url)
