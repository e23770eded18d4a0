"""Benchmark: the web pages under load, served as in production, against a realistic dataset.

Run with `make bench` (all benchmarks) or `make bench-web` (this one). It
1. makes a throwaway database beside the development one, migrates it and collects the static files;
2. seeds 20 assessments and counts each page's SQL queries, then grows to 200 assessments (60 answers, 500
   partners, 6 risks, an audit and 3 comments each) and counts again: the counts must not grow with the data;
3. serves the app with gunicorn (DEBUG off, WhiteNoise, sync workers) and drives each page with locust in
   headless mode at 1, 8 and 32 concurrent clients (closed loop, no think time), beside /healthz as the
   trivial view that bounds what the server can do;
4. prints the tables that go into bench/README.md and writes them to var/bench/web.json.

Environment: BENCH_SECONDS (per run, default 20), BENCH_WORKERS (gunicorn workers, default 2 per core),
BENCH_ASSESSMENTS (default 200), BENCH_KEEP_DB=1 keeps the database afterwards.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
LEVELS = [1, 8, 32]
PAGES = ["trivial (/healthz)", "overview", "step", "step POST", "partners", "review", "dashboard (manager)"]
SECONDS = int(os.environ.get("BENCH_SECONDS", 20))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
ASSESSMENTS = int(os.environ.get("BENCH_ASSESSMENTS", 200))
SMALL = max(1, ASSESSMENTS // 10)
PORT = 8765


def database_urls() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/duediligence")
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_bench_web"
    return urlunsplit(parts._replace(path=f"/{name}")), urlunsplit(parts._replace(path="/postgres")), name


def admin_sql(admin_url: str, statement: str) -> None:
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def step(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def main() -> None:
    url, admin_url, name = database_urls()
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(OUT / "media"),
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "immediate",
    }
    python = sys.executable

    def manage(*args: str) -> None:
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True)

    step(f"Throwaway database {name}")
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        manage("migrate", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        results: dict = {"machine": machine(), "workers": WORKERS, "seconds": SECONDS, "queries": {}}

        def seed_and_count(size: int) -> None:
            step(f"Seeding to {size} assessments")
            started = time.perf_counter()
            seeder = [python, "bench/web_seed.py"]
            subprocess.run([*seeder, "seed", str(size)], cwd=ROOT, env=env, check=True)
            step(f"Seeded in {time.perf_counter() - started:.0f} s; counting queries")
            done = subprocess.run([*seeder, "queries"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
            results["queries"][size] = json.loads(done.stdout)

        seed_and_count(SMALL)
        seed_and_count(ASSESSMENTS)
        # Fresh statistics, and no autovacuum waking up on the new rows in the middle of a measured run.
        admin_sql(url, "VACUUM ANALYZE")
        step("Where one request's time goes, per page (SQL, templates, the rest; cProfile's hot spots)")
        done = subprocess.run(
            [python, "bench/web_seed.py", "split"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        results["split"] = json.loads(done.stdout)
        urls, first_id = page_templates(python, env)
        done = subprocess.run(
            [python, "bench/web_seed.py", "sessions"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        (OUT / "sessions.json").write_text(done.stdout)

        step(f"gunicorn with {WORKERS} workers on 127.0.0.1:{PORT}")
        server = subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "duediligence.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(WORKERS)],
            cwd=ROOT,
            env=env,
            stderr=open(OUT / "gunicorn.log", "w"),  # noqa: SIM115 (open for the server's lifetime)
        )
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        results["load"] = {}
        for page in PAGES:
            for level in LEVELS:
                step(f"{page}: {level} client{'s' if level > 1 else ''} for {SECONDS} s")
                results["load"].setdefault(page, {})[level] = run_locust(python, env, page, level, urls, first_id)
        (OUT / "web.json").write_text(json.dumps(results, indent=1))
        print(report(results))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not os.environ.get("BENCH_KEEP_DB"):
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def page_templates(python: str, env: dict) -> tuple[dict[str, str], int]:
    """Each page's URL with the assessment id as {id}, so every client can work on its own assessment."""
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); import web_seed, django; django.setup();"
        "from duediligence.assessments.models import Assessment;"
        "first = Assessment.objects.filter(organisation__slug='bench').order_by('pk').first();"
        "print(json.dumps({'first': first.pk, 'urls': {k: u for k, (r, u) in web_seed.page_urls().items()}}))"
    )
    done = subprocess.run([python, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    first = data["first"]
    urls = {name: url.replace(f"/{first}/", "/{id}/", 1) for name, url in data["urls"].items()}
    return urls, first


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer {url}")


def run_locust(python: str, env: dict, page: str, level: int, urls: dict, first_id: int) -> dict:
    prefix = OUT / "locust"
    locust_env = {
        **env,
        "BENCH_PAGE": page,
        "BENCH_SESSIONS": str(OUT / "sessions.json"),
        "BENCH_URLS": ";".join(f"{key}={value}" for key, value in {**urls, "first_id": str(first_id)}.items()),
    }
    command = [
        str(Path(python).parent / "locust"),
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "-u",
        str(level),
        "-r",
        str(level),
        "-t",
        f"{SECONDS}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    done = subprocess.run(command, cwd=ROOT, env=locust_env, capture_output=True, text=True)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        row = next((r for r in csv.DictReader(handle) if r["Name"] == page), None)
    if row is None:
        raise SystemExit(f"{page} at {level} clients: no requests were made\n{done.stderr[-3000:]}")
    if done.returncode != 0 or int(row["Failure Count"]):
        raise SystemExit(f"{page} at {level} clients failed: {row['Failure Count']} failures\n{done.stderr[-2000:]}")
    return {
        "requests": int(row["Request Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    memory = next((line.split()[1] for line in meminfo.splitlines() if line.startswith("MemTotal")), "")
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    memory_text = f", {int(memory) / 1024 / 1024:.0f} GiB" if memory else ""
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}){memory_text}, Python {platform.python_version()}"


def report(results: dict) -> str:
    lines = [
        f"Machine: {results['machine']}; gunicorn {results['workers']} sync workers; {results['seconds']} s per run.",
        "",
    ]
    load = results["load"]
    trivial = {level: load[PAGES[0]][level]["rps"] for level in LEVELS}
    lines.append("| page | clients | requests/s | p50 ms | p95 ms | p99 ms | share of trivial |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- |")
    for page in PAGES:
        for level in LEVELS:
            figures = load[page][level]
            share = figures["rps"] / trivial[level] if trivial[level] else 0
            lines.append(
                f"| {page} | {level} | {figures['rps']:.0f} | {figures['p50']:.0f} | {figures['p95']:.0f} | "
                f"{figures['p99']:.0f} | {share:.0%} |"
            )
    lines += [
        "",
        f"| page | queries at {SMALL} assessments | queries at {ASSESSMENTS} assessments |",
        "| --- | --- | --- |",
    ]
    small, large = results["queries"][SMALL], results["queries"][ASSESSMENTS]
    for page in large:
        lines.append(f"| {page} | {small[page]} | {large[page]} |")
    lines += ["", "Targets:"]
    for page in PAGES[1:]:
        share = load[page][8]["rps"] / trivial[8]
        p95 = load[page][8]["p95"]
        # Issue 22: working pages at least 40% of the trivial view at 8 clients; the dashboard 25% and p95 150 ms.
        wanted = 0.25 if page.startswith("dashboard") else 0.4
        verdict = "met" if share >= wanted else "NOT met"
        line = f"- {page}: {share:.0%} of trivial at 8 clients ({verdict}, target {wanted:.0%})"
        if page.startswith("dashboard"):
            line += f"; p95 {p95:.0f} ms at 8 clients ({'met' if p95 < 150 else 'NOT met'}, target 150 ms)"
        lines.append(line)
    lines += [
        "",
        "One request in process (DEBUG off, median of 20): where the server time goes.",
        "",
        "| page | total ms | SQL ms | templates ms | the rest ms | our hot spots (cProfile, cumulative) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for page, split in results["split"].items():
        lines.append(
            f"| {page} | {split['total_ms']:.1f} | {split['sql_ms']:.1f} | {split['template_ms']:.1f} | "
            f"{split['rest_ms']:.1f} | {'; '.join(split['hot'])} |"
        )
    grown = [page for page in large if large[page] != small[page]]
    lines.append(f"- queries constant with the data: {'yes' if not grown else 'NO for ' + ', '.join(grown)}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
