"""Seeding and query counting for the web benchmark (bench/web_load.py runs these in a child process).

    python bench/web_seed.py seed N        bring the bench organisation to N assessments
    python bench/web_seed.py queries       print the SQL queries of each measured page, as JSON
    python bench/web_seed.py sessions      print a signed-in session key per bench person, as JSON

DATABASE_URL points at the throwaway bench database. Data is generated from a fixed seed, in bulk.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

ANSWERS_PER_ASSESSMENT = 60
PARTNERS_PER_ASSESSMENT = int(os.environ.get("BENCH_PARTNERS_PER_ASSESSMENT", 500))
RISKS_PER_ASSESSMENT = 6
COMMENTS_PER_ASSESSMENT = 3
# Locust clients each log in as their own person: 32 at most, and each manager has their own authenticator key
# because a TOTP code is accepted once per device.
PEOPLE_PER_ROLE = 32
PASSWORD = "bench-password-2026"
ORGANISATION_SLUG = "bench"


def manager_key(index: int) -> str:
    """A hex TOTP key per bench manager, known to the locustfile."""
    return hashlib.sha1(f"bench-manager-{index}".encode()).hexdigest()


def first_section(questionnaire):
    section = questionnaire.steps.order_by("number").first().sections.order_by("position").first()
    return section


def seed(target: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.models import Answer, Assessment
    from duediligence.audits.models import Audit, Finding
    from duediligence.partners.models import Partner, ScreeningList
    from duediligence.partners.screening import screen
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
    from duediligence.questionnaires.models import Questionnaire
    from duediligence.review.models import Comment
    from duediligence.risks.models import MitigationAction, Risk
    from tests.conftest import RISK_DEFAULTS, sample_value

    if not Questionnaire.objects.exists():
        questionnaire_load(path=DEFAULT_DEFINITION)
    if not ScreeningList.objects.exists():
        from django.core.management import call_command

        call_command("import_screening_list", "--default", verbosity=0)
    questionnaire = Questionnaire.objects.get()
    organisation, _ = Organisation.objects.get_or_create(slug=ORGANISATION_SLUG, defaults={"name": "Bench AG"})
    if not organisation.memberships.exists():
        hashed = make_password(PASSWORD)  # hashing is slow on purpose: once for all bench people
        for index in range(PEOPLE_PER_ROLE):
            for role in (Role.OFFICER, Role.MANAGER):
                user = User.objects.create(
                    email=f"{role}{index}@bench.example", password=hashed, full_name=f"Bench {role} {index}"
                )
                Membership.objects.create(user=user, organisation=organisation, role=role)
                if role == Role.MANAGER:
                    TOTPDevice.objects.create(user=user, name="bench", key=manager_key(index), confirmed=True)
    officer = User.objects.get(email="officer0@bench.example")
    questions = [q for q in questionnaire.questions.order_by("position") if sample_value(q) is not None]
    questions = questions[:ANSWERS_PER_ASSESSMENT]
    rng = random.Random(20261129 + target)
    existing = Assessment.objects.filter(organisation=organisation).count()
    now = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    with transaction.atomic():
        for number in range(existing, target):
            assessment = Assessment.objects.create(
                organisation=organisation,
                questionnaire=questionnaire,
                title=f"Bench assessment {number}",
                country="China",
                region="Xinjiang",
                scope="Sequencers, reagents and service",
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31),
                created_by=officer,
            )
            Answer.objects.bulk_create(
                Answer(
                    assessment=assessment,
                    question=question,
                    value=sample_value(question),
                    updated_by=officer,
                    updated_at=now,
                )
                for question in questions
            )
            risks = Risk.objects.bulk_create(
                Risk(
                    assessment=assessment,
                    title=f"Risk {index} of assessment {number}",
                    created_by=officer,
                    **{**RISK_DEFAULTS, "scale": rng.randint(1, 5), "likelihood": rng.randint(1, 5)},
                )
                for index in range(RISKS_PER_ASSESSMENT)
            )
            MitigationAction.objects.bulk_create(
                MitigationAction(
                    risk=risk, description="Checks", owner="Compliance", due_date=datetime.date(2026, 9, 1)
                )
                for risk in risks
            )
            audit = Audit.objects.create(
                assessment=assessment,
                firm="Bench Audit",
                lead_auditor="A. Auditor",
                independence="None",
                methods=["remote"],
                started_on=datetime.date(2026, 3, 1),
                ended_on=datetime.date(2026, 3, 5),
                created_by=officer,
            )
            Finding.objects.bulk_create(
                Finding(audit=audit, severity="medium", description=f"Finding {index}", risk=risks[index])
                for index in range(2)
            )
            partners = []
            for index in range(PARTNERS_PER_ASSESSMENT):
                partner = Partner(
                    assessment=assessment,
                    name=f"Partner {index} of {number} Trading Co., Ltd.",
                    category="supplier",
                    city="Kashgar",
                    country="China",
                    disclosed=index % 10 != 0,
                    withheld_reason="" if index % 10 else "safety",
                )
                partner.refresh_keys()
                partners.append(partner)
            Partner.objects.bulk_create(partners, batch_size=1000)
            Comment.objects.bulk_create(
                Comment(assessment=assessment, author=officer, text=f"Comment {index}")
                for index in range(COMMENTS_PER_ASSESSMENT)
            )
    screen()
    print(f"{Assessment.objects.filter(organisation=organisation).count()} assessments", file=sys.stderr)


def page_urls() -> dict[str, tuple[str, str]]:
    """The measured pages: name -> (role, URL), for the first assessment."""
    from django.urls import reverse

    from duediligence.assessments.models import Assessment

    assessment = Assessment.objects.filter(organisation__slug=ORGANISATION_SLUG).order_by("pk").first()
    section = first_section(assessment.questionnaire)
    return {
        "overview": ("officer", reverse("assessments:overview", args=[assessment.pk])),
        "step": ("officer", reverse("assessments:section", args=[assessment.pk, section.step.number, section.key])),
        "partners": ("officer", reverse("partners:list", args=[assessment.pk])),
        "review": ("officer", reverse("review:page", args=[assessment.pk])),
        "assessment list": ("officer", reverse("assessments:list")),
        "dashboard (manager)": ("manager", reverse("dashboard:home")),
        "trivial (/healthz)": ("officer", reverse("healthz")),
    }


def _signed_in_clients() -> dict:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duediligence.accounts.models import User

    clients = {}
    for role in ("officer", "manager"):
        user = User.objects.get(email=f"{role}0@bench.example")
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user).first()
        if device:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        clients[role] = client
    return clients


def as_browser_posts(form: dict) -> tuple[str, str]:
    """The form as a browser (and locust) posts it, URL-encoded, not as the test client's default multipart."""
    from urllib.parse import urlencode

    return urlencode(form, doseq=True), "application/x-www-form-urlencoded"


def queries() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = _signed_in_clients()
    counts = {}
    for name, (role, url) in page_urls().items():
        clients[role].get(url)  # warm: the first request of a client loads its session
        with CaptureQueriesContext(connection) as captured:
            response = clients[role].get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(captured.captured_queries)
    step_url = page_urls()["step"][1]
    form = _form_of(clients["officer"].get(step_url).content.decode())
    with CaptureQueriesContext(connection) as captured:
        response = clients["officer"].post(step_url, *as_browser_posts({**form, "action": "later"}))
    assert response.status_code == 302, response.status_code
    counts["step POST"] = len(captured.captured_queries)
    print(json.dumps(counts))


def split(repeats: int = 20) -> None:
    """Where one request's server time goes, per page: SQL, template rendering (less the SQL run inside it, e.g.
    lazy querysets), and the rest (views, forms, middleware), each the median of `repeats` requests in process
    with DEBUG off. Then the three functions of ours with the most cumulative time, from cProfile, so a
    regression shows where it came from."""
    import cProfile
    import pstats
    import statistics
    import time

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template.backends.django import Template

    settings.DEBUG = False
    clock = {"sql": 0.0, "template": 0.0, "template_sql": 0.0, "depth": 0}

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            clock["sql"] += spent
            if clock["depth"]:
                clock["template_sql"] += spent

    original_render = Template.render

    def timed_render(self, context=None, request=None):
        clock["depth"] += 1
        started = time.perf_counter()
        try:
            return original_render(self, context, request)
        finally:
            clock["depth"] -= 1
            if not clock["depth"]:
                clock["template"] += time.perf_counter() - started

    Template.render = timed_render  # type: ignore[method-assign]
    clients = _signed_in_clients()
    step_url = page_urls()["step"][1]
    form = {**_form_of(clients["officer"].get(step_url).content.decode()), "action": "later"}
    pages = {**page_urls(), "step POST": ("officer", step_url)}
    result = {}
    with connection.execute_wrapper(timed_sql):
        for name, (role, url) in pages.items():
            client = clients[role]

            def request(client=client, name=name, url=url):
                return client.post(url, *as_browser_posts(form)) if name == "step POST" else client.get(url)

            request()  # warm
            samples = []
            for _ in range(repeats):
                clock.update(sql=0.0, template=0.0, template_sql=0.0)
                started = time.perf_counter()
                request()
                total = time.perf_counter() - started
                template = clock["template"] - clock["template_sql"]
                samples.append((total, clock["sql"], template, total - clock["sql"] - template))
            profile = cProfile.Profile()
            profile.runcall(request)
            stats = pstats.Stats(profile)
            # Our functions by cumulative time, less those that wrap the whole request (middleware, the view).
            whole = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
            ours = sorted(
                (
                    (row[3], f"{Path(key[0]).relative_to(ROOT)}:{key[2]}")
                    for key, row in stats.stats.items()  # type: ignore[attr-defined]
                    if str(ROOT / "duediligence") in key[0] and row[3] < 0.8 * whole
                ),
                reverse=True,
            )[:4]
            result[name] = {
                "total_ms": statistics.median(s[0] for s in samples) * 1000,
                "sql_ms": statistics.median(s[1] for s in samples) * 1000,
                "template_ms": statistics.median(s[2] for s in samples) * 1000,
                "rest_ms": statistics.median(s[3] for s in samples) * 1000,
                "hot": [f"{where} {seconds * 1000:.0f} ms" for seconds, where in ours],
            }
    print(json.dumps(result))


def sessions() -> None:
    """A signed-in session per bench person (past the second step for managers), so that clients arrive
    logged in: a login costs a deliberate ~0.3 s of password hashing, which is not what is measured here."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duediligence.accounts.models import User

    keys = {}
    for user in User.objects.filter(email__endswith="@bench.example").order_by("email"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        keys[user.email] = session.session_key
    print(json.dumps(keys))


def _form_of(html: str) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT / "bench"))
    from form_fields import section_form_fields

    return section_form_fields(html)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    elif sys.argv[1] == "queries":
        queries()
    elif sys.argv[1] == "sessions":
        sessions()
    elif sys.argv[1] == "split":
        split()
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
