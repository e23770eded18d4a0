"""Work for the worker (`python manage.py render_worker`): telling officers what a new edition of a list found.

Queued by the list import command once the import has committed; never run inside a web request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from duediligence.accounts.models import Membership, Role
from duediligence.assessments.models import Assessment
from duediligence.lib import emails
from duediligence.partners.lists import new_matches_for, rescreen_pending
from duediligence.partners.models import ListImport, ListNotice


@task()
def new_matches_notify(list_import_id: int) -> int:
    """Email each organisation's officers the assessments where the import found matches; returns emails sent."""
    with transaction.atomic():
        list_import = ListImport.objects.select_for_update().filter(pk=list_import_id, notified_at=None).first()
        if list_import is None:
            return 0  # already told (a retried task), or the import is gone
        assessments = Assessment.objects.filter(partners__matches__found_in=list_import).distinct()
        found = new_matches_for(assessments)
        by_organisation: dict[int, list[tuple[Assessment, str, str]]] = {}
        for assessment in assessments.select_related("organisation"):
            for new in found.get(assessment.pk, []):
                if new.list_import.pk == list_import.pk:
                    link = settings.SITE_URL + reverse("partners:list", args=[assessment.pk]) + "?screening=potential"
                    by_organisation.setdefault(assessment.organisation_id, []).append((assessment, str(new), link))
        messages = []
        for organisation_id, items in by_organisation.items():
            officers = Membership.objects.filter(
                organisation_id=organisation_id, role=Role.OFFICER, user__is_active=True
            ).select_related("user", "organisation")
            for membership in officers:
                context = {"membership": membership, "list_import": list_import, "items": items}
                subject = render_to_string("partners/emails/new_matches_subject.txt", context)
                body = render_to_string("partners/emails/new_matches.txt", context)
                messages.append(emails.email(subject=subject, body=body, to=membership.user.email))
        # Each officer's email on its own: one refused address leaves the others told (and is logged).
        sent = sum(outcome.sent for outcome in emails.send_each(messages))
        list_import.notified_at = timezone.now()
        list_import.save(update_fields=["notified_at"])
    return sent


@task()
def list_notices_notify(list_import_id: int) -> int:
    """Email each organisation's managers the frozen revisions a new edition would flag; returns emails sent."""
    with transaction.atomic():
        notices = list(
            ListNotice.objects.select_for_update()
            .filter(list_import_id=list_import_id, notified_at=None)
            .select_related("assessment__organisation", "list_import__screening_list")
        )
        by_organisation: dict[int, list[tuple[ListNotice, str]]] = {}
        for notice in notices:
            link = settings.SITE_URL + reverse("assessments:overview", args=[notice.assessment_id])
            by_organisation.setdefault(notice.assessment.organisation_id, []).append((notice, link))
        messages = []
        for organisation_id, items in by_organisation.items():
            managers = Membership.objects.filter(
                organisation_id=organisation_id, role=Role.MANAGER, user__is_active=True
            ).select_related("user", "organisation")
            for membership in managers:
                context = {"membership": membership, "items": items, "list_import": items[0][0].list_import}
                subject = render_to_string("partners/emails/list_notices_subject.txt", context)
                body = render_to_string("partners/emails/list_notices.txt", context)
                messages.append(emails.email(subject=subject, body=body, to=membership.user.email))
        # Each manager's email on its own: one refused address leaves the others told (and is logged).
        sent = sum(outcome.sent for outcome in emails.send_each(messages))
        ListNotice.objects.filter(pk__in=[notice.pk for notice in notices]).update(notified_at=timezone.now())
    return sent


@task()
def rescreen_pending_task() -> int:
    """Screen again, in batches, what list imports left to do (one run with --background, or an interrupted one);
    returns the batches done. Safe to run twice at once: each batch is taken by one runner."""
    return rescreen_pending()


def rescreening_resume() -> bool:
    """Queue the screening list imports left undone (a command or a worker stopped midway); called when the worker
    starts, so an interrupted run finishes without anyone asking. Returns whether anything was left."""
    if not ListImport.objects.filter(screened_at=None).exists():
        return False
    rescreen_pending_task.enqueue()
    return True
