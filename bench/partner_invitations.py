"""Benchmark: inviting 500 partners at once from the partner list, with the emails queued for the worker.

Run with `make bench-invitations`. In a throwaway database, an officer ticks 500 partners (each with a contact
email) and sends them the supplier questionnaire through the page itself (Django's test client, the whole
middleware stack in-process, the database task queue as in production). It prints the request's time, median
of three runs on fresh partners. Target (issue 19): under 5 s, emails queued, none sent inside the request.
"""

from __future__ import annotations

import datetime
import statistics
import time

from common import bench_assessment, in_throwaway_database

PARTNERS = 500


def main() -> None:
    in_throwaway_database(run)


def run() -> None:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from duediligence.partners.models import Partner
    from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, questionnaire_load
    from duediligence.respondents.models import PartnerInvitation

    assessment, user = bench_assessment("Invitations")
    questionnaire = questionnaire_load(path=PARTNER_DEFINITIONS[0]).questionnaire
    samples = []
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, DEBUG=False):
        client = Client()
        client.force_login(user)
        for run_number in range(3):
            partners = []
            for index in range(PARTNERS):
                partner = Partner(
                    assessment=assessment,
                    name=f"Supplier {run_number}-{index}",
                    category="supplier",
                    country="China",
                    contact_email=f"s{run_number}-{index}@example.test",
                )
                partner.refresh_keys()
                partners.append(partner)
            created = Partner.objects.bulk_create(partners)
            data = {
                "partner": [partner.pk for partner in created],
                "questionnaire": questionnaire.pk,
                "due_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
                "message": "Please answer within a month.",
            }
            started = time.perf_counter()
            response = client.post(reverse("respondents:invite_many", args=[assessment.pk]), data)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
    print(f"{PartnerInvitation.objects.count():,} invitations; {DBTaskResult.objects.count()} email task(s) queued")
    print(f"inviting {PARTNERS} partners at once: {statistics.median(samples):.2f} s (median of 3; target under 5 s)")


if __name__ == "__main__":
    main()
