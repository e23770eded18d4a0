"""Django's database cache, with a set that costs one statement on PostgreSQL and room shared fairly.

Django's DatabaseCache counts the whole table on every set (to decide whether to cull), then reads the key and
updates or inserts it: five statements and a scan that grows with the cache. Here a set is one
INSERT ... ON CONFLICT DO UPDATE, and every CULL_EVERY-th set of a process removes what has expired and, past
MAX_ENTRIES, the entries closest to expiring. Reads are Django's own (one SELECT).

A key may name its scope before a slash ("o12/fragment:overview:..."; the page cache scopes each part by its
organisation). A scope holds at most MAX_ENTRIES_PER_SCOPE entries: the set that would pass that removes, in the
same statement, the scope's entries closest to expiring. And when the whole table is past MAX_ENTRIES, the cull
takes from the scopes holding the most first, so one scope filling the cache never pushes another's entries out
wholesale.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router

CULL_EVERY = 200
# The longest scope a key may name (the column's width).
SCOPE_MAX = 64


def scope_of(key: str) -> str:
    """The scope a key names before its first slash, or "" (no scope, no quota of its own)."""
    scope, slash, _ = key.partition("/")
    return scope if slash and len(scope) <= SCOPE_MAX else ""


class PostgresCache(DatabaseCache):
    _sets = 0
    _table: str  # set by DatabaseCache.__init__ (untyped there)

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self._max_entries_per_scope = int(options.get("MAX_ENTRIES_PER_SCOPE", self._max_entries))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        scope = scope_of(str(key))
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        upsert = (
            f"INSERT INTO {table} (cache_key, value, expires, scope) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires, "
            "scope = EXCLUDED.scope"
        )
        with connection.cursor() as cursor:
            if not scope:
                cursor.execute(upsert, [key, stored, expires, scope])
            else:
                # The scope's other entries beyond its quota, less one for this one, go in the same statement
                # (which sees the table as it was before the insert: this key is left to the insert).
                cursor.execute(
                    f"WITH upserted AS ({upsert} RETURNING 1) DELETE FROM {table} WHERE cache_key IN ("
                    f"SELECT cache_key FROM {table} WHERE scope = %s AND cache_key <> %s "
                    "ORDER BY expires DESC, cache_key OFFSET %s)",
                    [key, stored, expires, scope, scope, key, max(self._max_entries_per_scope - 1, 0)],
                )
            PostgresCache._sets += 1
            if PostgresCache._sets % CULL_EVERY == 0:
                self.cull(cursor, table)

    def cull(self, cursor: Any, table: str) -> None:
        cursor.execute(f"DELETE FROM {table} WHERE expires < now()")
        # Past the cap, the entries ranked deepest within their own scope go first: the scopes holding the most
        # give up entries until they are level with the others, the entries closest to expiring first.
        cursor.execute(
            f"DELETE FROM {table} WHERE cache_key IN (SELECT cache_key FROM ("
            f"SELECT cache_key, expires, row_number() OVER (PARTITION BY scope ORDER BY expires DESC) AS depth "
            f"FROM {table}) ranked ORDER BY depth DESC, expires "
            f"LIMIT greatest((SELECT count(*) FROM {table}) - %s, 0))",
            [self._max_entries],
        )
