#!/usr/bin/env bash
# `make bench-*`: the same set-up as `make test`, then one benchmark script from bench/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
cd "$ROOT"
bootstrap
if ! "$VENV/bin/python" -c "import locust" 2>/dev/null; then
  say "Installing the benchmark tools (bench/requirements.txt)"
  "$VENV/bin/pip" install --quiet -r bench/requirements.txt
fi
for script in "$@"; do
  if [ "$script" = bench/restore.py ]; then
    source "$(dirname "${BASH_SOURCE[0]}")/browser-deps.sh"
    source "$(dirname "${BASH_SOURCE[0]}")/drill-deps.sh"
    ensure_drill_deps
  fi
  say "Benchmark: $script"
  "$VENV/bin/python" "$script"
done
