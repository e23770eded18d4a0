#!/usr/bin/env bash
# Run a command and start it again whenever it exits, until this script is told to stop (TERM or INT), which it
# passes on to the command. `make run` keeps its report worker up with it, as systemd's Restart=always does in
# production (docs/deployment.md): a worker that dies (its memory cap, a crash) comes back by itself.
#   supervise.sh COMMAND [ARGUMENTS...]      RESTART_SECONDS (default 2) is the pause before each restart.
set -uo pipefail
child=""
stop() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  exit 0
}
trap stop INT TERM
while :; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  echo "$(date '+%Y-%m-%d %H:%M:%S') supervise: \"$*\" exited with status $status; starting it again in ${RESTART_SECONDS:-2} s"
  sleep "${RESTART_SECONDS:-2}" &
  wait $!
done
