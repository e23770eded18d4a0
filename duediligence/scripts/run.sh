#!/usr/bin/env bash
# `make run`: everything a fresh machine needs, then the app on http://127.0.0.1:8000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/devenv.sh"
cd "$ROOT"
bootstrap
MANAGE=("$VENV/bin/python" manage.py)
say "Applying database migrations"
"${MANAGE[@]}" migrate --noinput
say "Loading the default and the partner questionnaires (a no-op once loaded)"
"${MANAGE[@]}" load_questionnaire --with-partners
say "Loading the shipped screening list (replaces it in place)"
"${MANAGE[@]}" import_screening_list --default
say "Loading demo data (safe to repeat)"
"${MANAGE[@]}" seed_demo
say "Queueing the worker's daily reminders to partners (never doubled)"
"${MANAGE[@]}" partner_reminders
say "Queueing the worker's daily deletion of grievance cases past their retention period (never doubled)"
"${MANAGE[@]}" grievance_retention
say "Starting one report worker (render_worker, memory capped at ${WORKER_MEMORY_MB:-2048} MB, restarted whenever it stops; its log: var/worker.log)"
mkdir -p var
# The worker's address space is capped (where the shell may set it), so a runaway render fails its own job
# instead of taking the machine's memory; the job page then says so. supervise.sh starts it again whenever it
# exits (the cap, a crash), as systemd's Restart=always does in production (docs/deployment.md).
# The cap is set on the supervisor, and every worker it starts inherits it.
(ulimit -v $((${WORKER_MEMORY_MB:-2048} * 1024)) 2>/dev/null || echo "could not cap the worker's memory here"
  exec bash "$ROOT/duediligence/scripts/supervise.sh" "${MANAGE[@]}" render_worker) >var/worker.log 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
say "Serving on http://127.0.0.1:${PORT:-8000} (stop with Ctrl-C)"
"${MANAGE[@]}" runserver "127.0.0.1:${PORT:-8000}"
