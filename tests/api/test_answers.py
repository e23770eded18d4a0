"""Answers through the API: read with their version as ETag, written by officers with If-Match, checked by the
page's own fields, and a stale write refused with 412 and the current value, as the page refuses it with 409."""

from duediligence.assessments.models import Answer, Status
from tests.conftest import answer


def url(assessment, key="operates_in_region"):
    return f"/api/v1/assessments/{assessment.pk}/answers/{key}/"


def test_an_answer_reads_with_its_version_as_etag(officer_api, officer, assessment):
    answer(assessment, officer, operates_in_region="yes")
    response = officer_api.get(url(assessment))
    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert response.json() | {"updated_at": None} == {
        "question": "operates_in_region",
        "label": response.json()["label"],
        "type": "yes_no",
        "value": "yes",
        "version": 1,
        "updated_at": None,
        "updated_by": officer.email,
    }
    listed = officer_api.get(f"/api/v1/assessments/{assessment.pk}/answers/").json()
    assert [row["question"] for row in listed][:2] == ["operates_in_region", "activity_types"]
    assert next(row for row in listed if row["question"] == "activity_types")["version"] == 0


def test_a_write_needs_if_match_and_moves_the_version_on(officer_api, assessment):
    assert officer_api.put(url(assessment), {"value": "yes"}).status_code == 428
    written = officer_api.put(url(assessment), {"value": "yes"}, **{"If-Match": '"0"'})
    assert written.status_code == 200 and written["ETag"] == '"1"' and written.json()["value"] == "yes"
    again = officer_api.put(url(assessment, "activity_types"), {"value": ["sales", "service"]}, **{"If-Match": "0"})
    assert again.status_code == 200 and again.json()["value"] == ["sales", "service"]
    cleared = officer_api.put(url(assessment, "activity_types"), {"value": None}, **{"If-Match": '"1"'})
    assert cleared.status_code == 200 and cleared.json()["value"] is None
    assert Answer.objects.get(question__key="operates_in_region").value == "yes"


def test_a_stale_write_is_refused_with_412_and_the_current_value(officer_api, officer, assessment):
    answer(assessment, officer, operates_in_region="yes")
    answer(assessment, officer, operates_in_region="no")  # someone else's save, version 2
    stale = officer_api.put(url(assessment), {"value": "yes"}, **{"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["value"] == "no" and stale.json()["version"] == 2 and stale["ETag"] == '"2"'
    assert Answer.objects.get(question__key="operates_in_region").value == "no"
    # As on the page: a stale write that leaves the answer as it is conflicts with nothing.
    assert officer_api.put(url(assessment), {"value": "no"}, **{"If-Match": '"1"'}).status_code == 200


def test_values_are_checked_as_the_page_checks_them(officer_api, assessment):
    def put(key, value):
        return officer_api.put(url(assessment, key), {"value": value}, **{"If-Match": '"0"'})

    wrong_choice = put("operates_in_region", "perhaps")
    assert wrong_choice.status_code == 400 and "not one of the available choices" in str(wrong_choice.json())
    assert "takes text" in str(put("operates_in_region", 1).json())
    assert put("activity_types", "sales").status_code == 400
    assert "greater than or equal to 0" in str(put("staff_in_region", -3).json())
    assert put("staff_in_region", "many").status_code == 400
    assert officer_api.put(url(assessment, "no_such_question"), {"value": 1}, **{"If-Match": "0"}).status_code == 404
    assert officer_api.put(url(assessment), {"value": "yes"}, **{"If-Match": "version one"}).status_code == 400
    assert officer_api.put(url(assessment), {}, **{"If-Match": "0"}).status_code == 400
    assert Answer.objects.count() == 0


def test_only_officers_write_and_only_while_editable(officer_api, auditor_api, manager_api, admin_api, outsider_api,
                                                     assessment):  # fmt: skip
    for client in (manager_api, admin_api):
        assert client.put(url(assessment), {"value": "yes"}, **{"If-Match": "0"}).status_code == 403
    # Auditors see no drafts, and no one sees another organisation's assessments: both are "no such assessment".
    for client in (auditor_api, outsider_api):
        assert client.put(url(assessment), {"value": "yes"}, **{"If-Match": "0"}).status_code == 404
    assessment.status = Status.SUBMITTED
    assessment.save()
    refused = officer_api.put(url(assessment), {"value": "yes"}, **{"If-Match": "0"})
    assert refused.status_code == 403 and "submitted" in refused.json()["detail"]
    assert Answer.objects.count() == 0


def test_text_postgresql_cannot_store_is_refused_at_the_door(officer_api, assessment):
    body = '{"value": "nul \\u0000 here"}'
    response = officer_api.client.put(
        url(assessment, "context_sources"), body, content_type="application/json",
        headers={**officer_api.headers, "If-Match": "0"},
    )  # fmt: skip
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
