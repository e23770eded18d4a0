"""Benchmark: render the demo assessment's reports and a large one, with time and peak memory of each.

The large assessment has 2,000 partners, 100 risks and 30 audits with findings. Each render runs in a fresh
child process, so its peak resident memory (ru_maxrss) is its own. Run with `make bench-reports`.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

from common import bench_risks  # noqa: E402  (bench/ is the script's folder, on the path)

WORKER_RENDERS = 5


def plain_table_html() -> str:
    """The yardstick: a plain 2,000-row table in the reports' own stylesheet and fonts, nothing else."""
    from duediligence.reports.render import stylesheet_element

    rows = "".join(
        f"<tr><td>Partner {n:04} Trading Co. <span lang='zh'>伙伴{n:04}贸易有限公司</span></td><td>Supplier</td>"
        f"<td>Kashgar, Xinjiang, China</td><td>Supplier of components</td><td>No listed match</td></tr>"
        for n in range(2000)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Plain table</title>"
        f"{stylesheet_element()}</head><body><table class='data'><thead><tr><th>Name</th><th>Category</th>"
        f"<th>Location</th><th>Relationship</th><th>Screening</th></tr></thead><tbody>{rows}</tbody></table>"
        "</body></html>"
    )


def child(assessment_id: int, kind: str) -> None:
    """Render one report (or, for kind "plain", the yardstick table), in the warmed-up worker WORKER_RENDERS times,
    and print the seconds of each render and the peak memory as JSON."""
    import django

    django.setup()
    from duediligence.assessments.models import Assessment
    from duediligence.reports.render import html_to_pdf, render_pdf

    # The first render in a fresh process pays for loading WeasyPrint, fonts and templates. The worker pays that
    # once when it starts (render_worker's warm-up), so with BENCH_WORKER the child warms up the same way first and
    # times the render a person waiting for the report sees.
    if os.environ.get("BENCH_WORKER"):
        from django.db import connection

        from duediligence.reports.render import warm_up

        warm_up()
        connection.ensure_connection()  # the worker is connected: it found the job by polling PostgreSQL
    # A worker renders job after job: it times WORKER_RENDERS renders in a row, the first of them the one right
    # after the warm-up. One render of 1.5 s on a shared machine is one sample of its noise; the series shows both.
    series = []
    for _ in range(WORKER_RENDERS if os.environ.get("BENCH_WORKER") else 1):
        started = time.perf_counter()
        if kind == "plain":
            pdf = html_to_pdf(plain_table_html())
        else:
            pdf, _ = render_pdf(Assessment.objects.get(pk=assessment_id), kind)
        series.append(round(time.perf_counter() - started, 2))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": series[0], "series": series, "bytes": len(pdf), "peak_mb": round(peak_mb)}))


def build_large(officer, organisation) -> int:
    from duediligence.accounts.models import Membership
    from duediligence.assessments.services import assessment_create
    from duediligence.audits.models import Audit, Finding
    from duediligence.partners.models import Partner

    rng = random.Random(7)
    assessment = assessment_create(
        membership=Membership.objects.get(user=officer, organisation=organisation),
        title="Large report bench",
        country="China",
        region="Xinjiang",
        scope="Everything",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    Partner.objects.bulk_create(
        [
            Partner(
                assessment=assessment,
                name=f"Partner {n:04} Trading Co.",
                name_local=f"伙伴{n:04}贸易有限公司",
                category="supplier",
                city="Kashgar",
                region="Xinjiang",
                country="China",
                relationship="Supplier of components",
                name_norm=f"partner {n:04} trading",
                local_norm=f"伙伴{n:04}贸易",
                location_norm="kashgar|xinjiang|china",
            )
            for n in range(2000)
        ]
    )
    risks = bench_risks(assessment, officer, 100, rng, involvement="linked")
    for n in range(30):
        audit = Audit.objects.create(
            assessment=assessment,
            firm=f"Audit firm {n}",
            lead_auditor="Lead",
            independence="Independent",
            methods=["documents"],
            started_on=datetime.date(2026, 3, 1),
            ended_on=datetime.date(2026, 3, 5),
            created_by=officer,
        )
        Finding.objects.create(audit=audit, severity="high", description=f"Finding {n}", risk=risks[n])
    return assessment.pk


def main() -> None:
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from duediligence.accounts.models import Organisation, User

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", stdout=StringIO())
        demo = Organisation.objects.get(slug="meridian-genomics")
        officer = User.objects.get(email="officer@meridian.example")
        demo_id = demo.assessments.get().pk
        large_id = build_large(officer, demo)
        env = {**os.environ, "BENCH_DB": connection.settings_dict["NAME"]}

        def run(assessment_id: int, kind: str, worker: bool = False) -> dict:
            out = subprocess.run(
                [sys.executable, __file__, "child", str(assessment_id), kind],
                capture_output=True,
                text=True,
                env={**env, "BENCH_WORKER": "1"} if worker else env,
                check=True,
                timeout=600,
            ).stdout.strip()
            return json.loads(out.splitlines()[-1])

        times = {}
        for label, assessment_id in [("demo", demo_id), ("large (2,000 partners, 100 risks, 30 audits)", large_id)]:
            for kind in ("public", "internal"):
                figures = run(assessment_id, kind)
                times[(assessment_id, kind)] = figures["seconds"]
                worker = ""
                if assessment_id == demo_id:
                    series = run(assessment_id, kind, worker=True)["series"]
                    worker = (
                        f"; in the warmed-up worker {series[0]} s the first, then median "
                        f"{statistics.median(series)} s, slowest {max(series)} s of {len(series)} (target under 2)"
                    )
                print(
                    f"{label}, {kind} report: {figures['seconds']} s in a fresh process{worker}, "
                    f"{figures['bytes'] / 1024:.0f} KiB PDF, peak memory {figures['peak_mb']} MiB"
                )
        plain = run(0, "plain")
        print(
            f"plain 2,000-row table, same stylesheet and fonts: {plain['seconds']} s, "
            f"peak memory {plain['peak_mb']} MiB"
        )
        ratio = times[(large_id, "internal")] / plain["seconds"]
        print(f"large internal report / plain table: {ratio:.2f} (target at most 1.5)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "child":
        # The child reads the parent's throwaway test database, not the development one.
        url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/duediligence"
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + os.environ["BENCH_DB"]
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main()
