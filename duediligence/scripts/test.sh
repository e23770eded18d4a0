#!/usr/bin/env bash
# `make test` (and so CI): the same set-up as `make run`, then lint, Django's checks and the test suite.
# Extra arguments go to pytest, e.g. `make test ARGS="-k partners"`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
source "$(dirname "${BASH_SOURCE[0]}")/browser-deps.sh"
source "$(dirname "${BASH_SOURCE[0]}")/drill-deps.sh"
cd "$ROOT"
bootstrap
ensure_browser_deps
ensure_drill_deps
bash "$ROOT/duediligence/scripts/check.sh"
say "Running the test suite against PostgreSQL"
# Two processes: the machine has two cores, and each gets its own test database.
"$VENV/bin/pytest" -n "${PYTEST_WORKERS:-2}" --dist loadgroup "$@"
# A run that passed must also have dropped its test databases (they once stayed behind, in use by a thread).
"$VENV/bin/python" "$ROOT/duediligence/scripts/leftover_databases.py"
