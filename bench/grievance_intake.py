"""Benchmark: the public grievance intake page and a case submission, server time per request.

Run with `make bench-grievances`. In a throwaway database with the production settings, it requests the intake
page and sends cases through Django's test client,
which runs the whole middleware stack in-process: the time measured is the server's, without a network. Each
figure is the median of the runs after a warm-up, in English and in Chinese. Target (issue 18): under 50 ms each.
"""

from __future__ import annotations

import statistics
import time

from common import in_throwaway_database

RUNS = 60


def main() -> None:
    in_throwaway_database(run)


def timed(call, runs: int = RUNS) -> float:
    for _ in range(5):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def run() -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from duediligence.accounts.models import Organisation
    from duediligence.grievances.models import Case

    organisation = Organisation.objects.create(name="Bench AG", slug="bench")
    # No rate limit getting in the way of the repeated sends.
    with override_settings(GRIEVANCE_CASES_PER_HOUR=10**6, DEBUG=False):
        client = Client()
        for language in ("en", "zh-hans"):
            url = f"/g/{organisation.slug}/{language}/"
            page = timed(lambda url=url: client.get(url))
            data = {
                "issue": "forced_labour",
                "description": "Workers were moved to the plant and cannot leave. " * 10,
                "place": "Aksu",
                "happened": "March 2026",
            }
            send = timed(lambda url=url, data=data: client.post(url, data), runs=30)
            print(f"{language:8} intake page {page:6.1f} ms · case submission {send:6.1f} ms (median, server time)")
        print(f"{Case.objects.count()} cases written")


if __name__ == "__main__":
    main()
