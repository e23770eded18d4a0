"""Never a 500 for odd input: every URL pattern, for each actor, with hostile path values and hostile forms.

What counts as hostile: NUL bytes, lone surrogates' encodings, overlong and Unicode values, traversal,
numbers too large for the database, values of the wrong type in every form field any page reads, and a 1 MB
string in each. Every answer must be below 500, and a 4xx must be a page (HTML with a heading), not a bare
error. The permission matrix (test_permission_matrix.py) says who gets what; this says nobody gets a crash.

Issue 31 added the classes a probe from outside found: JSON nested past the limit and numeric headers too long
for a number on every API route, X-Forwarded-For entries that are not addresses, bodies sent in chunks past the
limit on every page and route, made-up query strings that must not make new cached parts, line breaks in every
name an email subject carries, hostile files for every command that reads one, and file: URLs the PDF fetcher must
refuse however they are spelled; and every answer to a signed-in person or on the API must forbid caches to keep
it. Each check is counted by category (TALLY); run with `-s` to see the figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duediligence.questionnaires.models import Question
from tests.conftest import client_for, project_form_classes
from tests.security.test_permission_matrix import ACTORS, url_for, url_patterns, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow


class Tally:
    """Attempts and failures per category, so a run says how much it tried and what gave way."""

    def __init__(self) -> None:
        self.attempts: Counter[str] = Counter()
        self.failures: defaultdict[str, list[str]] = defaultdict(list)

    def check(self, category: str, ok: bool, what: str) -> None:
        self.attempts[category] += 1
        if not ok:
            self.failures[category].append(what)

    def mark(self) -> dict[str, int]:
        """Where each category's failures stand now, so a test asserts only the failures it recorded."""
        return {category: len(found) for category, found in self.failures.items()}

    def failed(self, *categories: str, since: dict[str, int] | None = None) -> list[str]:
        since = since or {}
        return [
            f"{category}: {what}"
            for category in categories
            for what in self.failures[category][since.get(category, 0) :]
        ]


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def probe_figures():
    yield
    for category in sorted(TALLY.attempts):
        print(
            f"\nprobe: {category}: {TALLY.attempts[category]} attempts, {len(TALLY.failures[category])} failed",
            end="",
        )


HOSTILE_SEGMENTS = [
    "%00",
    "9" * 18,
    "a" * 2000,
    quote("é✓𝔘中文", safe=""),
    "..%2F..%2Fetc%2Fpasswd",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
]


def hostile_urls(url: str, values: dict, keys: tuple) -> list[str]:
    """The URL with every segment that came from a parameter replaced by each hostile value in turn."""
    params = {str(values[key]) for key in keys if key in values}
    segments = url.split("/")
    variants = []
    for hostile in HOSTILE_SEGMENTS:
        replaced = [hostile if segment in params else segment for segment in segments]
        if replaced != segments:
            variants.append("/".join(replaced))
    return variants


def field_names() -> set[str]:
    """Every field name a form of ours reads, and every question key (section pages read those)."""
    names = {"next", "note", "text", "reply", "reason", "decision", "answer", "code", "organisation", "question"}
    for form in project_form_classes():
        names.update(form.base_fields)
    for key in Question.objects.values_list("key", flat=True).distinct():
        names.update({key, f"version__{key}", f"remove__{key}"})
    return names


def hostile_forms() -> dict[str, dict[str, list[str]]]:
    names = sorted(field_names())
    return {
        "wrong types": {name: ["[]", "-1e309", "2026-13-45", "yes", "NaN"] for name in names},
        "huge": {name: ["x" * 1_000_000] for name in names[:1]} | {name: ["y" * 2000] for name in names[1:]},
        "nul": {name: ["before\x00after"] for name in names},
    }


def is_a_page(response) -> bool:
    if response.status_code >= 500:
        return False
    if 400 <= response.status_code < 500 and response.status_code != 405:
        return response["Content-Type"].startswith("text/html") and b"<h1" in response.content
    return True


def never_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def answered(category: str, response, what: str, *, signed_in: bool) -> None:
    TALLY.check(category, is_a_page(response), f"{what}: {response.status_code}")
    if signed_in:
        TALLY.check("signed-in answers kept by no cache", never_stored(response), f"{what}: no no-store")


@pytest.mark.parametrize("actor", ACTORS)
def test_hostile_paths_and_forms_never_end_in_a_500(request, world, actor):  # noqa: F811
    client = Client() if actor == "anonymous" else client_for(request.getfixturevalue(actor))
    signed_in = actor != "anonymous"
    bodies = hostile_forms()
    before, mark = sum(TALLY.attempts.values()), TALLY.mark()
    for name, keys in sorted(url_patterns()):
        url = url_for(name, keys, world)
        for hostile in hostile_urls(url, world, keys):
            answered("hostile paths", client.get(hostile), f"GET {hostile[:80]} as {actor}", signed_in=signed_in)
            answered("hostile paths", client.post(hostile, {}), f"POST {hostile[:80]} as {actor}", signed_in=signed_in)
        for kind, data in bodies.items():
            if kind == "huge" and actor not in ("officer", "org_admin"):
                continue
            response = client.post(url, data)
            answered("hostile forms", response, f"POST {kind} form to {name} as {actor}", signed_in=signed_in)
            if kind == "nul":
                TALLY.check("hostile forms", response.status_code == 400, f"NUL in a form to {name}: not refused")
            if signed_in and name == "accounts:logout":
                # Signed out by that form: sign in again, or every page after it would be probed as a visitor.
                client = client_for(request.getfixturevalue(actor))
    assert sum(TALLY.attempts.values()) - before > 300
    failed = TALLY.failed("hostile paths", "hostile forms", "signed-in answers kept by no cache", since=mark)
    assert failed == [], "\n".join(failed[:50])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=1, max_size=300))
def test_the_public_report_address_takes_any_text(db, token):
    response = Client().get("/r/" + quote(token, safe="") + "/")
    assert response.status_code in (400, 404), (token, response.status_code)


# --- Issue 31: the classes a probe from outside found ---------------------------------------------------------

DEPTHS = (65, 350, 5_000, 100_000)
NUMBERS = ("9" * 5_000, "9" * 19, "-1", "1e309", "٣", "0x10", " ", "W/", '"' * 3)
FORWARDED = ("not-an-ip", "203.0.113.7, <script>", "1.2.3.4.5", "::ffff:zz", "fe80::1%eth0", "x" * 5_000, "\x7f")


def api_calls(values: dict):
    """(method, url) for every API route and method, with the permission matrix's values."""
    from django.urls import get_resolver, reverse

    from tests.api.test_permission_matrix import api_routes

    (api,) = [pattern for pattern in get_resolver().url_patterns if getattr(pattern, "namespace", None) == "api"]
    for name, method in sorted(api_routes()):
        route = next(pattern for pattern in api.url_patterns if pattern.name == name.removeprefix("api:"))
        values = {"key": "operates_in_region", "kind": "public", **values}
        yield method, reverse(name, kwargs={key: values[key] for key in route.pattern.converters})


def is_json_refusal(response) -> bool:
    """Below 500, and a refusal in JSON (the schema and its Swagger page answer in their own formats)."""
    if response.status_code >= 500:
        return False
    return response.status_code < 400 or response["Content-Type"].startswith("application/json")


def test_the_api_refuses_deep_json_and_long_numbers_at_the_door(world, officer, settings):  # noqa: F811
    from tests.api.conftest import token_for

    settings.API_TOKEN_REQUESTS_PER_MINUTE = 100_000
    client = Client()
    auth = {"Authorization": f"Bearer {token_for(officer)}"}
    for method, url in api_calls(world):
        call = getattr(client, method)
        if method in ("post", "put"):
            for depth in DEPTHS:
                body = "[" * depth + "]" * depth
                response = call(url, body, content_type="application/json", headers={**auth, "If-Match": '"0"'})
                # Refused for its depth (400), or before its body was read (a role that may not act, a state).
                ok = is_json_refusal(response) and 400 <= response.status_code < 500
                if response.status_code == 400:
                    ok = "nested" in response.json().get("detail", "")
                TALLY.check(
                    "API: JSON nested past 64", ok, f"{method.upper()} {url} depth {depth}: {response.status_code}"
                )
        for number in NUMBERS:
            headers = {**auth, "If-Match": f'"{number}"'}
            if method == "get":
                response = client.get(url, {"page_size": number, "cursor": number}, headers=headers)
            else:
                response = call(url, '{"value": "yes"}', content_type="application/json", headers=headers)
            TALLY.check(
                "API: numbers in headers and queries",
                is_json_refusal(response) and never_stored(response),
                f"{method.upper()} {url} with {number[:12]!r}: {response.status_code}",
            )
    failed = TALLY.failed("API: JSON nested past 64", "API: numbers in headers and queries")
    assert failed == [], "\n".join(failed[:50])


def test_a_forwarded_address_that_is_none_never_reaches_the_database(world, officer, settings):  # noqa: F811
    from django.urls import reverse

    from tests.api.conftest import token_for
    from tests.conftest import PASSWORD

    settings.BEHIND_TLS_PROXY = True
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 100_000
    token = token_for(officer)
    intake = reverse("grievance_public:intake", args=[world["organisation"], "en"])
    code = reverse("respondents:start", args=[world["respondent_token"], "en"])
    bearer = {"Authorization": f"Bearer {token}"}
    for forwarded in FORWARDED:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded, "REMOTE_ADDR": "10.0.0.2"}
        calls = [
            ("sign-in", reverse("accounts:login"), {"username": officer.email, "password": "x"}),
            ("sign-in", reverse("accounts:login"), {"username": officer.email, "password": PASSWORD}),
            ("grievance intake", intake, {"issue": "other", "description": "D"}),
            ("respondent code", code, {"action": "confirm", "code": "000000"}),
        ]
        for what, url, data in calls:
            response = Client().post(url, data, **extra)
            TALLY.check(
                "X-Forwarded-For", response.status_code < 500, f"{what}, {forwarded[:16]!r}: {response.status_code}"
            )
        response = Client().get("/api/v1/organisations/", headers=bearer, **extra)
        TALLY.check("X-Forwarded-For", response.status_code == 200, f"API, {forwarded[:16]!r}: {response.status_code}")
    failed = TALLY.failed("X-Forwarded-For")
    assert failed == [], "\n".join(failed)


def test_bodies_sent_in_chunks_past_the_limit_are_refused_everywhere(request, world, settings):  # noqa: F811
    from tests.api.conftest import token_for
    from tests.security.test_bad_input_at_the_door import chunked_post, multipart

    settings.REQUEST_BODY_MAX_BYTES = 2048
    officer = request.getfixturevalue("officer")
    client = client_for(officer)
    body, content_type = multipart({"note": "n", "text": "t"}, b"%PDF-" + b"x" * 4096)
    for name, keys in sorted(url_patterns()):
        url = url_for(name, keys, world)
        response = chunked_post(client, url, body, content_type)
        ok = response.status_code == 413 and b"This upload is too large" in response.content
        TALLY.check("chunked bodies past the limit", ok, f"POST {name}: {response.status_code}")
    auth = {"Authorization": f"Bearer {token_for(officer)}", "If-Match": '"0"'}
    json_body = b'{"value": "' + b"x" * 4096 + b'"}'
    for method, url in api_calls(world):
        if method == "get":
            continue
        response = chunked_post(Client(), url, json_body, "application/json", auth)
        ok = response.status_code == 413 and "larger than the API accepts" in response.json()["detail"]
        TALLY.check("chunked bodies past the limit", ok, f"{method.upper()} {url}: {response.status_code}")
    failed = TALLY.failed("chunked bodies past the limit")
    assert failed == [], "\n".join(failed)


def test_made_up_query_strings_make_no_new_cached_parts(request, world):  # noqa: F811
    from django.db import connection

    def rows() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM fragment_cache")
            return cursor.fetchone()[0]

    for actor in ("officer", "auditor", "manager"):
        client = client_for(request.getfixturevalue(actor))
        for name, keys in sorted(url_patterns()):
            url = url_for(name, keys, world)
            if client.get(url).status_code != 200:
                continue
            before = rows()
            for number in range(20):
                client.get(f"{url}?flood={number}&utm_source=probe{number}")
            client.get(f"{url}?page=0001&page=1")
            TALLY.check(
                "made-up query strings", rows() == before, f"GET {name} as {actor}: {rows() - before} new parts"
            )
    failed = TALLY.failed("made-up query strings")
    assert failed == [], "\n".join(failed)


HEADER_BREAKERS = (
    "Name\r\nBcc: victim@evil.example",
    "Name\nSubject: forged",
    "Name\rX-Injected: 1",
    "Name\x85Next line",
    "Name\u2028Separator",
    "Name\x0bTab\x0cFeed",
)


def one_line_emails(outbox) -> list[str]:
    problems = []
    for message in outbox:
        built = message.message()
        if any(ch in message.subject for ch in "\r\n\x85\u2028\x0b\x0c") or built["Bcc"] or built["X-Injected"]:
            problems.append(f"{message.subject[:60]!r} to {message.to}")
    return problems


def test_names_with_line_breaks_reach_every_email_on_one_line(
    world,  # noqa: F811
    officer,
    auditor,
    org_admin,
    settings,
    django_capture_on_commit_callbacks,
):
    import datetime
    from functools import partial

    from django.core import mail
    from django.utils import timezone

    from duediligence.accounts.models import Organisation
    from duediligence.accounts.services import invitation_create
    from duediligence.assessments.models import Assessment
    from duediligence.grievances.services import case_create
    from duediligence.grievances.tasks import case_received_notify
    from duediligence.lib.acting import Acting
    from duediligence.partners.models import Partner
    from duediligence.questionnaires.loader import SUPPLIER_DEFINITION, questionnaire_load
    from duediligence.respondents.models import PartnerInvitation
    from duediligence.respondents.services import invitations_create
    from duediligence.respondents.tasks import invitations_send, reminders_send
    from duediligence.review.notifications import notify_next

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assessment = Assessment.objects.get(pk=world["assessment_id"])
    organisation = assessment.organisation
    questionnaire = questionnaire_load(path=SUPPLIER_DEFINITION).questionnaire
    for number, breaker in enumerate(HEADER_BREAKERS):
        mail.outbox.clear()
        Organisation.objects.filter(pk=organisation.pk).update(name=f"{breaker} {number}")
        organisation.refresh_from_db()
        Assessment.objects.filter(pk=assessment.pk).update(title=breaker)
        assessment.refresh_from_db()
        flows = []
        partner = Partner.objects.create(assessment=assessment, name=breaker, category="supplier", country="China")
        (invitation,) = invitations_create(
            assessment=assessment, partners=[partner], emails={partner.pk: f"p{number}@example.test"},
            questionnaire=questionnaire, due_on=timezone.localdate() + datetime.timedelta(days=7), message=breaker,
            user=officer,
        )  # fmt: skip
        case = case_create(organisation=organisation, issue="other", description=breaker).case
        flows = [
            ("partner invitation", partial(invitations_send.call, [invitation.pk])),
            ("partner reminder", reminders_send.call),
            ("member invitation", partial(
                invitation_create, organisation=organisation, email=f"m{number}@example.test", full_name=breaker,
                role="officer", base_url="http://testserver/", acting=Acting(user=org_admin),
            )),
            ("grievance case", partial(case_received_notify.call, case.pk)),
            ("transition", partial(notify_next, assessment, _transition(assessment, auditor))),
        ]  # fmt: skip
        for what, flow in flows:
            try:
                with django_capture_on_commit_callbacks(execute=True):
                    flow()
                ok = True
            except Exception as error:  # the probe records what gave way
                ok = False
                what = f"{what}: {type(error).__name__}"
            TALLY.check("line breaks in email headers", ok, f"{what} with {breaker[:12]!r}")
        problems = one_line_emails(mail.outbox)
        TALLY.check(
            "line breaks in email headers",
            not problems and len(mail.outbox) >= 4,
            f"{breaker!r}: {problems or len(mail.outbox)}",
        )
        invitation.refresh_from_db()
        TALLY.check(
            "line breaks in email headers",
            invitation.state == "sent" and invitation.sent_at is not None,
            f"invitation with {breaker!r}: {invitation.state}",
        )
        PartnerInvitation.objects.filter(pk=invitation.pk).update(status="submitted")
    failed = TALLY.failed("line breaks in email headers")
    assert failed == [], "\n".join(failed)


def _transition(assessment, auditor):
    from duediligence.assessments.models import Transition

    return Transition.objects.create(assessment=assessment, from_status="submitted", to_status="submitted", by=auditor)


def yaml_bomb() -> str:
    """Aliases of aliases: a billion laughs in YAML, a few hundred bytes that expand past memory."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(8):
        name, inner = chr(98 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [*{inner}, *{inner}, *{inner}, *{inner}, *{inner}, *{inner}]")
    return "\n".join(lines) + "\n"


def hostile_files(folder):
    """(name, content) of files no command should read further than to say, in one line, why not."""
    return [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep-objects.json", '{"a": ' * 65 + "1" + "}" * 65),
        ("deep.yaml", "[" * 100_000 + "]" * 100_000),
        ("deep-blocks.yaml", "".join(f"{'  ' * level}k{level}:\n" for level in range(70)) + "  " * 70 + "v\n"),
        ("deep.xml", "<export>" + "<a>" * 100_000 + "</a>" * 100_000 + "</export>"),
        ("nul.csv", "name,kind\nA\x00B,entity\n"),
        ("binary.bin", bytes(range(256)) * 64),
        ("empty.txt", ""),
        ("latin1.csv", "name,kind\nCaf\xe9 Ltd,entity\n".encode("latin-1")),
        ("huge-field.csv", "name,kind\n" + "x" * 200_000 + ",entity\n"),
        ("unclosed.json", '{"format": "duediligence-assessment", '),
        ("yaml-bomb.yaml", yaml_bomb()),
    ]  # fmt: skip


def test_every_command_that_reads_a_file_refuses_hostile_ones_in_one_line(db, tmp_path, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    paths = []
    for name, content in hostile_files(tmp_path):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    paths.append(tmp_path)  # a folder
    paths.append(tmp_path / "missing.json")
    commands = [("import_assessment", [])] + [
        ("import_screening_list", ["--format", fmt, "--slug", f"probe-{fmt}"])
        for fmt in ("csv", "csl", "sdn", "opensanctions", "eu")
    ]
    commands.append(("load_questionnaire", []))
    for limit in (None, 64):
        if limit:
            settings.INPUT_FILE_MAX_BYTES = limit  # every file but the empty one is now too large
        for command, options in commands:
            for path in paths:
                what = f"{command} {' '.join(options)} {path.name}" + (" (bounded)" if limit else "")
                try:
                    call_command(command, str(path), *options, stdout=StringIO(), stderr=StringIO())
                    ok = False  # nothing hostile is imported
                except CommandError as refusal:
                    ok = "\n" not in str(refusal)
                except Exception as error:  # the probe records what gave way
                    ok, what = False, f"{what}: {type(error).__name__}"
                TALLY.check("hostile files on the command line", ok, what)
    failed = TALLY.failed("hostile files on the command line")
    assert failed == [], "\n".join(failed)


def test_the_pdf_fetcher_refuses_every_spelling_of_a_path_out_of_static():
    from duediligence.reports.render import STATIC_ROOT_DIR, static_file_of

    inside = STATIC_ROOT_DIR / "css" / "report.css"
    spellings = []
    for up in ("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "..%2f..", "%2e%2e%2f%2e%2e", "..%5c.."):
        for target in ("etc/hostname", "etc/passwd", "duediligence/settings.py"):
            spellings.append(f"file://{STATIC_ROOT_DIR}/{up}/{up}/{up}/{up}/{target}")
            spellings.append(f"file://localhost{STATIC_ROOT_DIR}/css/{up}/{up}/{up}/{up}/{up}/{target}")
    spellings += [
        "file:///etc/hostname", "file://localhost/etc/hostname", f"file://evil.example{inside}",
        f"file://{inside}%00.png", f"file://{STATIC_ROOT_DIR}", "http://127.0.0.1/", "ftp://x/y",
        f"file://{STATIC_ROOT_DIR}/../{STATIC_ROOT_DIR.name}/../duediligence/settings.py",
    ]  # fmt: skip
    for url in spellings:
        TALLY.check("PDF fetcher paths", static_file_of(url) is None, url)
    TALLY.check("PDF fetcher paths", static_file_of(inside.as_uri()) == inside, "the report's own stylesheet")
    failed = TALLY.failed("PDF fetcher paths")
    assert failed == [], "\n".join(failed)
