#!/usr/bin/env bash
# Set-up shared by `make run`, `make test` and `make bench`: a virtualenv with the pinned requirements and a
# PostgreSQL database to talk to. Sourced, not executed, so DATABASE_URL reaches the caller's shell.
#
# Where the database comes from, in order:
#   1. DATABASE_URL, when set (checked before anything else runs);
#   2. a server already listening on 127.0.0.1:5432 that lets the `postgres` role in;
#   3. a project-local cluster started with the machine's initdb/pg_ctl. As root the cluster runs as the
#      `postgres` OS user, which cannot enter a checkout under a private home folder, so its files then
#      live under /var/tmp instead of var/.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="${DB_NAME:-duediligence}"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

find_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python="$(find_python)" || die "Python 3.11 is needed: install python3.11 (with venv) and run again."
    say "Creating the virtualenv in .venv with $python"
    "$python" -m venv "$VENV" || die "could not create .venv (is the python3.11-venv package installed?)"
  fi
  # Reinstall only when requirements.txt changed since the last install, so a second run is fast.
  local wanted installed
  wanted="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
  installed="$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)"
  if [ "$wanted" != "$installed" ]; then
    say "Installing requirements into .venv"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt" ||
      die "pip could not install requirements.txt (see the messages above)"
    echo "$wanted" >"$VENV/.requirements.sha256"
  else
    say "Requirements already installed in .venv"
  fi
}

pg_bin() {
  # initdb and pg_ctl are often not on PATH (Debian keeps them under /usr/lib/postgresql/N/bin).
  local tool="$1" dir
  if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return 0; fi
  for dir in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -x "$dir/$tool" ]; then echo "$dir/$tool"; return 0; fi
  done
  return 1
}

as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then
    # From /, because the postgres user may not be allowed into the current directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

cluster_dir() {
  # The postgres OS user must be able to reach the data directory and the socket.
  if [ "$(id -u)" != 0 ]; then
    echo "$ROOT/var/postgres"
  elif runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    echo "$ROOT/var/postgres"
  else
    echo "/var/tmp/duediligence-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)/postgres"
  fi
}

start_local_cluster() {
  local initdb pg_ctl dir data log
  initdb="$(pg_bin initdb)" && pg_ctl="$(pg_bin pg_ctl)" ||
    die "no DATABASE_URL, no server on 127.0.0.1:$PG_PORT, and no initdb/pg_ctl: install the PostgreSQL 15 server (apt-get install postgresql-15) or set DATABASE_URL"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs a 'postgres' OS user to own the local cluster (apt-get install postgresql-15 creates it)"
  fi
  dir="$(cluster_dir)"
  data="$dir/data"
  log="$dir/server.log"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Initialising a project-local PostgreSQL cluster in $data"
    as_cluster_owner "$initdb" --pgdata="$data" --username=postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || die "initdb failed: see $dir/initdb.log"
  fi
  say "Starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $log)"
  # synchronous_commit=off: a crash may lose the last moments of a development database, never corrupt it.
  as_cluster_owner "$pg_ctl" --pgdata="$data" --log="$log" --wait --timeout=60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir -c synchronous_commit=off" start >/dev/null ||
    die "PostgreSQL did not start: see $log"
}

server_listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null
}

ensure_server() {
  # Runs before the (slow) virtualenv install, so a machine without PostgreSQL fails in a second.
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL from the environment"
    return 0
  fi
  if server_listening; then
    say "Reusing the PostgreSQL server on 127.0.0.1:$PG_PORT"
  else
    start_local_cluster
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME"
}

ensure_database() {
  # Connects with the credentials given, creates the database when the role may, and prints one line
  # (not a traceback) when it cannot.
  "$VENV/bin/python" "$ROOT/duediligence/scripts/ensure_database.py" || exit 1
}

bootstrap() {
  ensure_server
  ensure_venv
  ensure_database
}
