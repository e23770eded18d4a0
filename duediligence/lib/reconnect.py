"""Carrying on after PostgreSQL restarts, for long-lived processes (the report worker).

A web request that loses its connection ends with the 503 page, and the next request opens a new connection.
A worker has no next request: the connection it holds is dead after a restart, and every query on it fails
until it is dropped. `on_a_live_connection` drops it and tries again on a fresh one, waiting a little longer each
time, so a write that records what happened (a job's outcome) lands once the database is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, InterfaceError, OperationalError, connection

from duediligence.lib.errors import is_database_unavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a write waits for PostgreSQL to come back before giving up (a restart takes seconds).
RECONNECT_WITHIN_SECONDS = 60.0
FIRST_PAUSE, LONGEST_PAUSE = 0.25, 5.0


def connection_lost(error: BaseException) -> bool:
    """True when the error, or one it came from, says the connection to PostgreSQL was lost or refused."""
    return is_database_unavailable(error)


def drop_connection() -> None:
    """Forget the connection, so that the next query opens a new one."""
    try:
        connection.close()
    except DatabaseError:
        logger.debug("closing a lost database connection failed", exc_info=True)


def on_a_live_connection(
    work: Callable[[], T], *, within: float = RECONNECT_WITHIN_SECONDS, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run `work`; while it fails because the connection was lost, drop the connection and run it again on a
    new one, for up to `within` seconds. Only outside a transaction: inside one, what it wrote is gone with the
    connection, and trying again would write half of it."""
    deadline = time.monotonic() + within
    pause = FIRST_PAUSE
    while True:
        try:
            return work()
        except (OperationalError, InterfaceError) as error:
            if connection.in_atomic_block or time.monotonic() + pause > deadline:
                raise
            logger.warning("the database connection was lost (%s); trying again in %.2f s", error, pause)
            drop_connection()
            sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
