"""What a database session holds past its transaction: the state a pooler in transaction mode breaks.

Behind PgBouncer in transaction pooling (docs/deployment.md) each transaction of a client may run on another
server session, and the session a client leaves is handed to the next one. Whatever outlives a transaction is
then lost to its owner or leaks to a stranger: a session advisory lock, a cursor held open (Django's
server-side cursors outside a transaction), a prepared statement, a LISTEN, a temporary table, a plain `SET`.
A `SET LOCAL` run outside a transaction is the opposite mistake: it is a transaction of its own and does
nothing, which PostgreSQL says in a warning.

`leftovers` names each of these on one connection. tests/conftest.py runs it after every test on the test's
own connection, so a code path that leaves session state fails the test that runs it.
"""

from __future__ import annotations

from typing import Any

# The parameters PgBouncer tracks per client and sets on whichever server session the client gets
# (client_encoding, DateStyle, TimeZone, standard_conforming_strings, application_name): a `SET` of one of
# these is safe behind it. Django sets TimeZone on connecting when the server's differs from settings.TIME_ZONE.
TRACKED_BY_POOLER = ("client_encoding", "DateStyle", "TimeZone", "standard_conforming_strings", "application_name")

LEFTOVERS_SQL = """
SELECT 'a session advisory lock (' || classid || ', ' || objid || ')'
  FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
UNION ALL
SELECT 'a cursor held open: ' || name || CASE WHEN is_holdable THEN ' (WITH HOLD)' ELSE '' END FROM pg_cursors
UNION ALL
SELECT 'a prepared statement: ' || name FROM pg_prepared_statements
UNION ALL
SELECT 'listening on ' || channel FROM pg_listening_channels() AS channel
UNION ALL
SELECT 'a temporary table: ' || relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()
UNION ALL
SELECT 'a session setting: ' || name || ' = ' || setting
  FROM pg_settings WHERE source = 'session' AND name <> ALL(%s)
"""

WASTED_LOCAL_SET = "can only be used in transaction blocks"


def leftovers(raw_connection: Any) -> list[str]:
    """Everything the psycopg2 connection's session holds that a later transaction could depend on, and every
    `SET LOCAL` it ran outside a transaction since the last call (PostgreSQL's warnings are read and cleared).

    Called between transactions; the check itself runs in a transaction that it ends, so it leaves nothing.
    """
    wasted = [f"a SET LOCAL outside a transaction ({notice.strip()})" for notice in raw_connection.notices
              if WASTED_LOCAL_SET in notice]  # fmt: skip
    raw_connection.notices.clear()
    with raw_connection.cursor() as cursor:
        cursor.execute(LEFTOVERS_SQL, [list(TRACKED_BY_POOLER)])
        found = [row[0] for row in cursor.fetchall()]
    if not raw_connection.autocommit:
        raw_connection.rollback()
    return wasted + found
