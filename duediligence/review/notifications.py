"""Emails to whoever must act next after a transition (console backend in development)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from duediligence.accounts.models import Role
from duediligence.assessments.models import Assessment, Status, Transition

# Who acts next after each status is reached.
NEXT_ACTORS = {
    Status.SUBMITTED: [Role.AUDITOR],
    Status.IN_REVIEW: [],
    Status.CHANGES_REQUESTED: [Role.OFFICER],
    Status.APPROVED: [Role.MANAGER, Role.OFFICER],
    Status.PUBLISHED: [Role.OFFICER, Role.AUDITOR],
}


def recipients(assessment: Assessment, status: str) -> list[str]:
    roles = NEXT_ACTORS.get(Status(status), [])
    if not roles:
        return []
    return sorted(
        assessment.organisation.memberships.filter(role__in=roles, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def notify_next(assessment: Assessment, transition: Transition) -> int:
    emails = recipients(assessment, transition.to_status)
    if not emails:
        return 0
    context = {
        "assessment": assessment,
        "transition": transition,
        "link": settings.SITE_URL + reverse("assessments:overview", args=[assessment.pk]),
    }
    subject = render_to_string("review/emails/transition_subject.txt", context).strip()
    body = render_to_string("review/emails/transition.txt", context)
    # One message per person, so nobody learns who else was told.
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails])
    return len(emails)
