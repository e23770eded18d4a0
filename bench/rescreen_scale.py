"""Benchmark: a list replaced under 1,000,000 partners of live assessments, screened again in batches.

Run with `make bench-rescreen`. In a throwaway database: 100 organisations, each with one assessment open for
editing and 10,000 partners (the first organisation's names generated as in partners_import.py, the others'
copied from them with a number added, so every name is its own string to read), and a list of 2,000 entities.
The list is then replaced by its next edition (40 entities renamed, 200 added) with `--background`, and two
`rescreen_after_import` processes (two cores) do the batches. Midway, one of them is killed and started again,
as a crashed worker would be, to show the run resumes. Meanwhile an officer's save (the assessment locked for
editing, one partner changed) is timed every 50 ms on another connection: no batch may hold it up for more than
a second. Prints the wall-clock time of the edition, of the batches, the slowest save, and the batches done.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

from common import ROOT, in_throwaway_database
from partners_import import ENTITIES, company

ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "100"))
PER_ORGANISATION = int(os.environ.get("BENCH_PER_ORGANISATION", "10000"))
WORKERS = 2


def main() -> None:
    in_throwaway_database(run)


def database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


def seed(rng: random.Random, tmp: Path) -> list[tuple[int, int]]:
    """The list's first edition, the organisations and their partners; returns (assessment, a partner) pairs."""
    from common import bench_assessment
    from django.core.management import call_command
    from django.db import connection

    from duediligence.partners.models import Partner

    listed = [company(rng) for _ in range(ENTITIES)]
    first = tmp / "rescreen-entities.csv"
    first.write_text(
        "name,aliases,list,category,source\n"
        + "".join(f'"{name}","{local}",UFLPA,company,bench\n' for name, local in listed),
        encoding="utf-8",
    )
    call_command("import_screening_list", str(first), "--slug", "bench", "--name", "Bench list", stdout=StringIO())
    base, _ = bench_assessment("Bench 0", "bench-0")
    partners: dict[str, Partner] = {}
    while len(partners) < PER_ORGANISATION:
        name, local = listed[rng.randrange(ENTITIES)] if len(partners) % 100 == 0 else company(rng)
        partner = Partner(assessment=base, name=name, name_local=local, category="supplier", country="China")
        partner.refresh_keys()
        partners.setdefault(partner.name_norm, partner)  # one partner per name, as the import requires
    Partner.objects.bulk_create(list(partners.values()), batch_size=5000)
    columns = (
        "category, city, region, country, relationship, products, disclosed, withheld_reason, contact_email, owner, "
        "local_norm, location_norm, match_tokens, name_keys"
    )
    assessments = [base.pk]
    for number in range(1, ORGANISATIONS):
        assessment, _ = bench_assessment(f"Bench {number}", f"bench-{number}")
        assessments.append(assessment.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO partners_partner (uid, assessment_id, name, name_local, name_norm, created_at, updated_at,
                                              {columns})
                SELECT gen_random_uuid(), %s, name || ' ' || %s, name_local, name_norm || ' ' || %s, now(), now(),
                       {columns}
                FROM partners_partner WHERE assessment_id = %s
                """,
                [assessment.pk, number, number, base.pk],
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE partners_partner")
    probes = [
        (assessment_id, Partner.objects.filter(assessment_id=assessment_id).values_list("pk", flat=True).first())
        for assessment_id in assessments
    ]
    edition = tmp / "rescreen-entities-next.csv"
    lines = ["name,aliases,list,category,source"]
    for index, (name, local) in enumerate(listed):
        renamed = index % 50 == 0
        lines.append(
            f'"{name} (renamed)","{name}; {local}",UFLPA,company,bench'
            if renamed
            else f'"{name}","{local}",UFLPA,company,bench'
        )
    for index in range(200):
        name, local = company(rng)
        lines.append(f'"{name} added {index}","{local}",UFLPA,company,bench')
    edition.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return probes


def officer_saves(probes: list[tuple[int, int]], stop: threading.Event, waits: list[float]) -> None:
    """An officer saving a partner over and over, as the partner form does: the assessment locked, one row changed."""
    from django.db import connection, transaction

    from duediligence.assessments.models import Assessment
    from duediligence.assessments.services import lock_editable
    from duediligence.partners.models import Partner

    rng = random.Random(7)
    try:
        while not stop.is_set():
            assessment_id, partner_id = rng.choice(probes)
            started = time.perf_counter()
            with transaction.atomic():
                lock_editable(Assessment.objects.get(pk=assessment_id))
                Partner.objects.filter(pk=partner_id).update(city=f"Kashgar {rng.randrange(100)}")
            waits.append(time.perf_counter() - started)
            time.sleep(0.05)
    finally:
        connection.close()


def run() -> None:
    from django.core.management import call_command

    from duediligence.partners.models import ListImport, Partner, ScreeningMatch

    rng = random.Random(20261207)
    tmp = ROOT / "var"
    tmp.mkdir(exist_ok=True)
    started = time.perf_counter()
    probes = seed(rng, tmp)
    seconds = time.perf_counter() - started
    print(f"seeded {Partner.objects.count():,} partners in {ORGANISATIONS} organisations: {seconds:.0f} s")

    started = time.perf_counter()
    call_command(
        "import_screening_list", str(tmp / "rescreen-entities-next.csv"), "--slug", "bench", "--name", "Bench list",
        "--background", stdout=StringIO(),
    )  # fmt: skip
    stored = time.perf_counter() - started
    list_import = ListImport.objects.first()
    batches = list_import.batches.count()
    concerned = sum(list_import.batches.values_list("partners", flat=True))

    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "immediate"}
    command = [sys.executable, str(ROOT / "manage.py"), "rescreen_after_import"]
    stop, waits = threading.Event(), []
    prober = threading.Thread(target=officer_saves, args=(probes, stop, waits))
    prober.start()
    started = time.perf_counter()
    quiet = {"env": env, "cwd": ROOT, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    workers = [subprocess.Popen(command, **quiet) for _ in range(WORKERS)]
    # A crash midway: the first worker killed once a third of the batches are done, then started again.
    while list_import.batches.filter(done_at__isnull=False).count() < batches // 3:
        time.sleep(0.5)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait()
    killed_at = list_import.batches.filter(done_at__isnull=False).count()
    workers[0] = subprocess.Popen(command, **quiet)
    for worker in workers:
        worker.wait()
    seconds = time.perf_counter() - started
    stop.set()
    prober.join()
    list_import.refresh_from_db()
    undone = list_import.batches.filter(done_at=None).count()
    found = ScreeningMatch.objects.filter(found_in=list_import).count()
    waits.sort()
    print(
        f"edition stored (2,200 entities; {concerned:,} partners the change can concern, {batches} batches "
        f"planned): {stored:.1f} s"
    )
    print(
        f"of {Partner.objects.count():,} live partners, {concerned:,} screened again by {WORKERS} processes: "
        f"{seconds:.0f} s "
        f"(target: under 600 s); one killed after {killed_at} batches and restarted; {undone} batches left undone; "
        f"screening finished: {list_import.screened_at is not None}; {found:,} new potential matches"
    )
    print(
        f"officer's saves during the run: {len(waits)}; median {waits[len(waits) // 2] * 1000:.0f} ms, "
        f"slowest {waits[-1] * 1000:.0f} ms (target: no wait over 1 s)"
    )


if __name__ == "__main__":
    main()
