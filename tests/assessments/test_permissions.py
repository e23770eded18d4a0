import pytest
from django.urls import reverse

from duediligence.assessments.models import Status
from tests.conftest import complete_required

READ_PAGES = ["overview", "check"]


@pytest.mark.parametrize("page", READ_PAGES)
def test_another_organisation_gets_404(outsider_client, assessment, page):
    assert outsider_client.get(reverse(f"assessments:{page}", args=[assessment.pk])).status_code == 404


def test_another_organisation_cannot_post_answers(outsider_client, assessment):
    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    assert outsider_client.post(url, {"operates_in_region": "yes"}).status_code == 404
    assert outsider_client.post(reverse("assessments:submit", args=[assessment.pk])).status_code == 404


@pytest.mark.parametrize("role_client", ["manager_client", "admin_client_org"])
def test_managers_and_admins_read_but_cannot_answer(request, role_client, assessment):
    client = request.getfixturevalue(role_client)
    assert client.get(reverse("assessments:overview", args=[assessment.pk])).status_code == 200
    section = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    assert client.get(section).status_code == 302
    response = client.post(section, {"operates_in_region": "yes", "version__operates_in_region": "0"})
    assert response.status_code == 403
    assert "Only compliance officers change answers" in response.content.decode()


def test_an_auditor_sees_a_submitted_assessment_but_cannot_answer(auditor_client, assessment, officer):
    complete_required(assessment, officer)
    assessment.status = Status.SUBMITTED
    assessment.save()
    assert auditor_client.get(reverse("assessments:check", args=[assessment.pk])).status_code == 200
    section = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    assert auditor_client.post(section, {"operates_in_region": "yes"}).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, assessment):
    response = client.get(reverse("assessments:overview", args=[assessment.pk]))
    assert response["Location"].startswith(reverse("accounts:login"))
