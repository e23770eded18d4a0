"""Closed cases are deleted when their mechanism's retention period ends: texts, files and keys, by the worker's
daily run; what the statistics count stays, and the public pages say how long cases are kept."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duediligence.grievances import sealing
from duediligence.grievances.models import Case, CaseEvent, add_months
from duediligence.grievances.services import Refused, case_create, case_move, case_open, mechanism_for
from duediligence.grievances.statistics import figures
from duediligence.grievances.tasks import cases_retention_run
from tests.conftest import client_for
from tests.grievances.test_public_pages import officer_key

PHOTO_NAME = "night-shift.jpg"


def closed_case(organisation, officer, closed_days_ago: int):
    from tests.grievances.test_encryption_at_rest import photo_with_position

    photo = sealing.PreparedFile(PHOTO_NAME, "image/jpeg", photo_with_position(), cleaned=True)
    new = case_create(
        organisation=organisation,
        language="en",
        issue="working_conditions",
        description="Night shifts unpaid.",
        contact_email="worker@example.test",
        files=[photo],
    )
    key = sealing.case_key_for_organisation(new.case, officer_key(organisation, officer))
    case_move(case=new.case, to="acknowledged", user=officer)
    case_move(
        case=new.case, to="closed", user=officer, key=key, outcome="substantiated", remedy="Back pay for every shift."
    )
    Case.objects.filter(pk=new.case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=closed_days_ago))
    return new


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_closed_cases_past_the_period_lose_their_content_and_files_and_keep_their_figures(
    organisation, officer, case_key, django_capture_on_commit_callbacks
):
    mechanism = mechanism_for(organisation)
    mechanism.retention_months = 6
    mechanism.save()
    old = closed_case(organisation, officer, closed_days_ago=200)
    recent = closed_case(organisation, officer, closed_days_ago=150)
    open_case = case_create(organisation=organisation, language="en", issue="other", description="Still open.")
    assert len(stored_files()) == 2
    before = figures(list(Case.objects.all()))

    with django_capture_on_commit_callbacks(execute=True):
        assert cases_retention_run.call() == 1

    gone = Case.objects.get(pk=old.case.pk)
    assert gone.content_deleted_at is not None and gone.status == "closed" and gone.outcome == "substantiated"
    assert gone.remedy_provided is True
    for column in ("sealed_key", "reporter_wrapped_key", "sealed_report", "sealed_contact", "sealed_resolution"):
        assert getattr(gone, column) is None, column
    assert not gone.attachments.exists() and not gone.messages.exists()
    assert len(stored_files()) == 1, "the old case's file is gone from the store, the recent one's kept"
    assert CaseEvent.objects.filter(case=gone, kind="content_deleted").exists()
    # The figures the reports print are the same as before.
    assert figures(list(Case.objects.all())) == before
    # The reporter's code and passphrase open nothing any more; the recent and open cases are untouched.
    try:
        case_open(code=old.case.code, passphrase=old.passphrase, client="198.51.100.4")
    except Refused:
        pass
    else:
        raise AssertionError("a deleted case still opened")
    assert case_open(code=recent.case.code, passphrase=recent.passphrase, client="198.51.100.4").key is not None
    assert Case.objects.get(pk=open_case.case.pk).sealed_report is not None
    page = client_for(officer).get(reverse("grievances:detail", args=[gone.pk])).content.decode()
    assert "were deleted at the end of the mechanism" in page and "Night shifts unpaid." not in page
    # A second run finds nothing more to do.
    assert cases_retention_run.call() == 0


def test_the_period_counts_calendar_months_from_the_day_of_closing():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 12, 7), 12) == datetime.date(2026, 12, 7)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


def test_the_command_deletes_what_is_due_now_or_queues_the_daily_run(organisation, officer, case_key):
    closed_case(organisation, officer, closed_days_ago=400)
    out = StringIO()
    call_command("grievance_retention", "--now", stdout=out)
    assert "The content of 1 closed case(s) deleted." in out.getvalue()
    assert Case.objects.get().content_deleted_at is not None


def test_the_public_pages_say_how_long_cases_are_kept(organisation, case_key):
    mechanism = mechanism_for(organisation)
    mechanism.retention_months = 18
    mechanism.escalation_body = "The National Contact Point for the OECD Guidelines, ncp@example.test"
    mechanism.save()
    client = Client()
    safety = client.get(reverse("grievance_public:safety", args=[organisation.slug, "en"])).content.decode()
    assert "Closed cases are deleted 18 months after they are closed" in safety
    procedure = client.get(reverse("grievance_public:procedure", args=[organisation.slug, "en"])).content.decode()
    assert "18 months after the case is closed" in procedure and "ncp@example.test" in procedure


def test_a_reply_to_a_case_whose_texts_were_deleted_says_so(organisation, officer, case_key, officer_client):
    from tests.conftest import unlock

    old = closed_case(organisation, officer, closed_days_ago=400)
    cases_retention_run.call()
    unlock(officer_client)
    response = officer_client.post(reverse("grievances:reply", args=[old.case.pk]), {"text": "Any news?"}, follow=True)
    page = response.content.decode()
    assert "texts were deleted at the end of the mechanism" in page
    assert "you have no access to this organisation" not in page
