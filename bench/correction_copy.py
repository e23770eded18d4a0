"""Benchmark: starting a correction of a published assessment with 20,000 partners.

Run with `make bench-correction` (or as part of `make bench`). A correction copies everything the assessment
owns (assessments/ownership.py) into a new draft revision, under the row lock of the published one, so its
time is time in which nobody else can act on that assessment. It creates a throwaway database, seeds one
published assessment deterministically, and prints the time of `correction_start` and the rows it copied.
"""

from __future__ import annotations

import datetime
import os
import random
import time
from io import StringIO

from common import bench_assessment, bench_risks, in_throwaway_database

PARTNERS = int(os.environ.get("BENCH_PARTNERS", 20_000))
RISKS = int(os.environ.get("BENCH_RISKS", 100))


def main() -> None:
    in_throwaway_database(run)


def seed():
    from django.core.management import call_command

    from duediligence.assessments.models import Assessment, Status
    from duediligence.partners.models import ListedEntity, Partner, ScreeningMatch
    from duediligence.risks.models import MitigationAction
    from tests.conftest import complete_required

    rng = random.Random(20261129)
    assessment, user = bench_assessment()
    call_command("import_screening_list", "--default", stdout=StringIO())
    complete_required(assessment, user)
    risks = bench_risks(assessment, user, RISKS, rng)
    MitigationAction.objects.bulk_create(
        MitigationAction(risk=risk, description="Act", owner="Owner", due_date=datetime.date(2026, 9, 1))
        for risk in risks
    )
    partners = []
    for index in range(PARTNERS):
        partner = Partner(
            assessment=assessment,
            name=f"Partner {index} Trading Co., Ltd.",
            category="supplier",
            city="Kashgar",
            country="China",
        )
        partner.refresh_keys()
        partners.append(partner)
    partners = Partner.objects.bulk_create(partners, batch_size=2000)
    entities = list(ListedEntity.objects.all()[:50])
    ScreeningMatch.objects.bulk_create(
        ScreeningMatch(partner=partner, entity=rng.choice(entities), score=0.9, matched_name="x")
        for partner in partners[::20]
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.PUBLISHED)
    assessment.refresh_from_db()
    return assessment, user


def run() -> None:
    from duediligence.reports.services import correction_start

    assessment, user = seed()
    started = time.perf_counter()
    copy = correction_start(assessment=assessment, user=user)
    seconds = time.perf_counter() - started
    print(
        f"correction of an assessment with {copy.partners.count():,} partners, {copy.risks.count()} risks, "
        f"{copy.answers.count()} answers: {seconds:.2f} s (target: under 10 s)"
    )


if __name__ == "__main__":
    main()
