"""Benchmark: the public grievance intake page, a case submission and the opening of a case, server time per request;
and the unlocking of an officer's key at sign-in.

Run with `make bench-grievances`. In a throwaway database with the production settings (Argon2id costs included),
it requests the intake page and sends cases through Django's test client, which runs the whole middleware stack
in-process: the time measured is the server's, without a network. Each figure is the median of the runs after a
warm-up, in English and in Chinese. Targets: the intake page and a submission under 50 ms (issue 18); filing a case
and opening it (the reporter with code and passphrase, the officer on the case page) under 100 ms, and the key
unwrapping at sign-in under 300 ms (issue 37: cases are encrypted).
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


def reporter_opens(reporter, follow_up: str, code: str, passphrase: str, sentence: str) -> None:
    """The reporter's way into their case: code and passphrase, then the case page, its texts decrypted."""
    response = reporter.post(follow_up, {"code": code, "passphrase": passphrase})
    assert response.status_code == 302, response.status_code
    assert sentence in reporter.get(response["Location"]).content.decode()


def run() -> None:
    import re

    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.accounts.personal_keys import personal_key_open, personal_key_open_or_replace
    from duediligence.grievances.keys import case_key_set_up
    from duediligence.grievances.models import Case
    from duediligence.lib.acting import Acting

    organisation = Organisation.objects.create(name="Bench AG", slug="bench")
    password = "bench-officer-password-9"
    officer = User.objects.create_user(email="officer@bench.example", password=password, full_name="Bench Officer")
    Membership.objects.create(user=officer, organisation=organisation, role=Role.OFFICER)
    personal_key_open_or_replace(officer, password)
    case_key_set_up(organisation=organisation, acting=Acting())
    unwrap = timed(lambda: personal_key_open(officer, password), runs=20)
    print(
        f"key unwrapping at sign-in (Argon2id, {settings.PERSONAL_KEY_KDF_OPSLIMIT} passes, "
        f"{settings.PERSONAL_KEY_KDF_MEMLIMIT // 2**20} MiB): {unwrap:6.1f} ms (median)"
    )
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
            received = client.post(url, data).content.decode()
            code = re.search(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", received).group(0)
            passphrase = re.search(r'<span class="secret">([0-9A-Z-]{19})</span>', received).group(1)
            follow_up = f"/g/{organisation.slug}/{language}/follow-up/"
            reporter = Client()

            args = (reporter, follow_up, code, passphrase, "cannot leave")
            opened = timed(lambda args=args: reporter_opens(*args), runs=30)
            print(f"{language:8} the reporter opens the case (code, passphrase, page) {opened:6.1f} ms (median)")
        # The officer, signed in (their key unlocked once), opens a case page: the texts decrypted on each request.
        desk = Client()
        assert desk.post("/accounts/login/", {"username": officer.email, "password": password}).status_code == 302
        case = Case.objects.first()
        page_url = f"/grievances/{case.pk}/"
        assert "cannot leave" in desk.get(page_url).content.decode()
        officer_opens = timed(lambda: desk.get(page_url), runs=30)
        print(f"the officer opens a case page {officer_opens:6.1f} ms (median)")
        print(f"{Case.objects.count()} cases written")


if __name__ == "__main__":
    main()
