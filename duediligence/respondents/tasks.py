"""Emails to partner respondents, sent by the worker, never inside a request: invitations and one-time codes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from duediligence.respondents.models import PartnerInvitation
from duediligence.respondents.services import Sent, invitations_create

if TYPE_CHECKING:
    from duediligence.accounts.models import User
    from duediligence.assessments.models import Assessment
    from duediligence.partners.models import Partner
    from duediligence.questionnaires.models import Questionnaire


class InvitationDetails(TypedDict):
    """The arguments of services.invitations_create, which invitations_request passes on."""

    assessment: Assessment
    partners: list[Partner]
    emails: dict[int, str]
    questionnaire: Questionnaire
    due_on: datetime.date
    message: str
    user: User


def link_for(token: str, language: str = "en") -> str:
    return settings.SITE_URL + reverse("respondents:start", args=[token, language])


def invitations_request(**details: Unpack[InvitationDetails]) -> list[Sent]:
    """Create the invitations (services.invitations_create, same arguments), all or none, and have the worker
    email them once the transaction has committed: a refused or rolled-back request sends nothing."""
    with transaction.atomic():
        sent = invitations_create(**details)
        pairs = [[item.invitation.pk, item.token] for item in sent]
        transaction.on_commit(lambda: invitations_send.enqueue(pairs))
    return sent


@task()
def invitations_send(pairs: list[list]) -> int:
    """Email each invitation ([invitation id, token] pairs) its link, in English and Chinese."""
    invitations = PartnerInvitation.objects.select_related("assessment__organisation", "partner").in_bulk(
        [pk for pk, _ in pairs]
    )
    messages = []
    for pk, token in pairs:
        invitation = invitations.get(pk)
        if invitation is None:
            continue
        context = {
            "invitation": invitation,
            "organisation": invitation.assessment.organisation,
            "link_en": link_for(token, "en"),
            "link_zh": link_for(token, "zh-hans"),
        }
        subject = render_to_string("respondents/emails/invitation_subject.txt", context).strip()
        messages.append(
            (
                subject,
                render_to_string("respondents/emails/invitation.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [invitation.email],
            )
        )
    return send_mass_mail(messages, fail_silently=False) if messages else 0


@task()
def code_send(invitation_id: int, code: str, language: str) -> int:
    invitation = PartnerInvitation.objects.select_related("assessment__organisation").get(pk=invitation_id)
    with translation.override(language):
        context = {"invitation": invitation, "organisation": invitation.assessment.organisation, "code": code}
        subject = render_to_string("respondents/emails/code_subject.txt", context).strip()
        body = render_to_string("respondents/emails/code.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


@task()
def reminders_send() -> int:
    """Remind partners seven days before and on the due date, then come back tomorrow (a daily job of the worker)."""
    from duediligence.respondents.services import reminders_due

    messages = []
    for reminder in reminders_due():
        invitation = reminder.invitation
        context = {
            "invitation": invitation,
            "organisation": invitation.assessment.organisation,
            "on_due_date": reminder.on_due_date,
            "link_en": link_for(reminder.token, "en"),
            "link_zh": link_for(reminder.token, "zh-hans"),
        }
        subject = render_to_string("respondents/emails/reminder_subject.txt", context).strip()
        body = render_to_string("respondents/emails/reminder.txt", context)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    reminders_schedule()
    return sent


def reminders_schedule() -> None:
    """Queue the next daily run for tomorrow morning, unless one is already waiting."""
    import datetime

    from django.utils import timezone
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return  # e.g. the immediate backend of the tests: reminders run when called
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path__endswith="reminders_send", status="READY").exists():
        return
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    run_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(6, 0)))
    reminders_send.using(run_after=run_at).enqueue()
