"""Emails to partner respondents, sent by the worker, never inside a request: invitations, one-time codes and the
daily reminders.

Each email is built and sent on its own (lib/emails.py) and its outcome recorded on its invitation, so one
address the mail server refuses, or one name with a line break in it, never stops the others.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from duediligence.lib import emails
from duediligence.respondents.languages import page_languages
from duediligence.respondents.models import PartnerInvitation
from duediligence.respondents.services import (
    Link,
    email_outcome_record,
    invitations_create,
    invitations_unsent,
    link_issue,
    reminders_due,
)

if TYPE_CHECKING:
    from duediligence.accounts.models import User
    from duediligence.assessments.models import Assessment
    from duediligence.partners.models import Partner
    from duediligence.questionnaires.models import Questionnaire

logger = logging.getLogger(__name__)


class InvitationDetails(TypedDict):
    """The arguments of services.invitations_create, which invitations_request passes on."""

    assessment: Assessment
    partners: list[Partner]
    emails: dict[int, str]
    questionnaire: Questionnaire
    due_on: datetime.date
    message: str
    user: User


def link_for(token: str, language: str) -> str:
    return settings.SITE_URL + reverse("respondents:start", args=[token, language])


def invitations_request(**details: Unpack[InvitationDetails]) -> list[PartnerInvitation]:
    """Create the invitations (services.invitations_create, same arguments), all or none, and have the worker
    email them once the transaction has committed: a refused or rolled-back request sends nothing."""
    with transaction.atomic():
        made = invitations_create(**details)
        ids = [invitation.pk for invitation in made]
        transaction.on_commit(lambda: invitations_send.enqueue(ids))
    return made


def _context(link: Link) -> dict:
    """One section per language the respondent pages speak and the questionnaire is worded in, each with the link
    that opens the pages in it and the partner's name as that language's readers know it."""
    invitation = link.invitation
    return {
        "invitation": invitation,
        "organisation": invitation.assessment.organisation,
        "sections": [
            {"code": code, "link": link_for(link.token, code), "partner": invitation.partner.name_in(code)}
            for code in page_languages(invitation)
        ],
    }


def _subject(template: str, context: dict) -> str:
    """The subject in every language of the email, joined: the partner sees the one they read first."""
    parts = []
    for section in context["sections"]:
        with translation.override(section["code"]):
            parts.append(render_to_string(template, {**context, "partner": section["partner"]}).strip())
    return " / ".join(parts)


def invitation_email(link: Link) -> emails.Email:
    context = _context(link)
    return emails.email(
        subject=_subject("respondents/emails/invitation_subject.txt", context),
        body=render_to_string("respondents/emails/invitation.txt", context),
        to=link.invitation.email,
    )


def reminder_email(link: Link) -> emails.Email:
    days_left = (link.invitation.due_on - timezone.localdate()).days
    context = {**_context(link), "days_left": days_left}
    return emails.email(
        subject=_subject("respondents/emails/reminder_subject.txt", context),
        body=render_to_string("respondents/emails/reminder.txt", context),
        to=link.invitation.email,
    )


def _send(invitation_id: int, reminder: str, build: Callable[[Link], emails.Email]) -> bool:
    """One email to one invitation's address with a new link, its outcome recorded; True when it was taken.
    Never raises: whatever goes wrong with one invitation is logged, and the next is sent all the same."""
    try:
        link = link_issue(invitation_id=invitation_id, reminder=reminder)
        if link is None:
            return False
        outcome = emails.send_one(build(link))
        email_outcome_record(link=link, outcome=outcome, reminder=reminder)
    except Exception:
        logger.exception("email for partner invitation %s (%s) failed", invitation_id, reminder or "invitation")
        return False
    return outcome.sent


@task()
def invitations_send(invitation_ids: list[int]) -> int:
    """Email each invitation its link, in every language of its pages; returns how many the mail server took."""
    return sum(_send(pk, "", invitation_email) for pk in invitation_ids)


@task()
def code_send(invitation_id: int, code: str, language: str) -> int:
    invitation = PartnerInvitation.objects.select_related("assessment__organisation", "partner").get(pk=invitation_id)
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.assessment.organisation,
            "partner": invitation.partner.name_in(language),
            "code": code,
        }
        subject = render_to_string("respondents/emails/code_subject.txt", context)
        body = render_to_string("respondents/emails/code.txt", context)
    return int(emails.send_one(emails.email(subject=subject, body=body, to=invitation.email)).sent)


@task()
def reminders_send() -> int:
    """Remind partners seven days before and on the due date, send again what an earlier run could not, then come
    back tomorrow (a daily job of the worker), whatever happened today; returns how many reminders went out."""
    try:
        sent = sum(_send(pk, kind, reminder_email) for pk, kind in reminders_due())
        for pk in invitations_unsent():
            _send(pk, "", invitation_email)
        return sent
    finally:
        reminders_schedule()


def reminders_schedule() -> None:
    """Queue the next daily run for tomorrow morning, unless one is already waiting."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return  # e.g. the immediate backend of the tests: reminders run when called
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path__endswith="reminders_send", status="READY").exists():
        return
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    run_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(6, 0)))
    reminders_send.using(run_after=run_at).enqueue()
