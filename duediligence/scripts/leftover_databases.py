"""After `make test`: fail, in one line, if the run left a test database behind (pytest-django drops its own)."""

from __future__ import annotations

import os
import sys

import dj_database_url
import psycopg2


def main() -> int:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname = %s OR datname LIKE %s ORDER BY datname",
            [f"test_{config['NAME']}", f"test_{config['NAME']}\\_gw%"],
        )
        left = [name for (name,) in cursor.fetchall()]
    connection.close()
    if left:
        print(f"error: the test run left its databases behind: {', '.join(left)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
