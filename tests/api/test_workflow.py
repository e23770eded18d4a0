"""The review workflow as POST actions, with the pages' checks, and the published reports it leads to."""

import hashlib

from duediligence.assessments.models import Status
from duediligence.review.models import Comment
from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import complete_required

SIGNOFF = {"signoff_name": "Maya Manager", "signoff_role": "Chief Executive", "signoff_date": "2026-11-20"}


def action(assessment, name):
    return f"/api/v1/assessments/{assessment.pk}/{name}/"


def test_submitting_with_required_answers_missing_is_refused_as_on_the_page(officer_api, assessment):
    refused = officer_api.post(action(assessment, "submit"), {})
    assert refused.status_code == 409 and "required question" in refused.json()["detail"]
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_each_move_belongs_to_one_role(auditor_api, manager_api, officer_api, assessment):
    assert manager_api.post(action(assessment, "submit"), {}).status_code == 403
    assert officer_api.post(action(assessment, "approve"), {}).status_code == 403
    assert officer_api.post(action(assessment, "publish"), {**SIGNOFF, "confirm": True}).status_code == 403
    assert auditor_api.post(action(assessment, "approve"), {}).status_code == 404  # a draft: not theirs to see


def test_from_submission_to_published_reports_through_the_api(
    officer, officer_api, auditor_api, manager_api, admin_api, assessment, django_capture_on_commit_callbacks
):
    complete_required(assessment, officer)
    submitted = officer_api.post(action(assessment, "submit"), {"note": "Ready for review"})
    assert submitted.json() == {"status": "submitted", "note": "Ready for review"}
    # Requesting changes needs a comment saying what, as on the review page.
    assert auditor_api.post(action(assessment, "request-changes"), {}).status_code == 409
    assert auditor_api.post(action(assessment, "approve"), {}).json()["status"] == "approved"
    assert not Comment.objects.exists()

    unconfirmed = manager_api.post(action(assessment, "publish"), {**SIGNOFF, "confirm": False})
    assert unconfirmed.status_code == 400 and "Confirm that you approve" in str(unconfirmed.json())
    msa = manager_api.post(action(assessment, "publish"), {**SIGNOFF, "confirm": True, "variant": "uk_msa"})
    assert msa.status_code == 400 and "board approved" in str(msa.json())
    with django_capture_on_commit_callbacks(execute=True):
        queued = manager_api.post(action(assessment, "publish"), {**SIGNOFF, "confirm": True})
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assessment.refresh_from_db()
    assert assessment.status == Status.PUBLISHED

    reports = {row["kind"]: row for row in manager_api.get(f"/api/v1/assessments/{assessment.pk}/reports/").json()}
    assert set(reports) == {"public", "internal"} and reports["public"]["variant"] == "ungprf"
    internal = manager_api.get(f"/api/v1/assessments/{assessment.pk}/reports/internal/pdf/")
    body = b"".join(internal.streaming_content)
    assert internal["Content-Type"] == "application/pdf"
    assert hashlib.sha256(body).hexdigest() == reports["internal"]["pdf_sha256"]
    assert reports["internal"]["download"].endswith(
        f"/api/v1/assessments/{assessment.pk}/reports/internal/pdf/?variant=ungprf"
    )
    taken = SecurityEvent.objects.get(kind=EventKind.INTERNAL_REPORT_DOWNLOADED)
    assert taken.detail == "Published PDF, through the API"
    # The pages' download rule: officers preview, admins take the public PDF only.
    assert officer_api.get(f"/api/v1/assessments/{assessment.pk}/reports/public/pdf/").status_code == 403
    assert admin_api.get(f"/api/v1/assessments/{assessment.pk}/reports/public/pdf/").status_code == 200
    assert admin_api.get(f"/api/v1/assessments/{assessment.pk}/reports/internal/pdf/").status_code == 403
    again = manager_api.post(action(assessment, "publish"), {**SIGNOFF, "confirm": True})
    assert again.status_code == 409 and "Only an approved assessment" in again.json()["detail"]
