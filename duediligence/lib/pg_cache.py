"""Django's database cache, with a set that costs one statement on PostgreSQL.

Django's DatabaseCache counts the whole table on every set (to decide whether to cull), then reads the key and
updates or inserts it: five statements and a scan that grows with the cache. Here a set is one
INSERT ... ON CONFLICT DO UPDATE, and every CULL_EVERY-th set of a process removes what has expired and, past
MAX_ENTRIES, the entries closest to expiring. Reads are Django's own (one SELECT).
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


class PostgresCache(DatabaseCache):
    _sets = 0
    _table: str  # set by DatabaseCache.__init__ (untyped there)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                [key, stored, expires],
            )
            PostgresCache._sets += 1
            if PostgresCache._sets % CULL_EVERY == 0:
                self.cull(cursor, table)

    def cull(self, cursor: Any, table: str) -> None:
        cursor.execute(f"DELETE FROM {table} WHERE expires < now()")
        cursor.execute(
            f"DELETE FROM {table} WHERE cache_key IN (SELECT cache_key FROM {table} ORDER BY expires "
            f"LIMIT greatest((SELECT count(*) FROM {table}) - %s, 0))",
            [self._max_entries],
        )
