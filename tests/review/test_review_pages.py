from django.urls import reverse

from duediligence.assessments.models import Status
from duediligence.review.models import Comment
from tests.conftest import answer
from tests.review.conftest import move


def test_the_auditor_starts_comments_and_requests_changes_through_the_page(
    auditor_client, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    page = auditor_client.get(reverse("review:page", args=[submitted.pk])).content.decode()
    assert "Start the review" in page
    auditor_client.post(reverse("review:move", args=[submitted.pk, "start_review"]))
    response = auditor_client.post(
        reverse("review:comment_add", args=[submitted.pk]),
        {"question": "sells_to_security", "text": "How do you know? Show the distributor contracts."},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.question.key == "sells_to_security"
    with django_capture_on_commit_callbacks(execute=True):
        auditor_client.post(reverse("review:move", args=[submitted.pk, "request_changes"]), {"note": "Two points"})
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
    assert mailoutbox[-1].to == ["officer@test.example"]
    assert "changes requested" in mailoutbox[-1].subject
    assert f"/assessments/{submitted.pk}/" in mailoutbox[-1].body


def test_submitting_tells_the_auditors(
    officer_client, assessment, officer, auditor, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.conftest import complete_required

    complete_required(assessment, officer)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("assessments:submit", args=[assessment.pk]))
    assert [message.to for message in mailoutbox] == [["auditor@test.example"]]


def test_the_officer_sees_the_comment_beside_the_answer_and_replies(officer_client, in_review, auditor, officer):
    comment = Comment.objects.create(
        assessment=in_review,
        author=auditor,
        text="Which lab?",
        question=in_review.questionnaire.questions.get(key="operates_in_region"),
    )
    move(in_review, "request_changes", auditor)
    section = officer_client.get(reverse("assessments:section", args=[in_review.pk, 1, "context"])).content.decode()
    assert "Which lab?" in section
    officer_client.post(reverse("review:comment_reply", args=[in_review.pk, comment.pk]), {"reply": "Named now."})
    comment.refresh_from_db()
    assert (comment.status, comment.reply, comment.replied_by) == ("addressed", "Named now.", officer)


def test_an_empty_reply_is_refused(officer_client, in_review, auditor):
    comment = Comment.objects.create(assessment=in_review, author=auditor, text="Which lab?")
    move(in_review, "request_changes", auditor)
    response = officer_client.post(
        reverse("review:comment_reply", args=[in_review.pk, comment.pk]), {"reply": " "}, follow=True
    )
    assert "Reply not saved" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "open"


def test_after_resubmission_the_auditor_sees_what_changed(auditor_client, in_review, auditor, officer, make_risk_for):
    comment = Comment.objects.create(assessment=in_review, author=auditor, text="Reconsider")
    move(in_review, "request_changes", auditor)
    answer(in_review, officer, operates_in_region="yes", activity_types=["sales"], staff_in_region=3)
    make_risk_for(in_review, "Surveillance of residents")
    comment.reply, comment.status = "Done", "addressed"
    comment.save()
    move(in_review, "submit", officer)
    page = auditor_client.get(reverse("review:page", args=[in_review.pk])).content.decode()
    assert "What changed since the last review" in page
    assert "Does the company, or anyone acting for it" in page
    assert "<td>No</td><td>Yes</td>" in page.replace("\n", "").replace("  ", "")
    assert "Risk: Surveillance of residents" in page


def test_only_auditors_comment_and_other_organisations_get_404(officer_client, outsider_client, in_review):
    url = reverse("review:comment_add", args=[in_review.pk])
    assert officer_client.post(url, {"text": "x"}).status_code == 403
    assert outsider_client.get(reverse("review:page", args=[in_review.pk])).status_code == 404


def test_an_auditor_of_another_organisation_gets_404(in_review, other_organisation):
    from duediligence.accounts.models import Membership, Role, User
    from tests.conftest import PASSWORD, client_for

    stranger = User.objects.create_user(email="a2@other.example", password=PASSWORD, full_name="Other Auditor")
    Membership.objects.create(user=stranger, organisation=other_organisation, role=Role.AUDITOR)
    client = client_for(stranger)
    assert client.get(reverse("review:page", args=[in_review.pk])).status_code == 404
    assert client.post(reverse("review:move", args=[in_review.pk, "approve"])).status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_a_refused_move_says_why(auditor_client, in_review):
    response = auditor_client.post(reverse("review:move", args=[in_review.pk, "request_changes"]), follow=True)
    assert "Add at least one comment" in response.content.decode()


def test_the_queue_lists_submitted_work_of_every_audited_organisation(auditor, submitted, other_organisation):
    from duediligence.accounts.models import Membership, Role
    from tests.conftest import client_for

    Membership.objects.create(user=auditor, organisation=other_organisation, role=Role.AUDITOR)
    client = client_for(auditor)
    client.post(reverse("accounts:organisation_switch"), {"organisation": other_organisation.pk})
    page = client.get(reverse("dashboard:queue")).content.decode()
    assert submitted.title in page
    response = client.post(
        reverse("accounts:organisation_switch"),
        {"organisation": submitted.organisation_id, "next": reverse("review:page", args=[submitted.pk])},
    )
    assert client.get(response["Location"]).status_code == 200


def test_a_snapshot_kept_before_items_had_uids_is_not_compared_item_by_item(
    auditor_client, in_review, auditor, officer
):
    """Snapshots from before the ownership registry keyed items by database id: comparing them would show
    every item as removed and added, so the page says the comparison cannot be made instead."""
    from duediligence.review.models import ReviewSnapshot

    comment = Comment.objects.create(assessment=in_review, author=auditor, text="Reconsider")
    move(in_review, "request_changes", auditor)
    ReviewSnapshot.objects.filter(assessment=in_review).update(content={"answers": {}, "risks": {"17": {}}})
    comment.reply, comment.status = "Done", "addressed"
    comment.save()
    move(in_review, "submit", officer)
    page = auditor_client.get(reverse("review:page", args=[in_review.pk])).content.decode()
    assert "cannot be listed item by item" in page
    assert "What changed since the last review" not in page


def test_every_comment_box_and_decision_note_has_a_name_of_its_own(auditor_client, in_review):
    import re

    page = auditor_client.get(reverse("review:page", args=[in_review.pk])).content.decode()
    labels = re.findall(r'<label class="form-label small[^"]*" for="([^"]+)">(.*?)</label>', page, re.S)
    names = [re.sub(r"<[^>]+>", "", text).strip() for _, text in labels]
    assert len(names) > 10
    assert len(set(names)) == len(names), "two boxes share a name"
    assert any(name.startswith("Note on your decision to approve") for name in names)
    assert any("Your comment on “" in name for name in names)
