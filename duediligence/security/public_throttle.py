"""Rate limits for the public pages (grievance intake, partner respondents), kept apart from what they protect.

Counters live in PublicCounter under a keyed hash (HMAC with the secret key) of the client's address or of a case
code, per window; rows of past windows are deleted as new ones are counted, so they expire and can never be
joined to a case.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from duediligence.security.models import PublicCounter

WINDOW = datetime.timedelta(hours=1)


def _key(kind: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def over_limit(kind: str, value: str, limit: int) -> bool:
    """Whether this window's count for (kind, value) has reached the limit, without counting."""
    start = _window_start(timezone.now())
    row = PublicCounter.objects.filter(key=_key(kind, value), window_start=start).first()
    return row is not None and row.count >= limit


@transaction.atomic
def count(kind: str, value: str) -> None:
    now = timezone.now()
    start = _window_start(now)
    PublicCounter.objects.filter(window_start__lt=start - WINDOW).delete()
    counter, _ = PublicCounter.objects.get_or_create(key=_key(kind, value), window_start=start)
    PublicCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)


def expired_delete() -> int:
    """Delete the counters of windows that no longer count (the daily grievance run calls it, so a counter is gone
    within a day even when nobody is counted after it); returns how many."""
    deleted, _ = PublicCounter.objects.filter(window_start__lt=_window_start(timezone.now()) - WINDOW).delete()
    return deleted
