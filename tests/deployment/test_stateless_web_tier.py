"""The web tier keeps no state of its own: two gunicorn nodes on one PostgreSQL, behind nginx, serve one user
as if they were one. Each request names the node it must reach (nginx routes on an X-Node header and says in
X-Served-By which one answered), and the steps alternate between them:

- a sign-in made on one node is valid on the other (sessions in PostgreSQL);
- a lockout made on one node holds on the other (django-axes' attempts in PostgreSQL);
- a two-factor code used on one node is refused on the other (django-otp's last used step in PostgreSQL);
- a render queued through one node is finished by the worker and downloaded through the other (the queue in
  PostgreSQL, files in shared storage);
- a save conflict is detected across nodes (answer versions in PostgreSQL).

The nodes and the worker reach PostgreSQL as production does, through PgBouncer in transaction pooling with
fewer server sessions than clients (one), so every transaction of every process may run on a session another
process used just before; a test reads PgBouncer's own figures to show they did.

docs/deployment.md points here. Needs nginx and PgBouncer (`make test` installs nginx-light and pgbouncer from
Debian when missing).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.assessments.models import Answer
from duediligence.reports.models import JobStatus, RenderJob
from tests.conftest import PASSWORD
from tests.deployment.infrastructure import PgBouncer, Processes, Workdir, missing

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("deployment")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise AssertionError(f"{url} exited: {log.read_text()[-2000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer: {log.read_text()[-2000:]}")


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream node_a {{ server 127.0.0.1:{a}; }}
  upstream node_b {{ server 127.0.0.1:{b}; }}
  upstream both {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
  map $http_x_node $pool {{ a node_a; b node_b; default both; }}
  server {{
    listen 127.0.0.1:{front};
    location / {{
      proxy_pass http://$pool;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      add_header X-Served-By $upstream_addr always;
    }}
  }}
}}
"""


@pytest.fixture
def web_tier(tmp_path, django_user_model, officer, manager):
    """(front URL, {node name: its address}, the environment the nodes run with); stopped afterwards."""
    # The nodes run the production hashers; the tests' fast one is not among them. A PBKDF2 hash with few
    # iterations verifies there (the iterations are part of the hash) and keeps the test quick.
    django_user_model.objects.update(password=PBKDF2PasswordHasher().encode(PASSWORD, "statelesssalt", iterations=1000))
    if not os.path.exists(NGINX):
        pytest.fail("nginx is needed for this test: apt-get install nginx-light (make test installs it)")
    if missing("pgbouncer"):
        pytest.fail("PgBouncer is needed for this test: apt-get install pgbouncer (make test installs it)")
    database = connection.settings_dict
    workdir, pooler_processes = Workdir("pgbouncer"), Processes()
    pooler = PgBouncer(
        workdir,
        pooler_processes,
        database["HOST"] or "127.0.0.1",
        int(database["PORT"] or 5432),
        user=database["USER"],
        password=database["PASSWORD"] or "",
        pool_size=1,
    )
    env = {
        **os.environ,
        "DATABASE_URL": pooler.url(quote(database["NAME"]), login=quote(database["USER"])),
        "DATABASE_TRANSACTION_POOLING": "true",
        "DEBUG": "false",
        "SECRET_KEY": "stateless-test-secret-shared-by-both-nodes-0123456789",
        "SIGNING_KEY_SECRET": "stateless-test-signing-secret-shared-by-both-nodes",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(tmp_path / "shared-media"),
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    ports = {"a": free_port(), "b": free_port()}
    processes = []
    try:
        for node, port in ports.items():
            log = tmp_path / f"node-{node}.log"
            gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "duediligence.wsgi", "-w", "1"]
            process = subprocess.Popen(
                [*gunicorn, "-b", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
        front = free_port()
        conf = tmp_path / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp_path, a=ports["a"], b=ports["b"], front=front))
        log = tmp_path / "nginx-error.log"
        balancer = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=log.open("w"))
        processes.append(balancer)
        wait_for(f"http://127.0.0.1:{front}/healthz", balancer, log)
        yield f"http://127.0.0.1:{front}", {node: f"127.0.0.1:{port}" for node, port in ports.items()}, env, pooler
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        pooler_processes.stop_all()
        workdir.remove()


class Visitor:
    """One browser's cookies; every request goes through the balancer to the node it names."""

    def __init__(self, front: str, nodes: dict[str, str]) -> None:
        self.front, self.nodes, self.session = front, nodes, requests.Session()

    def call(self, method: str, node: str, path: str, data: dict | None = None) -> requests.Response:
        response = self.session.request(
            method, self.front + path, data=data, headers={"X-Node": node}, allow_redirects=False, timeout=60
        )
        assert response.headers["X-Served-By"] == self.nodes[node], "the balancer sent it elsewhere"
        return response

    def form(self, node: str, path: str) -> tuple[str, str]:
        page = self.call("GET", node, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {path} ({page.status_code})"
        return token.group(1), page.text

    def post(self, node: str, path: str, data: dict, form_path: str | None = None) -> requests.Response:
        token, _ = self.form(node, form_path or path)
        return self.call("POST", node, path, {"csrfmiddlewaretoken": token, **data})

    def sign_in(self, node: str, email: str, password: str = PASSWORD) -> requests.Response:
        return self.post(node, "/accounts/login/", {"username": email, "password": password})


def test_a_sign_in_on_one_node_is_valid_on_the_other(web_tier, officer):
    front, nodes, _, _ = web_tier
    visitor = Visitor(front, nodes)
    assert visitor.call("GET", "b", "/").status_code == 302  # to the login page
    assert visitor.sign_in("a", officer.email).status_code == 302
    home = visitor.call("GET", "b", "/")
    assert home.status_code == 200 and 'action="/accounts/logout/"' in home.text
    token = visitor.session.cookies["csrftoken"]
    assert visitor.call("POST", "a", "/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert visitor.call("GET", "b", "/").status_code == 302, "signed out everywhere"


def test_a_lockout_made_on_one_node_holds_on_the_other(web_tier, officer):
    front, nodes, _, _ = web_tier
    visitor = Visitor(front, nodes)
    limit = settings.AXES_FAILURE_LIMIT
    failures = [visitor.sign_in("ab"[attempt % 2], officer.email, "wrong password") for attempt in range(limit)]
    # The failures alternate between the nodes; the last one, whichever node counts it, makes the lockout.
    assert [response.status_code for response in failures] == [200] * (limit - 1) + [429]
    for node in "ab":
        refused = visitor.sign_in(node, officer.email)  # the right password, refused on both nodes
        assert refused.status_code == 429 and "Sign-in paused" in refused.text
    assert visitor.call("GET", "a", "/").status_code == 302


def test_a_two_factor_code_used_on_one_node_is_refused_on_the_other(web_tier, manager):
    front, nodes, _, _ = web_tier
    key = b"stateless-web-tier-key!!"
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True, key=key.hex())
    code = f"{totp(key):06d}"
    first = Visitor(front, nodes)
    first.sign_in("a", manager.email)
    verified = first.post("a", "/security/two-factor/verify/", {"code": code})
    assert verified.status_code == 302 and first.call("GET", "b", "/").status_code == 200
    second = Visitor(front, nodes)
    second.sign_in("b", manager.email)
    replayed = second.post("b", "/security/two-factor/verify/", {"code": code})
    assert replayed.status_code == 200 and "code" in replayed.text.lower()
    assert second.call("GET", "a", "/").status_code == 302, "still asked for the second step"


def test_a_render_queued_on_one_node_is_downloaded_through_the_other(web_tier, manager, assessment):
    front, nodes, env, _ = web_tier
    key = b"stateless-web-tier-key!!"
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True, key=key.hex())
    visitor = Visitor(front, nodes)
    visitor.sign_in("a", manager.email)
    visitor.post("a", "/security/two-factor/verify/", {"code": f"{totp(key):06d}"})
    report = f"/assessments/{assessment.pk}/report/"
    queued = visitor.post("a", f"{report}public/pdf/", {}, form_path=report)
    assert queued.status_code == 302
    job = RenderJob.objects.get()
    assert job.status == JobStatus.QUEUED
    worker = subprocess.run(
        [sys.executable, "manage.py", "render_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stdout + worker.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    pdf = visitor.call("GET", "b", f"{report}jobs/{job.pk}/download/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_a_save_conflict_is_detected_across_nodes(web_tier, officer, assessment):
    front, nodes, _, _ = web_tier
    section = f"/assessments/{assessment.pk}/steps/1/context/"
    first, second = Visitor(front, nodes), Visitor(front, nodes)
    first.sign_in("a", officer.email)
    second.sign_in("b", officer.email)
    first_token, _ = first.form("a", section)
    second_token, _ = second.form("b", section)  # both read version 0
    saved = first.call("POST", "a", section, {"csrfmiddlewaretoken": first_token, "operates_in_region": "yes",
                                              "version__operates_in_region": "0", "action": "later"})  # fmt: skip
    assert saved.status_code == 302
    stale = second.call("POST", "b", section, {"csrfmiddlewaretoken": second_token, "operates_in_region": "no",
                                               "version__operates_in_region": "0", "action": "later"})  # fmt: skip
    assert stale.status_code == 409 and 'value="no"' in stale.text, "refused, and what they typed is kept"
    assert Answer.objects.get(question__key="operates_in_region").value == "yes"


def test_the_nodes_and_the_worker_share_pgbouncers_server_session(web_tier, officer):
    front, nodes, env, pooler = web_tier
    visitor = Visitor(front, nodes)
    visitor.sign_in("a", officer.email)
    assert visitor.call("GET", "b", "/").status_code == 200
    worker = subprocess.run(
        [sys.executable, "manage.py", "render_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stdout + worker.stderr
    (pool,) = [pool for pool in pooler.show("POOLS") if pool["database"] == connection.settings_dict["NAME"]]
    assert pool["pool_mode"] == "transaction"
    (stats,) = [stats for stats in pooler.show("STATS") if stats["database"] == connection.settings_dict["NAME"]]
    servers = [server for server in pooler.show("SERVERS") if server["database"] == connection.settings_dict["NAME"]]
    assert len(servers) == 1, "one server session for both nodes and the worker"
    assert stats["total_xact_count"] > 10, stats
