#!/usr/bin/env bash
# `make bench-*`: the same set-up as `make test`, then one benchmark script from bench/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
cd "$ROOT"
bootstrap
for script in "$@"; do
  say "Benchmark: $script"
  "$VENV/bin/python" "$script"
done
