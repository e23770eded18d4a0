from django.urls import reverse

from duediligence.assessments.models import Assessment, Status

VALID = {
    "title": "Xinjiang sales 2026",
    "country": "China",
    "region": "Xinjiang",
    "scope": "Sequencers and analytics software",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
}


def test_an_officer_creates_an_assessment_on_the_latest_questionnaire(officer_client, questionnaire, organisation):
    response = officer_client.post(reverse("assessments:new"), VALID)
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:overview", args=[assessment.pk])
    assert (assessment.organisation, assessment.questionnaire, assessment.status) == (
        organisation,
        questionnaire,
        Status.DRAFT,
    )
    page = officer_client.get(response["Location"]).content.decode()
    assert f"Human rights due diligence in a high-risk region (version {questionnaire.version})" in page
    assert page.count("Not started") == 4


def test_a_period_ending_before_it_starts_is_refused_and_the_input_kept(officer_client, questionnaire):
    response = officer_client.post(reverse("assessments:new"), {**VALID, "period_end": "2025-01-01"})
    page = response.content.decode()
    assert "must be on or after its start" in page
    assert 'value="Xinjiang sales 2026"' in page
    assert not Assessment.objects.exists()


def test_other_roles_cannot_create(manager_client, auditor_client, questionnaire):
    assert manager_client.post(reverse("assessments:new"), VALID).status_code == 403
    assert auditor_client.get(reverse("assessments:new")).status_code == 403
    assert not Assessment.objects.exists()


def test_the_list_shows_only_the_own_organisation(officer_client, outsider_client, assessment):
    assert "Xinjiang sales 2026" in officer_client.get(reverse("assessments:list")).content.decode()
    assert "Xinjiang sales 2026" not in outsider_client.get(reverse("assessments:list")).content.decode()


def test_auditors_do_not_see_drafts(auditor_client, assessment):
    assert "Xinjiang sales 2026" not in auditor_client.get(reverse("assessments:list")).content.decode()
    assert auditor_client.get(reverse("assessments:overview", args=[assessment.pk])).status_code == 404
