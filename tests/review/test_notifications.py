"""Telling whoever acts next after a move: after the commit, one email each, and never a 500 for the mover."""

from __future__ import annotations

from django.core import mail

from duediligence.assessments.models import Assessment, Status
from tests.conftest import complete_required


def submit(api, assessment):
    return api.post(f"/api/v1/assessments/{assessment.pk}/submit/", {"note": "Ready"})


def test_a_title_with_a_line_break_still_tells_the_auditors(
    officer, officer_api, auditor, assessment, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(pk=assessment.pk).update(title="Xinjiang 2026\r\nBcc: victim@evil.example")
    complete_required(assessment, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(officer_api, assessment)
    assert response.status_code == 200, response.content
    (told,) = mail.outbox
    assert told.to == [auditor.email] and "\n" not in told.subject and told.message()["Bcc"] is None
    assert "Xinjiang 2026 Bcc: victim@evil.example" in told.subject


def test_a_mail_server_that_refuses_never_turns_the_committed_move_into_a_500(
    officer, officer_api, auditor, assessment, django_capture_on_commit_callbacks, settings
):
    from django.contrib.auth import get_user_model

    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    get_user_model().objects.filter(pk=auditor.pk).update(email="refused@test.example")
    complete_required(assessment, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(officer_api, assessment)
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
