"""PostgreSQL restarts while the worker renders: the job it held ends (failed, saying why) within a minute of
the database's return, the worker carries on, and the next render is done. Against a cluster of the test's own,
which it stops and starts, never the shared server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

from tests.lib.throwaway_postgres import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

QUEUE_A_PREVIEW = """
from duediligence.accounts.models import User
from duediligence.assessments.models import Assessment
from duediligence.reports.tasks import render_job_request
job = render_job_request(
    assessment=Assessment.objects.order_by("pk").first(),
    user=User.objects.get(email="manager@meridian.example"),
    purpose="preview",
    kind="public",
)
print(job.pk)
"""


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def wait_until(condition, what: str, worker: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    """Waits for a state, not for a time: `seconds` only bounds a test that would otherwise hang."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert worker.poll() is None, (
            f"the worker exited ({worker.returncode}) while waiting for {what}:\n" + (log.read_text()[-3000:])
        )
        assert time.monotonic() < deadline, f"no {what}:\n" + log.read_text()[-3000:]
        time.sleep(0.1)


def job_status(cluster: ThrowawayCluster, job_id: int) -> tuple[str, str]:
    try:
        with psycopg2.connect(cluster.url, connect_timeout=2) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT status, error FROM reports_renderjob WHERE id = %s", [job_id])
            return cursor.fetchone()
    except psycopg2.OperationalError:
        return ("unknown", "")


@pytest.fixture
def cluster():
    made = ThrowawayCluster()
    made.start()
    yield made
    made.remove()


def test_a_database_restart_during_a_render_ends_that_job_and_the_worker_renders_the_next(cluster, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage(env, "migrate", "-v0")
    manage(env, "load_questionnaire", "--with-partners")
    manage(env, "seed_demo")
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "tests/reports/held_render_worker.py"), str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        first = int(manage(env, "shell", "-v0", "-c", QUEUE_A_PREVIEW).split()[-1])
        wait_until(lambda: (tmp_path / "held").exists(), "render under way", worker, log)
        cluster.stop()
        cluster.start()
        (tmp_path / "go").touch()
        wait_until(lambda: job_status(cluster, first)[0] in ("done", "failed"), "end of the held job", worker, log)
        # Its render read the assessment on the connection PostgreSQL had closed: it failed, and says why.
        assert job_status(cluster, first) == (
            "failed",
            "The database restarted while this report was rendering; nothing was published. Ask for the PDF again.",
        )
        second = int(manage(env, "shell", "-v0", "-c", QUEUE_A_PREVIEW).split()[-1])
        wait_until(lambda: job_status(cluster, second)[0] == "done", "the next render", worker, log)
        assert worker.poll() is None, "the worker is still running"
    finally:
        worker.terminate()
        worker.wait(timeout=60)
