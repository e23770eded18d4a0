from django.urls import reverse

from duediligence.assessments.models import Status, Transition
from duediligence.assessments.snapshot import Snapshot
from tests.conftest import answer, complete_required


def test_submit_is_refused_while_required_questions_are_unanswered(officer_client, assessment, officer):
    answer(assessment, officer, operates_in_region="no")
    response = officer_client.post(reverse("assessments:submit", args=[assessment.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    missing = len(Snapshot(assessment).missing_required)
    assert f"{missing} required questions are still unanswered" in page
    assert "Which kinds of products or services do you provide in the region?" in page
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_a_complete_assessment_is_submitted_and_becomes_read_only(officer_client, assessment, officer):
    complete_required(assessment, officer)
    response = officer_client.post(reverse("assessments:submit", args=[assessment.pk]), {"note": "Ready"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    transition = Transition.objects.get()
    assert (transition.from_status, transition.to_status, transition.by, transition.note) == (
        Status.DRAFT,
        Status.SUBMITTED,
        officer,
        "Ready",
    )
    section = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    assert officer_client.get(section)["Location"].startswith(reverse("assessments:check", args=[assessment.pk]))
    response = officer_client.post(section, {"operates_in_region": "yes", "version__operates_in_region": "1"})
    assert response.status_code == 403
    assert "can no longer be changed" in response.content.decode()
    again = officer_client.post(reverse("assessments:submit", args=[assessment.pk]))
    assert "is submitted, so it cannot submit now" in again.content.decode()


def test_hidden_required_questions_do_not_block_submit(assessment, officer):
    complete_required(assessment, officer)
    keys = set(Snapshot(assessment).visible)
    assert "security_customers" not in keys  # sells_to_security was answered "no"


def test_the_check_page_lists_answers_with_change_links(officer_client, assessment, officer):
    answer(assessment, officer, staff_in_region=1200, operates_in_region="yes")
    page = officer_client.get(reverse("assessments:check", args=[assessment.pk])).content.decode()
    assert "1,200 people" in page
    change = reverse("assessments:section", args=[assessment.pk, 1, "context"]) + "#q-staff_in_region"
    assert change in page
    assert "Submit assessment" in page


def test_the_overview_counts_flags_and_lists_what_is_required(officer_client, assessment, officer):
    answer(assessment, officer, sells_to_security="yes", state_programmes_known="yes")
    page = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "2 flagged answers" in page
    assert "Compulsory" not in page  # suggestions are step 1's risk register, not the overview text
    assert "required questions still to answer" in page
