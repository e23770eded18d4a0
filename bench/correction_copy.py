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
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

PARTNERS = int(os.environ.get("BENCH_PARTNERS", 20_000))
RISKS = int(os.environ.get("BENCH_RISKS", 100))


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        if not os.environ.get("BENCH_KEEP_DB"):
            connection.creation.destroy_test_db(old_name, verbosity=0)


def seed():
    from django.core.management import call_command

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.models import Assessment, Status
    from duediligence.assessments.services import assessment_create
    from duediligence.partners.models import ListedEntity, Partner, ScreeningMatch
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
    from duediligence.risks.models import MitigationAction, Risk
    from tests.conftest import complete_required

    rng = random.Random(20261129)
    questionnaire_load(path=DEFAULT_DEFINITION)
    call_command("import_screening_list", "--default", stdout=StringIO())
    organisation = Organisation.objects.create(name="Bench AG", slug="bench")
    user = User.objects.create_user(email="bench@example.test", password=None, full_name="Bench")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
    assessment = assessment_create(
        membership=membership,
        title="Bench",
        country="China",
        region="Xinjiang",
        scope="Sequencers",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    complete_required(assessment, user)
    risks = Risk.objects.bulk_create(
        Risk(
            assessment=assessment,
            title=f"Risk {index}",
            category="misuse",
            rights_affected="Privacy",
            people_affected="Residents",
            scale=rng.randint(1, 5),
            scope=rng.randint(1, 5),
            irremediability=rng.randint(1, 5),
            likelihood=rng.randint(1, 5),
            involvement="contributes",
            created_by=user,
        )
        for index in range(RISKS)
    )
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
