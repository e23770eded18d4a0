"""A partner who answers after the assessment left editing: kept, dated and shown, never merged into what was
reviewed; taken in when changes are requested or by the next revision; the next period sees its flags."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duediligence.assessments.models import Assessment, Status
from duediligence.assessments.ownership import content_of
from duediligence.assessments.snapshot import Snapshot
from duediligence.respondents.models import LateResponse, PartnerAttachment, PartnerInvitation
from duediligence.review.content import content_hash
from duediligence.risks.register import pending_suggestions
from tests.respondents.test_invitations import confirm, invite, partner  # noqa: F401
from tests.review.conftest import approve, membership_of, move

FULL = {
    "q-state_transfer": "yes", "q-transfer_workers": "40", "q-recruitment_fees": "no", "q-documents_held": "yes",
    "q-free_to_leave": "freely", "q-wages_direct": "yes", "q-longest_week": "54", "q-overtime_voluntary": "yes",
    "q-subcontracts": "no", "q-grievance_channel": "yes", "q-representation": "committee",
    "q-inputs_from_region": "yes", "q-traceability": "some",
}  # fmt: skip


@pytest.fixture
def invited(officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks):  # noqa: F811
    """An invitation sent while the assessment is a draft, and the partner's browser with the code confirmed."""
    capture = django_capture_on_commit_callbacks
    invitation, token, _ = invite(officer_client, assessment, partner, supplier_questionnaire, capture)
    client = Client()
    confirm(client, token, "en", capture)
    return invitation, token, client


def flags_of(assessment) -> list:
    """Every flag the register's suggestions rest on (partners' answers among them)."""
    return [flag for suggestion in pending_suggestions(Snapshot(assessment)) for flag in suggestion.flags]


def send_late(client, token):
    """The partner answers in full (saving first, so the follow-up questions show) and sends."""
    answer = reverse("respondents:answer", args=[token, "en"])
    client.post(answer, {"q-state_transfer": "yes", "action": "save"})
    return client.post(answer, {**FULL, "action": "submit"})


def submit_assessment(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    assessment.refresh_from_db()


def test_an_answer_after_submission_is_kept_beside_the_content_and_shown(
    invited, assessment, officer_client, auditor_client
):
    invitation, token, client = invited
    submit_assessment(assessment)
    before = content_hash(content_of(assessment))
    answer = reverse("respondents:answer", args=[token, "en"])
    page = client.get(answer).content.decode()
    assert "has already closed this questionnaire round for review" in page
    assert send_late(client, token).status_code == 302

    assert content_hash(content_of(assessment)) == before
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answers) == ("opened", {})
    late = LateResponse.objects.get(invitation=invitation)
    assert late.status == "submitted" and late.answers["state_transfer"] == "yes" and late.received_at
    done = client.get(answer).content.decode()
    assert "had already closed this questionnaire round when your answer arrived" in done
    assert "kept, with the date it arrived" in done

    when = f"{late.received_at:%-d %b %Y}"
    answers_page = officer_client.get(reverse("respondents:answers", args=[assessment.pk, invitation.pk]))
    assert f"Received after submission on {when}" in answers_page.content.decode()
    review = auditor_client.get(reverse("review:page", args=[assessment.pk])).content.decode()
    assert "Partners who answered after submission" in review and "Aksu Cotton Mill" in review
    assert f"received after submission on {when}" in review


def test_a_decline_after_approval_never_changes_the_approved_hash(invited, assessment, auditor):
    invitation, token, client = invited
    approve(assessment, auditor)
    approved = content_hash(content_of(assessment))
    response = client.post(reverse("respondents:decline", args=[token, "en"]), {"reason": "We no longer supply you."})
    assert response.status_code == 302
    assert content_hash(content_of(assessment)) == approved
    assert LateResponse.objects.get(invitation=invitation).decline_reason == "We no longer supply you."


def test_a_late_file_is_kept_outside_the_content_until_taken_in(invited, assessment, auditor, officer):
    invitation, token, client = invited
    submit_assessment(assessment)
    before = content_hash(content_of(assessment))
    upload = SimpleUploadedFile(
        "map.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    client.post(
        reverse("respondents:answer", args=[token, "en"]),
        {"q-state_transfer": "no", "action": "save", "document": upload},
    )
    attachment = PartnerAttachment.objects.get(invitation=invitation)
    assert attachment.late_response is not None
    assert content_hash(content_of(assessment)) == before

    from duediligence.review.models import Comment

    Comment.objects.create(assessment=assessment, author=auditor, text="Please check the partner's map.")
    move(assessment, "request_changes", auditor)
    attachment.refresh_from_db()
    assert attachment.late_response is None  # taken in with the answers
    invitation.refresh_from_db()
    assert invitation.answers["state_transfer"] == "no" and invitation.status == "in_progress"


def test_requesting_changes_takes_the_late_answers_in_and_their_flags_show(invited, assessment, auditor):
    invitation, token, client = invited
    submit_assessment(assessment)
    send_late(client, token)
    assert not any(flag.source == "Aksu Cotton Mill" for flag in flags_of(assessment))
    from duediligence.review.models import Comment

    Comment.objects.create(assessment=assessment, author=auditor, text="See the partner's late answers.")
    move(assessment, "request_changes", auditor)
    invitation.refresh_from_db()
    assert invitation.status == "submitted" and invitation.answers["documents_held"] == "yes"
    late = LateResponse.objects.get(invitation=invitation)
    assert late.taken_in_at is not None and late.taken_in_revision == assessment.revision
    assert any(flag.source == "Aksu Cotton Mill" for flag in flags_of(assessment))


def test_a_correction_takes_the_late_answers_and_later_writes_follow_it(invited, assessment, auditor, officer_client):
    invitation, token, client = invited
    approve(assessment, auditor)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.PUBLISHED)
    answer = reverse("respondents:answer", args=[token, "en"])
    client.post(answer, {"q-state_transfer": "yes", "q-transfer_workers": "12", "action": "save"})
    officer_client.post(reverse("reports:correction", args=[assessment.pk]))
    copy = Assessment.objects.get(previous_revision=assessment)
    copied = PartnerInvitation.objects.get(assessment=copy, uid=invitation.uid)
    assert copied.answers["state_transfer"] == "yes"
    assert copied.status == "in_progress"
    # The partner's link still opens; what they send now goes to the revision open for editing.
    assert send_late(client, token).status_code == 302
    copied.refresh_from_db()
    invitation.refresh_from_db()
    assert copied.status == "submitted" and copied.answers["documents_held"] == "yes"
    assert invitation.status == "opened"  # the published revision is as it was


def test_the_next_period_shows_the_flags_of_answers_that_came_after_the_last(invited, assessment, officer, auditor):
    _, token, client = invited
    approve(assessment, auditor)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.PUBLISHED)
    send_late(client, token)
    from duediligence.review.next_period import next_period_start

    following = next_period_start(
        previous=assessment,
        membership=membership_of(officer),
        title="Next year",
        period_start=assessment.period_end + datetime.timedelta(days=1),
        period_end=assessment.period_end + datetime.timedelta(days=365),
    )
    sources = [flag.source for flag in flags_of(following)]
    assert any(
        source.startswith("Aksu Cotton Mill (answered the previous period after its submission") for source in sources
    )


def test_an_invitation_of_a_submitted_assessment_cannot_be_revoked(invited, assessment, officer_client):
    invitation, _, _ = invited
    submit_assessment(assessment)
    response = officer_client.post(reverse("respondents:revoke", args=[assessment.pk, invitation.pk]))
    assert response.status_code in (302, 403, 404, 409)
    invitation.refresh_from_db()
    assert invitation.status == "opened"
