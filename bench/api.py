"""Benchmark: the REST API's cost per page of partners at 1,000 and 10,000 partners, and an answer write.

Lists must cost the same number of queries per page whatever the size of the list (cursor pagination on the id,
no COUNT); an answer write through the API must take under 30 ms of server time. Requests go through Django's
WSGI handler in this process (the test client), with DEBUG off, so the time is the server's own, without a
network or a web server's. Run with `make bench-api`.
"""

from __future__ import annotations

import statistics
import time

from common import bench_assessment, in_throwaway_database


def partners(assessment, count: int) -> None:
    from duediligence.partners.models import Partner

    Partner.objects.filter(assessment=assessment).delete()
    Partner.objects.bulk_create(
        [
            Partner(assessment=assessment, name=f"Partner {n:05} Trading Co.", category="supplier", country="China",
                    city="Kashgar", name_norm=f"partner {n:05} trading", location_norm="kashgar|china")
            for n in range(count)
        ],
        batch_size=2000,
    )  # fmt: skip


def run() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duediligence.accounts.models import Membership
    from duediligence.lib.acting import Acting
    from duediligence.security.api_tokens import token_create

    assessment, officer = bench_assessment()
    raw = token_create(
        membership=Membership.objects.get(user=officer), name="Bench", days=30, acting=Acting(), verified=True
    ).raw
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    settings.DEBUG = False  # as in production: no query log kept per request
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 1_000_000
    client.get("/api/v1/organisations/")  # the first use logs the address: not a page's cost

    for count in (1_000, 10_000):
        partners(assessment, count)
        url, queries, seconds, pages = f"/api/v1/assessments/{assessment.pk}/partners/?page_size=100", set(), [], 0
        while url:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = client.get(url).json()
                seconds.append(time.perf_counter() - started)
            queries.add(len(captured))
            pages += 1
            url = page["next"]
        print(
            f"{count:,} partners, 100 a page: {pages} pages, queries per page {sorted(queries)}, "
            f"median {statistics.median(seconds) * 1000:.1f} ms, slowest {max(seconds) * 1000:.1f} ms"
        )

    url = f"/api/v1/assessments/{assessment.pk}/answers/context_sources/"
    version, times = 0, []
    for n in range(300):
        started = time.perf_counter()
        response = client.put(
            url,
            {"value": f"UN reports, edition {n}"},
            content_type="application/json",
            headers={"If-Match": f'"{version}"'},
        )
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
        version = response.json()["version"]
    times.sort()
    print(
        f"answer write through the API (300 writes): median {statistics.median(times) * 1000:.1f} ms, "
        f"95th percentile {times[int(len(times) * 0.95)] * 1000:.1f} ms (target under 30 ms)"
    )


if __name__ == "__main__":
    in_throwaway_database(run)
