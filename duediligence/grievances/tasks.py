"""Work for the worker: telling officers that a case arrived. Queued by the intake view once the case is saved."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from duediligence.accounts.models import Membership, Role
from duediligence.grievances.models import Case
from duediligence.lib import emails


@task()
def case_received_notify(case_id: int) -> int:
    """Email the organisation's officers that a case arrived: its code, issue and due date, never its text."""
    case = Case.objects.select_related("organisation").filter(pk=case_id).first()
    if case is None:
        return 0
    link = settings.SITE_URL + reverse("grievances:detail", args=[case.pk])
    messages = []
    for membership in Membership.objects.filter(
        organisation=case.organisation, role=Role.OFFICER, user__is_active=True
    ).select_related("user"):
        context = {"case": case, "link": link, "membership": membership}
        messages.append(
            emails.email(
                subject=f"New grievance case {case.code} for {case.organisation.name}",
                body=render_to_string("grievances/emails/case_received.txt", context),
                to=membership.user.email,
            )
        )
    return sum(outcome.sent for outcome in emails.send_each(messages))
