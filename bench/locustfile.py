"""Locust clients for bench/web_load.py. BENCH_PAGE picks the one page every client requests, so each run
measures one page; each client is its own bench person, signed in beforehand."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from locust import HttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from form_fields import section_form_fields

PAGE = os.environ["BENCH_PAGE"]
URLS = {key: value for key, value in (item.split("=", 1) for item in os.environ["BENCH_URLS"].split(";"))}
ROLE = "manager" if PAGE == "dashboard (manager)" else "officer"
SESSIONS = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text())
_next_index = iter(range(10_000))


class Visitor(HttpUser):
    wait_time = constant(0)  # closed loop: each client sends its next request as soon as the last is answered

    def on_start(self) -> None:
        self.index = next(_next_index)
        # Clients arrive signed in (web_seed.py sessions): sign-in itself is slow on purpose and not measured.
        self.client.cookies.set("sessionid", SESSIONS[f"{ROLE}{self.index}@bench.example"])
        # Each client edits its own assessment, as officers do; the URLs name the first one's id as {id}.
        self.url = URLS[PAGE.replace(" POST", "")].replace("{id}", str(int(URLS["first_id"]) + self.index))
        if PAGE == "step POST":
            page = self.client.get(self.url, name="(form)")
            self.form = {**section_form_fields(page.text), "action": "later"}

    @task
    def visit(self) -> None:
        if PAGE == "step POST":
            with self.client.post(self.url, self.form, name=PAGE, allow_redirects=False, catch_response=True) as r:
                if r.status_code != 302:
                    r.failure(f"expected a redirect after saving, got {r.status_code}")
            # A browser follows the redirect, and the page it lands on shows "Your answers are saved", which
            # empties the message queue (a cookie). Locust does not follow it, so without this every client's
            # queue would grow by one message per save and each later save would decode and re-sign all of them.
            self.client.cookies.set("messages", None)
        else:
            with self.client.get(self.url, name=PAGE, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")


@events.quitting.add_listener
def _fail_on_errors(environment, **kwargs) -> None:
    if environment.stats.total.fail_ratio > 0:
        environment.process_exit_code = 1
