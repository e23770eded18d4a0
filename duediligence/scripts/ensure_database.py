"""Check that DATABASE_URL reaches PostgreSQL and create its database when missing.

Run by devenv.sh before Django starts, so that a wrong URL or a server that is down ends in one clear
line instead of a traceback from deep inside the first migration.
"""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def connect(config: dict, dbname: str):
    return psycopg2.connect(
        dbname=dbname,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        fail("DATABASE_URL is not set (expected postgres://USER:PASSWORD@HOST:PORT/NAME)")
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        fail(f"DATABASE_URL is not a database URL ({error}); expected postgres://USER:PASSWORD@HOST:PORT/NAME")
    if "postgresql" not in config.get("ENGINE", ""):
        fail("DATABASE_URL must point at PostgreSQL (postgres://...): it is the only database this app supports")
    name = config["NAME"]
    where = f"{config.get('HOST') or 'local socket'}:{config.get('PORT') or 5432}"
    try:
        connect(config, name).close()
        return
    except psycopg2.OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        if f'database "{name}" does not exist' not in reason:
            fail(f"cannot connect to PostgreSQL at {where} as {config.get('USER') or 'default user'}: {reason}")
    try:
        admin = connect(config, "postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.close()
        print(f"==> Created database {name}")
    except psycopg2.Error as error:
        fail(f"database {name} does not exist at {where} and could not be created: {str(error).strip()}")


if __name__ == "__main__":
    main()
