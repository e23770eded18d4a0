"""Benchmark: what signing adds to a publication. Renders the demo assessment's public report once per variant,
then signs each PDF with the organisation's key (PAdES, pyHanko) and checks it as the public page does, timing
each of SIGNINGS rounds. The target: signing adds under 0.5 s per PDF.

Run with `make bench-signing` (a throwaway database; the demo data from seed_demo).
"""

from __future__ import annotations

import statistics
import time

from common import in_throwaway_database

SIGNINGS = 10


def run() -> None:
    from io import StringIO

    from django.core.management import call_command

    from duediligence.accounts.models import Organisation, User
    from duediligence.reports.models import Variant
    from duediligence.reports.render import render_pdf
    from duediligence.signing import pdf as signing_pdf
    from duediligence.signing.services import key_for_publication, keys_of

    call_command("seed_demo", stdout=StringIO())
    demo = Organisation.objects.get(slug="meridian-genomics")
    manager = User.objects.get(email="manager@meridian.example")
    assessment = demo.assessments.get()
    key = key_for_publication(organisation=demo, user=manager)
    keys = keys_of(demo)
    for variant in Variant.values:
        pdf, _ = render_pdf(assessment, "public", variant=variant)
        signing, checking = [], []
        for _ in range(SIGNINGS):
            started = time.perf_counter()
            signed = signing_pdf.sign(pdf, key, reason="Benchmark")
            signing.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert signing_pdf.check(signed, keys).verified
            checking.append(time.perf_counter() - started)
        print(
            f"{variant}: {len(pdf) // 1024} KiB; signing median {statistics.median(signing):.3f} s, "
            f"max {max(signing):.3f} s; checking median {statistics.median(checking):.3f} s, "
            f"max {max(checking):.3f} s"
        )


if __name__ == "__main__":
    in_throwaway_database(run)
