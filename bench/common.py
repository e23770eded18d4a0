"""What the benchmarks share: a throwaway database to run in, and an organisation with one assessment."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")


def in_throwaway_database(run: Callable[[], None]) -> None:
    """Run `run` against a fresh, migrated database that is dropped afterwards (kept with BENCH_KEEP_DB=1)."""
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


def bench_assessment(title: str = "Bench", slug: str = "bench"):
    """An organisation, its officer and one assessment on the default questionnaire: (assessment, officer)."""
    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.services import assessment_create
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load

    questionnaire_load(path=DEFAULT_DEFINITION)
    organisation = Organisation.objects.create(name=f"Bench AG {slug}", slug=slug)
    user = User.objects.create_user(email=f"{slug}@example.test", password=None, full_name="Bench")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
    assessment = assessment_create(
        membership=membership,
        title=title,
        country="China",
        region="Xinjiang",
        scope="Benchmark",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    return assessment, user


def bench_risks(assessment, user, count: int, rng, involvement: str = "contributes") -> list:
    """`count` risks with scores drawn from `rng` (seeded by the caller, so a run repeats exactly)."""
    from duediligence.risks.models import Risk

    return Risk.objects.bulk_create(
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
            involvement=involvement,
            created_by=user,
        )
        for index in range(count)
    )
