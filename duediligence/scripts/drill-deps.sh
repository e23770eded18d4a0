#!/usr/bin/env bash
# What the deployment tests and the database drills (tests/deployment/) start besides PostgreSQL, all Debian's
# packages: PgBouncer (the pooler in transaction mode), Patroni with etcd (the synchronous standby and its
# failover), HAProxy (the address that follows the primary) and pgBackRest (backups, WAL archive, restores).
# Installed only when missing. Sourced by test.sh after devenv.sh and browser-deps.sh (which defines apt_install).

ensure_drill_deps() {
  local wanted=()
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || wanted+=(pgbouncer)
  command -v patroni >/dev/null 2>&1 || wanted+=(patroni)
  command -v etcd >/dev/null 2>&1 || wanted+=(etcd-server)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || wanted+=(haproxy)
  command -v pgbackrest >/dev/null 2>&1 || wanted+=(pgbackrest)
  if [ ${#wanted[@]} -gt 0 ]; then
    say "Installing ${wanted[*]} from Debian's packages (for tests/deployment)"
    apt_install "${wanted[@]}" || true
  fi
}
