"""The security log is append-only in PostgreSQL: no code path edits or deletes a row, but the retention job."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from duediligence.security import events
from duediligence.security.models import EventKind, SecurityEvent


def test_rows_cannot_be_changed_or_deleted_even_by_raw_orm_calls(officer):
    event = events.record(EventKind.LOGIN, actor=officer)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(actor=None, detail="and more")
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_deleting_an_account_clears_only_the_actor_and_keeps_the_email(officer):
    event = events.record(EventKind.LOGIN, actor=officer)
    officer.delete()
    event.refresh_from_db()
    assert (event.actor, event.actor_email) == (None, "officer@test.example")


def test_the_retention_job_removes_only_old_events_and_logs_that_it_ran(officer, settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 400
    # Written as it would have been 401 days ago (rows cannot be backdated later: that would be an UPDATE).
    long_ago = timezone.now() - datetime.timedelta(days=401)
    old = SecurityEvent.objects.create(kind=EventKind.LOGIN, actor=officer, occurred_at=long_ago)
    recent = events.record(EventKind.LOGOUT, actor=officer)
    out = StringIO()
    call_command("security_log_retention", stdout=out)
    assert "Removed 1 security event" in out.getvalue()
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()
    ran = SecurityEvent.objects.get(kind=EventKind.LOG_RETENTION)
    assert "1 event from before" in ran.detail and "400-day retention" in ran.detail
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        SecurityEvent.objects.filter(pk=recent.pk).delete()
