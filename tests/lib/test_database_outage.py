"""The database goes away under a running server and comes back: users see a 503 page, then the app again.

The server is gunicorn as in production (DEBUG off, one worker keeping its connection open between requests),
pointed at a PostgreSQL cluster of the test's own, which the test stops and restarts.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.lib.throwaway_postgres import ThrowawayCluster, free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def served_on_throwaway_database():
    cluster = ThrowawayCluster()
    cluster.start()
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "DEBUG": "false",
        "SECRET_KEY": "outage-test-secret-key-not-for-production",
        "SIGNING_KEY_SECRET": "outage-test-signing-secret",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DATABASE_CONN_MAX_AGE": "600",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    bin_dir = os.path.dirname(sys.executable)
    server = subprocess.Popen(
        [
            os.path.join(bin_dir, "gunicorn"),
            "-c",
            "duediligence/gunicorn_conf.py",
            "duediligence.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield base, cluster
    finally:
        server.terminate()
        server.wait(timeout=30)
        cluster.remove()


@pytest.mark.slow
def test_a_lost_database_gives_a_clear_503_and_the_app_recovers_by_itself(served_on_throwaway_database):
    base, cluster = served_on_throwaway_database
    # A page that reads the database: a public report link that does not exist.
    page = base + "/r/no-such-published-report/"

    status, headers, _ = fetch(page)
    assert status == 404
    assert "Server" not in headers, "production answers carry no server banner"
    assert fetch(base + "/healthz")[0] == 200

    cluster.stop()
    status, headers, body = fetch(page)
    assert status == 503
    assert "duediligence is temporarily unavailable" in body
    assert "that last change was <strong>not</strong> saved" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert headers["Retry-After"] == "30"
    assert fetch(base + "/healthz")[0] == 503

    cluster.start()
    assert fetch(page)[0] == 404
    assert fetch(base + "/healthz")[0] == 200
