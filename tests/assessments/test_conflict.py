"""Two people editing the same section: the later save is refused and nothing is lost."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duediligence.accounts.models import Membership, Role, User
from duediligence.assessments import services
from duediligence.assessments.snapshot import Snapshot
from tests.conftest import PASSWORD, answer, client_for


def test_the_later_save_is_refused_names_the_answers_and_keeps_the_input(officer_client, assessment, organisation):
    colleague = User.objects.create_user(email="colleague@test.example", password=PASSWORD, full_name="Carla Colleague")
    Membership.objects.create(user=colleague, organisation=organisation, role=Role.OFFICER)
    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    # Both open the page while nothing is answered (version 0).
    first = {"version__operates_in_region": "0", "version__context_sources": "0", "action": "later"}
    client_for(colleague).post(url, {**first, "operates_in_region": "no", "context_sources": "Her sources"})

    response = officer_client.post(url, {**first, "operates_in_region": "yes", "context_sources": "My sources"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed these answers while you were editing" in page
    assert "Does the company, or anyone acting for it" in page
    assert "changed by Carla Colleague" in page
    assert "My sources</textarea>" in page
    assert Snapshot(assessment).values == {"operates_in_region": "no", "context_sources": "Her sources"}
    # The page now carries the current versions, so saving again is a deliberate overwrite.
    assert 'name="version__operates_in_region" value="1"' in page
    again = officer_client.post(
        url,
        {
            "version__operates_in_region": "1",
            "version__context_sources": "1",
            "operates_in_region": "yes",
            "context_sources": "My sources",
            "action": "later",
        },
    )
    assert again.status_code == 302
    assert Snapshot(assessment).values == {"operates_in_region": "yes", "context_sources": "My sources"}


def test_a_stale_page_that_leaves_an_answer_as_the_other_person_set_it_saves(officer_client, assessment, officer):
    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    officer_client.post(url, {"version__operates_in_region": "0", "operates_in_region": "no", "action": "later"})
    response = officer_client.post(
        url,
        {
            "version__operates_in_region": "0",
            "operates_in_region": "no",
            "version__context_sources": "0",
            "context_sources": "Added",
            "action": "later",
        },
    )
    assert response.status_code == 302
    assert Snapshot(assessment).values["context_sources"] == "Added"


def test_autosave_reports_a_conflict_as_409(officer_client, assessment):
    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    officer_client.post(url, {"version__operates_in_region": "0", "operates_in_region": "no", "action": "later"})
    response = officer_client.post(
        url, {"version__operates_in_region": "0", "operates_in_region": "yes", "autosave": "1"}
    )
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert Snapshot(assessment).values["operates_in_region"] == "no"


def test_a_save_that_changes_nothing_takes_no_lock_and_conflicts_with_nothing(assessment, officer, organisation):

    answer(assessment, officer, operates_in_region="yes")
    colleague = User.objects.create_user(email="colleague@test.example", password=PASSWORD, full_name="Carla Colleague")
    # Seen at version 0 by someone who types what is already there, and leaves another question empty.
    with CaptureQueriesContext(connection) as captured:
        result = services.answers_save(
            assessment=assessment,
            user=colleague,
            values={"operates_in_region": "yes", "context_sources": None},
            base_versions={"operates_in_region": 0, "context_sources": 0},
        )
    assert result.changed == []
    assert result.versions == {"operates_in_region": 1}
    assert not any("FOR UPDATE" in query["sql"] for query in captured.captured_queries)
    assert Snapshot(assessment).answers["operates_in_region"].updated_by == officer


def test_a_save_that_changes_nothing_is_still_refused_once_submitted(assessment, officer):

    answer(assessment, officer, operates_in_region="yes")
    assessment.status = "submitted"
    assessment.save()
    with pytest.raises(ValidationError):
        services.answers_save(
            assessment=assessment,
            user=officer,
            values={"operates_in_region": "yes"},
            base_versions={"operates_in_region": 1},
        )
