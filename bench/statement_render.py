"""Benchmark: render an annual statement of an organisation with 10 assessments of one financial year, in each
regime (the UK MSA statement, the Norway account), in a warmed-up worker. Target: under 5 s (issue 35).

Each assessment has 20 risks (4 of them to workers), 100 partners and 3 requests for information; the organisation
has its profile, 6 policies and 4 training records. The render runs in a child process that warms up as the worker
does (reports/render.py warm_up) and then renders each regime several times in a row. Run with
`make bench-statements`.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

from common import bench_risks, in_throwaway_database  # noqa: E402  (bench/ is the script's folder, on the path)

ASSESSMENTS = 10
RENDERS = 3
REGIMES = ("uk_msa", "norway")


def child(statement_id: int) -> None:
    """Warm up as the worker does, then time RENDERS renders of each regime; print the seconds as JSON."""
    import django

    django.setup()
    from django.db import connection

    from duediligence.reports.render import warm_up
    from duediligence.statements.models import Statement
    from duediligence.statements.render import render_statement_pdf

    warm_up()
    connection.ensure_connection()
    from pypdf import PdfReader

    series: dict[str, list[float]] = {regime: [] for regime in REGIMES}
    pages: dict[str, int] = {}
    for _ in range(RENDERS):
        for regime in REGIMES:
            started = time.perf_counter()
            rendered = render_statement_pdf(Statement.objects.get(pk=statement_id), regime)
            series[regime].append(round(time.perf_counter() - started, 2))
            pages[regime] = len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    print(json.dumps({"series": series, "pages": pages}))


def build() -> int:
    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.services import assessment_create
    from duediligence.engagement.models import InformationRequest
    from duediligence.partners.models import Partner
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
    from duediligence.records import services as records
    from duediligence.risks.models import Risk
    from duediligence.statements.services import statement_create

    rng = random.Random(35)
    questionnaire_load(path=DEFAULT_DEFINITION)
    organisation = Organisation.objects.create(name="Bench Statements AG", slug="bench-statements")
    user = User.objects.create_user(email="statements@example.test", password=None, full_name="Bench")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
    records.profile_save(
        organisation=organisation,
        user=user,
        data={
            "legal_name": "Bench Statements AG",
            "structure": "A company limited by shares with four subsidiaries",
            "group_entities": "\n".join(f"Bench Entity {n}, Country {n}" for n in range(5)),
            "sector": "Laboratory instruments",
            "countries": "\n".join(f"Country {n}" for n in range(8)),
            "year_end_month": 12,
            "year_end_day": 31,
            "turnover_basis": "Group turnover, net of VAT",
            "website": "https://bench.example/",
        },
    )
    areas = [["forced_labour"], ["suppliers"], ["recruitment"], ["whistleblowing"], ["wages"], ["health_safety"]]
    for n, covered in enumerate(areas):
        records.policy_save(
            organisation=organisation,
            user=user,
            data={
                "title": f"Policy {n}", "scope": "Every entity and supplier", "areas": covered,
                "approved_by": "The board", "approved_on": datetime.date(2025, 11, 1),
                "link": f"https://bench.example/policy-{n}",
            },
        )  # fmt: skip
    for n in range(4):
        records.training_save(
            organisation=organisation,
            user=user,
            data={
                "topic": f"Training {n}", "areas": ["forced_labour"], "audience": "buyers", "people": 10 + n,
                "held_on": datetime.date(2026, 2 + n, 10),
            },
        )  # fmt: skip
    for n in range(ASSESSMENTS):
        assessment = assessment_create(
            membership=membership,
            title=f"Region {n} 2026",
            country=f"Country {n % 8}",
            region=f"Region {n}",
            scope="Suppliers and sales",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )
        risks = bench_risks(assessment, user, 20, rng)
        Risk.objects.filter(pk__in=[risk.pk for risk in risks[:4]]).update(category="forced_labour")
        Partner.objects.bulk_create(
            Partner(
                assessment=assessment,
                name=f"Partner {n}-{k} Co.",
                category="supplier",
                country="China",
                name_norm=f"partner {n} {k}",
                location_norm="china",
            )
            for k in range(100)
        )
        for k in range(3):
            InformationRequest.objects.create(
                assessment=assessment, received_on=datetime.date(2026, 3 + k, 1), requester_kind="ngo",
                topic="Suppliers", due_on=datetime.date(2026, 3 + k, 22),
            )  # fmt: skip
    statement = statement_create(membership=membership, ending_in=2026, regimes=list(REGIMES))
    return statement.pk


def main() -> None:
    def run() -> None:
        from django.db import connection

        statement_id = build()
        out = subprocess.run(
            [sys.executable, __file__, "child", str(statement_id)],
            capture_output=True,
            text=True,
            env={**os.environ, "BENCH_DB": connection.settings_dict["NAME"]},
            check=True,
            timeout=900,
        ).stdout.strip()
        figures = json.loads(out.splitlines()[-1])
        for regime in REGIMES:
            series = figures["series"][regime]
            print(
                f"annual statement of {ASSESSMENTS} assessments as {regime} ({figures['pages'][regime]} pages): in the "
                "warmed-up worker "
                f"{series[0]} s the first, median {statistics.median(series)} s, slowest {max(series)} s of "
                f"{len(series)} (target under 5 s)"
            )

    in_throwaway_database(run)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        # The child reads the parent's throwaway database, not the development one.
        url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/duediligence"
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + os.environ["BENCH_DB"]
        child(int(sys.argv[2]))
    else:
        main()
