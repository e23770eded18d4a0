"""Removing security events past their retention period: the one deletion the log's trigger allows."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from duediligence.security import events
from duediligence.security.models import EventKind, SecurityEvent


@transaction.atomic
def retention_run(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete events older than `days` (SECURITY_LOG_RETENTION_DAYS) and log that it ran; returns how many."""
    days = settings.SECURITY_LOG_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError("the retention period is at least one day")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with connection.cursor() as cursor:
        # Set for this transaction only: the trigger (security migration 0004) lets deletes through while on.
        cursor.execute("SET LOCAL duediligence.log_retention = 'on'")
        try:
            count, _ = SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()
        finally:
            cursor.execute("SET LOCAL duediligence.log_retention = 'off'")
    plural = "s" if count != 1 else ""
    events.record(
        EventKind.LOG_RETENTION,
        detail=f"{count} event{plural} from before {cutoff:%Y-%m-%d} removed ({days}-day retention).",
    )
    return count
