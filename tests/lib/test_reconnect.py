"""A long-lived process's write waits out a lost connection, but never retries half a transaction."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction

from duediligence.lib.reconnect import on_a_live_connection


class LostOnce:
    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("server closed the connection unexpectedly")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'written'")
            return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_lost_connection_is_dropped_and_the_write_runs_again_on_a_new_one():
    pauses: list[float] = []
    work = LostOnce(failures=3)
    assert on_a_live_connection(work, sleep=pauses.append) == "written"
    assert work.calls == 4 and pauses == [0.25, 0.5, 1.0]


@pytest.mark.django_db(transaction=True)
def test_it_gives_up_after_its_time():
    with pytest.raises(OperationalError):
        on_a_live_connection(LostOnce(failures=1_000), within=0.0, sleep=lambda seconds: None)


def test_inside_a_transaction_it_never_tries_again(db):
    work = LostOnce(failures=1)
    with transaction.atomic(), pytest.raises(OperationalError):
        on_a_live_connection(work, sleep=lambda seconds: None)
    assert work.calls == 1
