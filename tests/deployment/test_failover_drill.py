"""The failover drill: the database machine dies under load, the synchronous standby takes over, and nothing the
app confirmed is lost.

What runs, all on this machine (tests/deployment/infrastructure.py):

    two gunicorn nodes + the report worker
      -> PgBouncer (transaction pooling; DATABASE_TRANSACTION_POOLING=true)
        -> HAProxy (passes only the node whose Patroni answers /primary)
          -> node1: primary   --synchronous streaming-->   node2: standby
             (Patroni with etcd: synchronous_mode, so synchronous_standby_names always names the standby and
             a commit returns only once the standby has it; failover only to that standby)

The drill runs once for the module (`drill`); each test below checks one of its promises. Under a steady
load of answer saves (alternating between the nodes, each a new value), an auditor's approval and a
manager's publication (rendered by the worker), node1 is killed with SIGKILL, Patroni and PostgreSQL at once,
as when its machine dies. Then:

- every save the app confirmed (a redirect after the POST), the approval it confirmed and the published
  reports' hashes it showed on the public page are on the new primary, read there directly: writes lost = 0;
- the seconds from the kill to the first confirmed save after it (the unavailability users see) are under 30;
- both web nodes confirm saves again, without a restart;
- the worker that was running before the kill renders a report requested after it, without a restart.

The figures are printed (`pytest -s` shows them; docs/deployment.md records the last run). The leader key's
time to live (TTL, 10 s) bounds how long a dead primary keeps its place.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

import pytest
import requests
from django_otp.oath import totp

from tests.deployment import drill_data
from tests.deployment.infrastructure import (
    ROOT,
    Etcd,
    HAProxy,
    PatroniNode,
    PgBouncer,
    Processes,
    Workdir,
    app_environment,
    kill_tree,
    manage,
    missing,
    postmaster_pid,
    query,
    start_web_node,
    start_worker,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("drills")]

TTL = 10
UNAVAILABILITY_TARGET = 30
RECOVERY_LIMIT = 90


@dataclass
class Save:
    node: int
    value: str
    started: float
    finished: float
    confirmed: bool


@dataclass
class Outcome:
    saves: list[Save]
    killed_at: float
    approved: bool
    published: dict[str, str]  # kind: the PDF's SHA-256 as the app showed it
    new_primary: PatroniNode
    seeded: dict
    media: Path
    worker_rendered: str
    worker_pid_unchanged: bool
    figures: dict = field(default_factory=dict)


class Person:
    """One signed-in browser (cookies hold for every node: they share the sessions in PostgreSQL)."""

    def __init__(self, node: str, email: str) -> None:
        self.session = requests.Session()
        self.post(node, "/accounts/login/", {"username": email, "password": drill_data.PASSWORD})

    def token(self, node: str, path: str) -> tuple[str, str]:
        page = self.session.get(node + path, timeout=30)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, f"no form on {path} ({page.status_code})"
        return found.group(1), page.text

    def post(self, node: str, path: str, data: dict, form_path: str | None = None, **kwargs) -> requests.Response:
        token, _ = self.token(node, form_path or path)
        return self.session.post(node + path, data={"csrfmiddlewaretoken": token, **data}, timeout=30, **kwargs)


class Saver(threading.Thread):
    """Saves a new value of one answer again and again, alternating between the nodes, and records each try."""

    def __init__(self, nodes: list[str], officer: Person, draft: int) -> None:
        super().__init__(daemon=True)
        self.nodes, self.officer = nodes, officer
        self.path = f"/assessments/{draft}/steps/1/context/"
        self.saves: list[Save] = []
        self.errors: list[str] = []  # what a try that was not a refusal or a lost connection ran into
        self.stopping = threading.Event()

    def run(self) -> None:
        count = 0
        while not self.stopping.is_set():
            node = count % len(self.nodes)
            value = f"Save {count}: UN OHCHR assessment of 31 August 2022, revision {count}."
            started = time.monotonic()
            try:
                confirmed = self.save(self.nodes[node], value)
            except requests.RequestException:
                confirmed = False
            except Exception as error:  # recorded for the failure message; the load goes on
                self.errors.append(repr(error))
                confirmed = False
            self.saves.append(Save(node, value, started, time.monotonic(), confirmed))
            if not confirmed:
                time.sleep(0.2)
            count += 1

    def save(self, node: str, value: str) -> bool:
        page = self.officer.session.get(node + self.path, timeout=10)
        if page.status_code != 200:
            return False
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        version = re.search(rf'name="version__{drill_data.SAVED_QUESTION}" value="(\d+)"', page.text)
        assert token and version, "the section page lost its form"
        data = {"csrfmiddlewaretoken": token.group(1), drill_data.SAVED_QUESTION: value,
                f"version__{drill_data.SAVED_QUESTION}": version.group(1), "action": "later"}  # fmt: skip
        saved = self.officer.session.post(node + self.path, data=data, allow_redirects=False, timeout=10)
        return saved.status_code == 302 and "/accounts/login/" not in saved.headers.get("Location", "")

    def confirmed_after(self, moment: float, node: int | None = None) -> list[Save]:
        return [s for s in self.saves if s.confirmed and s.started > moment and node in (None, s.node)]


def render_job_finished(person: Person, node: str, assessment: int, job_url: str) -> str:
    job = re.search(r"/jobs/(\d+)/", job_url)
    assert job, job_url
    status = f"{node}/assessments/{assessment}/report/jobs/{job.group(1)}/status/"
    return wait_until(
        f"the render job {job.group(1)} finished",
        lambda: (state := person.session.get(status, timeout=10).json()["status"]) in ("done", "failed") and state,
        timeout=RECOVERY_LIMIT,
        interval=0.5,
    )


def publish(nodes: list[str], seeded: dict) -> tuple[Person, dict[str, str]]:
    """The manager signs in with two factors and publishes; the worker renders; the public page shows the hash.
    Returns the manager, still signed in (a code is accepted once: a second sign-in within 30 s would fail)."""
    manager = Person(nodes[1], seeded["manager"])
    verified = manager.post(nodes[1], "/security/two-factor/verify/", {"code": f"{totp(drill_data.MANAGER_KEY):06d}"},
                            allow_redirects=False)  # fmt: skip
    assert verified.status_code == 302, "the manager's second step failed"
    report = f"/assessments/{seeded['reviewed']}/report/"
    queued = manager.post(nodes[1], f"{report}publish/", {
        "variant": "ungprf", "signoff_name": "Drill Manager", "signoff_role": "Chief Executive Officer",
        "signoff_date": "2026-12-01", "confirm": "on",
    }, allow_redirects=False)  # fmt: skip
    assert queued.status_code == 302, f"publication not queued: {queued.status_code}"
    assert render_job_finished(manager, nodes[1], seeded["reviewed"], queued.headers["Location"]) == "done"
    public = requests.get(f"{nodes[0]}/r/{seeded['token']}/", timeout=30)
    shown = re.search(r"SHA-256 of the PDF: <code>([0-9a-f]{64})</code>", public.text)
    assert shown, "the public page shows no hash"
    return manager, {"public": shown.group(1)}


@pytest.fixture(scope="module")
def drill(tmp_path_factory) -> Outcome:
    absent = missing("patroni", "etcd", "haproxy", "pgbouncer")
    if absent:
        pytest.fail(f"the failover drill needs {', '.join(absent)} (make test installs them from Debian)")
    tmp = tmp_path_factory.mktemp("failover")
    workdir, processes = Workdir("failover"), Processes()
    nodes: list[PatroniNode] = []
    try:
        started = time.monotonic()
        etcd = Etcd(workdir, processes)
        nodes.append(PatroniNode(workdir, processes, "node1", etcd, TTL))
        wait_until("node1 bootstraps and leads", lambda: nodes[0].role() == "primary", timeout=90)
        nodes.append(PatroniNode(workdir, processes, "node2", etcd, TTL))
        wait_until(
            "node2 streams as the synchronous standby",
            lambda: query(nodes[0].port, "SELECT sync_state FROM pg_stat_replication") == [("sync",)],
            timeout=90,
        )
        haproxy = HAProxy(workdir, processes, nodes)
        query(haproxy.port, "CREATE DATABASE drill")
        pooler = PgBouncer(workdir, processes, "127.0.0.1", haproxy.port, pool_size=4, query_wait=30)
        env = app_environment(
            pooler.url("drill"),
            tmp / "media",
            DATABASE_TRANSACTION_POOLING="true",
            DATABASE_CONN_MAX_AGE="0",
            DATABASE_CONNECT_TIMEOUT="3",
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        )
        manage(env, "migrate", "--noinput")
        seeded = json.loads(subprocess.run(
            [sys.executable, "tests/deployment/drill_data.py", "seed"], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=300, check=True,
        ).stdout.splitlines()[-1])  # fmt: skip
        web = [start_web_node(processes, env, tmp / f"node-{name}.log") for name in "ab"]
        worker = start_worker(processes, env, tmp / "worker.log")
        figures = {"set-up s": round(time.monotonic() - started, 1)}

        officer = Person(web[0], seeded["officer"])
        saver = Saver(web, officer, seeded["draft"])
        saver.start()
        auditor = Person(web[1], seeded["auditor"])
        review = f"/assessments/{seeded['reviewed']}/review/"
        approval = auditor.post(web[1], f"{review}approve/", {"note": "Checked on site."}, form_path=review)
        approved = "The assessment is now approved." in approval.text
        manager, published = publish(web, seeded)
        wait_until("saves confirmed before the kill", lambda: len(saver.confirmed_after(0)) >= 10, timeout=60)

        replication = query(nodes[0].port, "SELECT application_name, sync_state FROM pg_stat_replication")
        assert replication == [("node2", "sync")], f"node2 is not a synchronous standby: {replication}"
        killed_at = time.monotonic()
        nodes[0].die()
        try:
            wait_until(
                "saves confirmed through both nodes after the kill",
                lambda: all(len(saver.confirmed_after(killed_at, node)) >= 3 for node in (0, 1)),
                timeout=RECOVERY_LIMIT,
            )
        except AssertionError as error:
            raise AssertionError(f"{error}; the saves ran into {saver.errors[-3:]}") from None
        new_primary = wait_until("a new primary", lambda: next((n for n in nodes if n.role() == "primary"), None))

        # The worker that ran before the kill renders a report asked for after it.
        report = f"/assessments/{seeded['reviewed']}/report/"
        queued = manager.post(web[0], f"{report}internal/pdf/", {}, form_path=report, allow_redirects=False)
        assert "/jobs/" in queued.headers.get("Location", ""), f"no render queued: {queued.headers}"
        try:
            rendered = render_job_finished(manager, web[0], seeded["reviewed"], queued.headers.get("Location", ""))
        except AssertionError as error:
            rendered = f"not finished: {error}"
        worker_alive = worker.poll() is None
        saver.stopping.set()
        saver.join(timeout=30)
        outcome = Outcome(
            saves=saver.saves,
            killed_at=killed_at,
            approved=approved,
            published=published,
            new_primary=new_primary,
            seeded=seeded,
            media=tmp / "media",
            worker_rendered=rendered,
            worker_pid_unchanged=worker_alive,
            figures=figures,
        )
        outcome.figures.update(measure(outcome))
        print("\nFailover drill:", json.dumps(outcome.figures))
        yield outcome
    finally:
        processes.stop_all()
        for node in nodes:
            leftover = postmaster_pid(node.data)
            if leftover:
                kill_tree(leftover)
        workdir.remove()


def on_new_primary(outcome: Outcome, sql: str, params: tuple = ()) -> list[tuple]:
    return query(outcome.new_primary.port, sql, params, dbname="drill")


def lost_saves(outcome: Outcome) -> list[str]:
    kept = {
        row[0]
        for row in on_new_primary(
            outcome,
            "SELECT change.new_value #>> '{}' FROM assessments_answerchange change "
            "JOIN questionnaires_question question ON question.id = change.question_id "
            "WHERE change.assessment_id = %s AND question.key = %s",
            (outcome.seeded["draft"], drill_data.SAVED_QUESTION),
        )
    }
    return [save.value for save in outcome.saves if save.confirmed and save.value not in kept]


def measure(outcome: Outcome) -> dict:
    after = [s for s in outcome.saves if s.confirmed and s.started > outcome.killed_at]
    failed = [s for s in outcome.saves if not s.confirmed and s.finished > outcome.killed_at]
    return {
        "unavailability s": round(after[0].finished - outcome.killed_at, 1) if after else None,
        "saves confirmed": sum(s.confirmed for s in outcome.saves),
        "saves refused during the failover": len(failed),
        "writes lost": len(lost_saves(outcome))
        + (0 if approved_on_new_primary(outcome) or not outcome.approved else 1)
        + len(unpublished(outcome)),
        "new primary": outcome.new_primary.name,
    }


def approved_on_new_primary(outcome: Outcome) -> bool:
    return bool(
        on_new_primary(
            outcome,
            "SELECT 1 FROM assessments_transition WHERE assessment_id = %s AND to_status = 'approved'",
            (outcome.seeded["reviewed"],),
        )
    )


def unpublished(outcome: Outcome) -> list[str]:
    """The published hashes the app showed that the new primary does not hold, or whose stored file differs."""
    stored = dict(
        on_new_primary(
            outcome,
            "SELECT pdf_sha256, pdf FROM reports_publishedreport WHERE assessment_id = %s",
            (outcome.seeded["reviewed"],),
        )
    )
    return [
        digest
        for digest in outcome.published.values()
        if digest not in stored or sha256((outcome.media / stored[digest]).read_bytes()).hexdigest() != digest
    ]


def test_every_save_the_app_confirmed_is_on_the_new_primary(drill):
    assert len([s for s in drill.saves if s.confirmed]) >= 16
    assert lost_saves(drill) == []


def test_the_approval_and_the_publication_are_on_the_new_primary(drill):
    assert drill.approved, "the auditor's approval was not confirmed"
    assert approved_on_new_primary(drill)
    assert drill.published and unpublished(drill) == []
    assert drill.figures["writes lost"] == 0


def test_the_database_was_unavailable_for_less_than_30_seconds(drill, record_property):
    record_property("failover drill", json.dumps(drill.figures))
    assert drill.figures["unavailability s"] is not None
    assert drill.figures["unavailability s"] < UNAVAILABILITY_TARGET, drill.figures


def test_both_web_nodes_recover_without_a_restart(drill):
    for node in (0, 1):
        assert [s for s in drill.saves if s.confirmed and s.started > drill.killed_at and s.node == node]


def test_the_worker_recovers_without_a_restart(drill):
    """The worker process started before the kill is still running and rendered a report requested after it."""
    assert drill.worker_pid_unchanged, "the worker process exited during the failover"
    assert drill.worker_rendered == "done", drill.worker_rendered
