"""How long a restore takes at the benchmarks' large data set (`make bench-restore`).

The restore drill (tests/deployment/test_restore_drill.py) proves a restore brings everything back; this
measures it at size. A cluster of its own, archiving its WAL with pgBackRest as production does, is filled
with the web benchmark's data set (bench/web_seed.py: BENCH_ASSESSMENTS assessments, 200 by default, each with
60 answers, 500 screened partners, risks, an audit and comments), then:

1. a full backup (pgBackRest, lz4, two processes), timed;
2. BENCH_RESTORE_AFTER more assessments (20) written after it, so the restore has WAL to replay;
3. the target time read, the source stopped at once;
4. a restore into a new folder to that time, the cluster started, and recovery to the end: timed until the
   restored cluster accepts writes.

Prints the figures; bench/README.md and docs/deployment.md record the last run. Needs root or the postgres
user, PostgreSQL 15 and pgbackrest (`make bench-restore` and `make test` install it from Debian).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deployment.infrastructure import (  # noqa: E402 (after the path is set)
    Cluster,
    PgBackRest,
    Workdir,
    app_environment,
    manage,
    query,
)

ASSESSMENTS = int(os.environ.get("BENCH_ASSESSMENTS", 200))
AFTER = int(os.environ.get("BENCH_RESTORE_AFTER", 20))


def step(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    workdir = Workdir("bench-restore")
    source = Cluster(workdir, "source", {"wal_level": "replica", "max_wal_senders": "3"})
    target = Cluster(workdir, "restored", {"archive_mode": "off"}, init=False)
    try:
        backrest = PgBackRest(workdir, source, stanza="bench")
        source.start()
        backrest("stanza-create")
        query(source.port, "CREATE DATABASE bench")
        env = app_environment(source.url("bench"), workdir.path / "media", TASKS_BACKEND="immediate",
                              EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")  # fmt: skip
        manage(env, "migrate", "--noinput")
        step(f"Seeding {ASSESSMENTS} assessments (bench/web_seed.py)")
        started = time.monotonic()
        subprocess.run([sys.executable, "bench/web_seed.py", "seed", str(ASSESSMENTS)], cwd=ROOT, env=env, check=True)
        step(f"Seeded in {time.monotonic() - started:.0f} s")
        (size,) = query(source.port, "SELECT pg_database_size('bench')")[0]
        counts = query(
            source.port,
            "SELECT (SELECT count(*) FROM assessments_assessment), (SELECT count(*) FROM partners_partner), "
            "(SELECT count(*) FROM assessments_answer)",
            dbname="bench",
        )[0]

        step("Full backup")
        started = time.monotonic()
        backrest("backup", "--type=full")
        backup_seconds = time.monotonic() - started

        step(f"{AFTER} more assessments after the backup (WAL to replay)")
        subprocess.run([sys.executable, "bench/web_seed.py", "seed", str(ASSESSMENTS + AFTER)], cwd=ROOT, env=env,
                       check=True)  # fmt: skip
        (target_time,) = query(source.port, "SELECT clock_timestamp()::text")[0]
        # Recovery to a time stops at the first commit past it, and fails if the WAL ends before one.
        time.sleep(0.2)
        query(source.port, "CREATE TABLE after_the_target ()", dbname="bench")
        backrest("check")
        (wal_bytes,) = query(source.port, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")[0]
        source.stop(mode="immediate")

        step("Restore to the target time")
        started = time.monotonic()
        backrest("restore", f"--pg1-path={target.data}", "--type=time", f"--target={target_time}",
                 "--target-action=promote")  # fmt: skip
        copied = time.monotonic() - started
        target.start(timeout=600)
        target.wait_for_promotion(timeout=1200)
        restore_seconds = time.monotonic() - started
        (restored_assessments,) = query(target.port, "SELECT count(*) FROM assessments_assessment", dbname="bench")[0]
        assert restored_assessments == ASSESSMENTS + AFTER, restored_assessments

        print(f"data set: {counts[0]} assessments, {counts[1]:,} partners, {counts[2]:,} answers at the backup")
        print(
            f"database at the backup: {size / 2**20:.0f} MiB; whole cluster's WAL written: {wal_bytes / 2**20:.0f} MiB"
        )
        print(f"repository (lz4): {folder_mb(workdir.path / 'repo'):.0f} MiB")
        print(f"full backup: {backup_seconds:.1f} s")
        print(f"restore: {copied:.1f} s to copy the backup, {restore_seconds:.1f} s until the restored cluster takes "
              f"writes (replaying {AFTER} assessments' WAL)")  # fmt: skip
    finally:
        target.stop()
        source.stop(mode="immediate")
        workdir.remove()


if __name__ == "__main__":
    main()
