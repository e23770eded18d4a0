#!/usr/bin/env bash
# `make check` (and the first half of `make test`): lint, the layer contracts, types and Django's checks.
# Needs the virtualenv and DATABASE_URL that devenv.sh sets up; about 15 s on two cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
cd "$ROOT"
# A second call (from test.sh) finds everything in place and costs about a second.
bootstrap >/dev/null
say "Lint: ruff check and ruff format --check"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check --quiet .
say "Layers: import-linter contracts (.importlinter, docs/architecture.md)"
"$VENV/bin/lint-imports" --no-cache >/dev/null || { "$VENV/bin/lint-imports" --no-cache; die "an import breaks the layers"; }
say "Types: mypy with django-stubs"
"$VENV/bin/mypy" --no-error-summary || die "mypy found type errors (above)"
say "Django system checks and missing migrations"
"$VENV/bin/python" manage.py check --fail-level WARNING
"$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null ||
  die "models changed without a migration: run .venv/bin/python manage.py makemigrations"
