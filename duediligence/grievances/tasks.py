"""Work for the worker: telling officers that a case arrived (queued by the intake once the case is saved), and the
daily deletion of closed cases whose retention period has ended."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from duediligence.accounts.models import Membership, Role
from duediligence.grievances.models import Case
from duediligence.lib import emails

logger = logging.getLogger(__name__)


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


@task()
def cases_retention_run() -> int:
    """Delete the texts, files and keys of closed cases past their mechanism's retention period, and the public
    pages' expired rate-limit counters, then come back tomorrow (a daily job of the worker), whatever happened
    today; returns how many cases were deleted."""
    from duediligence.grievances.services import case_content_delete, cases_past_retention
    from duediligence.security import public_throttle

    try:
        public_throttle.expired_delete()
        due = cases_past_retention()
        for case in due:
            case_content_delete(case=case)
        # Counts only: a case's code is not for the worker's log.
        logger.info("grievance retention: deleted the content of %d closed case(s)", len(due))
        return len(due)
    finally:
        cases_retention_schedule()


def cases_retention_schedule() -> None:
    """Queue the next daily run for tomorrow at 05:00, unless one is already waiting."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return  # e.g. the immediate backend of the tests: the run happens when called
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path__endswith="cases_retention_run", status="READY").exists():
        return
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    run_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(5, 0)))
    cases_retention_run.using(run_after=run_at).enqueue()
