"""The restore drill: a backup restored to a point in time into a new cluster, the app started on it, and every
published report still verifying against its stored hash.

pgBackRest (Debian's package) archives every WAL segment of the source cluster (archive_command) and takes a
full backup. Around it, through the app's own services:

    seed, publish assessment 1 (both reports), 5 grievance cases     -> in the full backup
    publish assessment 2, 3 more cases                              -> only in the archived WAL
    the target time is read here
    a case that came after the target, and a mistake: every case's issue overwritten

The source is then stopped at once (the machine is gone) and pgBackRest restores the backup into a new folder,
replaying the archive up to the target time. The app starts on the restored cluster and the drill checks:

- every published report (both revisions) hashes to what is stored, its file and its row; the public PDFs
  verify on the app's own public page (the form anyone can use);
- every grievance case from before the target is there with every column equal, byte for byte, to the row as
  stored before the mistake (the encrypted columns included);
- what came after the target is not: neither the later case nor the mistake.

The figures (backup and restore seconds, database size) are printed; bench/restore.py measures the restore at
the benchmarks' large data set.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import pytest
import requests

from tests.deployment.infrastructure import (
    ROOT,
    Cluster,
    PgBackRest,
    Processes,
    Workdir,
    app_environment,
    manage,
    missing,
    query,
    start_web_node,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("drills")]

CASES_SQL = "SELECT code, to_jsonb(c) FROM grievances_case c ORDER BY id"
REPORTS_SQL = (
    "SELECT a.public_token, a.revision, r.kind, r.pdf, r.pdf_sha256, r.html, r.html_sha256 "
    "FROM reports_publishedreport r JOIN assessments_assessment a ON a.id = r.assessment_id ORDER BY r.id"
)


@dataclass
class Restored:
    port: int
    web: str
    media: Path
    cases_before: dict[str, dict]
    late_case: str
    published: list[str]
    figures: dict


def drill_data(env: dict[str, str], *args: str):
    done = subprocess.run([sys.executable, "tests/deployment/drill_data.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=True)  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def restored(tmp_path_factory) -> Restored:
    absent = missing("pgbackrest")
    if absent:
        pytest.fail("the restore drill needs pgbackrest (make test installs it from Debian)")
    tmp = tmp_path_factory.mktemp("restore")
    workdir, processes = Workdir("restore"), Processes()
    source = Cluster(workdir, "source", {"wal_level": "replica", "max_wal_senders": "3"})
    target = Cluster(workdir, "restored", {"archive_mode": "off"}, init=False)
    try:
        backrest = PgBackRest(workdir, source)
        source.start()
        backrest("stanza-create")
        query(source.port, "CREATE DATABASE drill")
        env = app_environment(source.url("drill"), tmp / "media",
                              EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")  # fmt: skip
        manage(env, "migrate", "--noinput")
        seeded = drill_data(env, "seed")
        published = drill_data(env, "publish", str(seeded["reviewed"]))
        drill_data(env, "cases", "5")

        started = time.monotonic()
        backrest("backup", "--type=full")
        backup_seconds = time.monotonic() - started

        published += drill_data(env, "publish", str(seeded["draft"]))
        drill_data(env, "cases", "3")
        cases_before = {code: row for code, row in query(source.port, CASES_SQL, dbname="drill")}
        time.sleep(0.5)
        (target_time,) = query(source.port, "SELECT clock_timestamp()::text")[0]
        time.sleep(0.5)
        late_case = drill_data(env, "cases", "1")[0]
        query(source.port, "UPDATE grievances_case SET issue = 'overwritten by mistake'", dbname="drill")
        backrest("check")  # switches to a new WAL segment and waits until it is archived
        (size,) = query(source.port, "SELECT pg_database_size('drill')")[0]
        source.stop(mode="immediate")

        started = time.monotonic()
        backrest("restore", f"--pg1-path={target.data}", "--type=time", f"--target={target_time}",
                 "--target-action=promote")  # fmt: skip
        target.start()
        target.wait_for_promotion(timeout=120)
        restore_seconds = time.monotonic() - started

        web = start_web_node(processes, {**env, "DATABASE_URL": target.url("drill")}, tmp / "web.log")
        figures = {
            "database MB": round(size / 2**20, 1),
            "full backup s": round(backup_seconds, 1),
            "restore to the target time s": round(restore_seconds, 1),
            "published reports": len(published),
            "grievance cases before the target": len(cases_before),
        }
        print("\nRestore drill:", json.dumps(figures))
        yield Restored(target.port, web, tmp / "media", cases_before, late_case, published, figures)
    finally:
        processes.stop_all()
        target.stop()
        source.stop(mode="immediate")
        workdir.remove()


def test_every_published_report_verifies_against_its_stored_hash(restored, record_property):
    record_property("restore drill", json.dumps(restored.figures))
    reports = query(restored.port, REPORTS_SQL, dbname="drill")
    assert sorted(row[4] for row in reports) == sorted(restored.published), "every publication, and only those"
    assert len(reports) == 4, "two assessments, each with its public and internal report"
    for token, revision, kind, pdf, pdf_sha256, html, html_sha256 in reports:
        assert sha256((restored.media / pdf).read_bytes()).hexdigest() == pdf_sha256
        assert sha256((restored.media / html).read_bytes()).hexdigest() == html_sha256
        if kind != "public":
            continue
        served = requests.get(f"{restored.web}/r/{token}/{revision}/report.pdf", timeout=30)
        assert served.status_code == 200 and sha256(served.content).hexdigest() == pdf_sha256
        visitor = requests.Session()
        page = visitor.get(f"{restored.web}/r/{token}/", timeout=30)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf, "the public page has no verification form"
        upload = {"pdf": ("report.pdf", served.content, "application/pdf")}
        verdict = visitor.post(f"{restored.web}/r/{token}/", data={"csrfmiddlewaretoken": csrf.group(1)},
                               files=upload, timeout=30)  # fmt: skip
        assert f"This PDF is exactly revision {revision}" in verdict.text


def test_the_grievance_cases_are_there_as_stored(restored):
    after = {code: row for code, row in query(restored.port, CASES_SQL, dbname="drill")}
    assert len(restored.cases_before) == 8
    assert after == restored.cases_before, "every column of every case equal to the row as stored"


def test_nothing_after_the_target_time_is_restored(restored):
    codes = {row[0] for row in query(restored.port, CASES_SQL, dbname="drill")}
    assert restored.late_case not in codes
    assert query(restored.port, "SELECT count(*) FROM grievances_case WHERE issue LIKE 'overwritten%%'",
                 dbname="drill") == [(0,)]  # fmt: skip
