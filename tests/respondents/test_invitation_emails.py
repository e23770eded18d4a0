"""Invitation and reminder emails: a partner's name with a line break sends like any other, an invitation reads
"sent" only once its email was taken and says why when it was not, one refused email never stops the others, and
the daily run re-schedules itself whatever happens and tries again what failed."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duediligence.accounts.models import Role
from duediligence.partners.models import Partner
from duediligence.respondents.models import PartnerInvitation
from tests.api.conftest import api_client_for
from tests.conftest import client_for, make_member

INJECTED = "Injected Partner\r\nBcc: victim@evil.example"


def invite(client, assessment, partner, questionnaire, capture, email):
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    with capture(execute=True):
        response = client.post(
            reverse("respondents:invite", args=[assessment.pk, partner.pk]),
            {"questionnaire": questionnaire.pk, "email": email, "due_on": due, "message": ""},
        )
    assert response.status_code == 302, response.content.decode()[:500]
    return PartnerInvitation.objects.filter(partner=partner).latest("id")


def test_a_partner_name_with_a_line_break_is_invited_like_any_other(
    officer, officer_client, assessment, supplier_questionnaire, django_capture_on_commit_callbacks
):
    upsert = api_client_for(officer).post(
        f"/api/v1/assessments/{assessment.pk}/partners/upsert/",
        [{"name": INJECTED, "category": "supplier", "country": "China"}],
    )
    assert upsert.status_code == 200
    partner = Partner.objects.get(assessment=assessment)
    invitation = invite(
        officer_client,
        assessment,
        partner,
        supplier_questionnaire,
        django_capture_on_commit_callbacks,
        "s@mill.example",
    )
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None and message.to == ["s@mill.example"]
    invitation.refresh_from_db()
    assert invitation.state == "sent" and invitation.sent_at is not None


def test_an_invitation_whose_email_was_refused_says_so_and_why(
    officer_client, assessment, supplier_questionnaire, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    partner = Partner.objects.create(
        assessment=assessment, name="Aksu Cotton Mill", category="supplier", country="China"
    )
    invitation = invite(
        officer_client,
        assessment,
        partner,
        supplier_questionnaire,
        django_capture_on_commit_callbacks,
        "refused@mill.example",
    )
    invitation.refresh_from_db()
    assert invitation.state == "not_sent" and invitation.sent_at is None
    assert "No such user" in invitation.send_error
    page = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert "Could not be sent: SMTPRecipientsRefused" in page
    # The daily run tries it again; once the server takes it, it reads "sent" with a working link.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    PartnerInvitation.objects.filter(pk=invitation.pk).update(email="sales@mill.example")
    call_command("partner_reminders", "--now", stdout=StringIO())
    invitation.refresh_from_db()
    assert invitation.state == "sent" and invitation.sent_at is not None and invitation.send_error == ""
    token = re.search(r"/p/([A-Za-z0-9_-]+)/en/", mail.outbox[-1].body).group(1)
    assert officer_client.get(reverse("respondents:start", args=[token, "en"])).status_code == 200


@pytest.fixture
def due_in_a_week(assessment, other_organisation, questionnaire, supplier_questionnaire, officer):
    """Two organisations' invitations due in a week: one to an address the server refuses, one with a partner
    name holding a line break, and one plain."""
    from duediligence.respondents.services import invitations_create
    from tests.conftest import make_assessment

    other_officer = make_member(other_organisation, Role.OFFICER, "o@other.example", "Other Officer")
    other = make_assessment(other_organisation, questionnaire, other_officer, "Other 2026")
    due = timezone.localdate() + datetime.timedelta(days=7)
    made = []
    for target, user, name, address in [
        (assessment, officer, "Refusing Mill", "refused@mill.example"),
        (assessment, officer, INJECTED, "injected@mill.example"),
        (other, other_officer, "Plain Mill", "plain@mill.example"),
    ]:
        partner = Partner.objects.create(assessment=target, name=name, category="supplier", country="China")
        (invitation,) = invitations_create(
            assessment=target,
            partners=[partner],
            emails={partner.pk: address},
            questionnaire=supplier_questionnaire,
            due_on=due,
            message="",
            user=user,
        )
        made.append(invitation)
    PartnerInvitation.objects.filter(pk__in=[item.pk for item in made]).update(sent_at=timezone.now())
    return made


def test_one_refused_reminder_stops_no_other_and_is_tried_again_tomorrow(due_in_a_week, settings):
    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    refused, injected, plain = due_in_a_week
    out = StringIO()
    call_command("partner_reminders", "--now", stdout=out)
    assert sorted(message.to[0] for message in mail.outbox) == ["injected@mill.example", "plain@mill.example"]
    assert "2 reminder(s) sent." in out.getvalue()
    for item in (refused, injected, plain):
        item.refresh_from_db()
    assert injected.reminded_before_at and plain.reminded_before_at
    assert refused.reminded_before_at is None and "No such user" in refused.send_error
    # The link the partner already has still opens: a reminder that did not go out changes no link.
    assert PartnerInvitation.objects.filter(pk=refused.pk, previous_token_hash="").exists()
    # The next day's run sends what failed, once the address is right, and nothing twice.
    PartnerInvitation.objects.filter(pk=refused.pk).update(email="fixed@mill.example")
    mail.outbox.clear()
    call_command("partner_reminders", "--now", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["fixed@mill.example"]]
    refused.refresh_from_db()
    assert refused.reminded_before_at is not None and refused.send_error == ""


def test_the_daily_run_queues_its_next_run_whatever_happens(due_in_a_week, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from duediligence.respondents import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def broken(**kwargs):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(tasks, "reminders_due", broken)
    with pytest.raises(RuntimeError):
        tasks.reminders_send.call()
    queued = DBTaskResult.objects.filter(task_path__endswith="reminders_send", status="READY")
    assert queued.count() == 1 and queued.get().run_after > timezone.now()


def test_an_officer_sees_the_outcome_on_the_partner_list(
    officer, assessment, supplier_questionnaire, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    partner = Partner.objects.create(
        assessment=assessment, name="Aksu Cotton Mill", category="supplier", country="China"
    )
    client = client_for(officer)
    invite(client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks, "refused@x.org")
    listing = client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "Could not be sent" in listing
