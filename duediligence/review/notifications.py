"""Emails to whoever must act next after a transition (console backend in development).

Sent once the move has committed (review/workflow.py), one message per person through lib/emails.py: a title
with a line break or a mail server that refuses an address costs that one email, never the committed move.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from duediligence.accounts.models import Role
from duediligence.assessments.models import Assessment, Status, Transition
from duediligence.lib import emails

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
    addresses = recipients(assessment, transition.to_status)
    if not addresses:
        return 0
    context = {
        "assessment": assessment,
        "transition": transition,
        "link": settings.SITE_URL + reverse("assessments:overview", args=[assessment.pk]),
    }
    subject = render_to_string("review/emails/transition_subject.txt", context)
    body = render_to_string("review/emails/transition.txt", context)
    # One message per person, so nobody learns who else was told.
    outcomes = emails.send_each(emails.email(subject=subject, body=body, to=address) for address in addresses)
    return sum(outcome.sent for outcome in outcomes)
