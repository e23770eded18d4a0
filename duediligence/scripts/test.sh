#!/usr/bin/env bash
# `make test` (and so CI): the same set-up as `make run`, then lint, Django's checks and the test suite.
# Extra arguments go to pytest, e.g. `make test ARGS="-k partners"`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
source "$(dirname "${BASH_SOURCE[0]}")/browser-deps.sh"
cd "$ROOT"
bootstrap
ensure_browser_deps
say "Lint: ruff check and ruff format --check"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check --quiet .
say "Django system checks and missing migrations"
"$VENV/bin/python" manage.py check --fail-level WARNING
"$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null ||
  die "models changed without a migration: run .venv/bin/python manage.py makemigrations"
say "Running the test suite against PostgreSQL"
# Two processes: the machine has two cores, and each gets its own test database.
exec "$VENV/bin/pytest" -n "${PYTEST_WORKERS:-2}" --dist loadgroup "$@"
