"""Shared fixtures: two organisations, each with one member per role, so every test reads like a sentence.

Alice's organisation (Meridian) is the one under test; Bob's (Other Corp) exists to prove isolation.
"""

import contextlib

import pytest
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.models import Membership, Organisation, Role, User
from duediligence.security import two_factor

PASSWORD = "a-long-test-password-1"


def pytest_configure(config) -> None:
    from django.conf import settings

    # Each test runs in a transaction that never commits, so the content-version triggers must fire after each
    # statement, not at the commit (assessments/content_version.py); read when the test database is migrated.
    settings.CONTENT_VERSION_TIMING = "statement"
    # A report naming a question its questionnaire does not ask is an error here, never a silent "".
    settings.REPORT_KEYS_STRICT = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After each test, once its transaction is rolled back or its tables flushed: the test's connection holds no
    session state (tests/session_state.py), as the app must behind PgBouncer in transaction pooling."""
    result = yield
    import psycopg2
    from django.db import connection

    from tests.session_state import leftovers

    raw = connection.connection
    if raw is None or raw.closed or connection.in_atomic_block:
        return result
    try:
        found = leftovers(raw)
    except psycopg2.Error:  # a test that stopped the database; its own assertions say what happened
        return result
    if found:
        connection.close()  # the next test starts with a clean session
        pytest.fail(f"the test left session state that transaction pooling would break: {found}", pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    """The drills' figures (tests/deployment/) at the end of every run: captured output of passing tests is never
    shown, under xdist least of all, so each drill records its figures as a property of one of its tests."""
    seen: list[str] = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                line = f"{name}: {value}"
                if name.endswith("drill") and line not in seen:
                    seen.append(line)
    if seen:
        terminalreporter.section("drill figures")
        for line in seen:
            terminalreporter.write_line(line)


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="Meridian Test AG", slug="meridian-test")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(name="Other Corp", slug="other-corp")


def make_member(organisation: Organisation, role: str, email: str, full_name: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def officer(organisation) -> User:
    return make_member(organisation, Role.OFFICER, "officer@test.example", "Olivia Officer")


@pytest.fixture
def auditor(organisation) -> User:
    return make_member(organisation, Role.AUDITOR, "auditor@test.example", "Aaron Auditor")


@pytest.fixture
def manager(organisation) -> User:
    return make_member(organisation, Role.MANAGER, "manager@test.example", "Maya Manager")


@pytest.fixture
def org_admin(organisation) -> User:
    return make_member(organisation, Role.ADMIN, "admin@test.example", "Adam Admin")


@pytest.fixture
def outsider(other_organisation) -> User:
    """An officer of another organisation: must never see anything of `organisation`."""
    return make_member(other_organisation, Role.OFFICER, "outsider@other.example", "Oscar Outsider")


def client_for(user: User) -> Client:
    """A client logged in as `user`, past the second step when their role requires one."""
    client = Client()
    client.force_login(user)
    if two_factor.is_required_for(user) or two_factor.has_device(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def officer_client(officer) -> Client:
    return client_for(officer)


@pytest.fixture
def auditor_client(auditor) -> Client:
    return client_for(auditor)


@pytest.fixture
def manager_client(manager) -> Client:
    return client_for(manager)


@pytest.fixture
def admin_client_org(org_admin) -> Client:
    return client_for(org_admin)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Hashing a password the production way takes half a second; tests create hundreds of accounts."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each worker's test database starts with the default questionnaire, loaded once per session.

    Tests run in transactions that roll back, so it stays; a transactional test (the browser's live server)
    empties the tables afterwards, and the `questionnaire` fixture then loads it again.
    """
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load

    with django_db_blocker.unblock():
        questionnaire_load(path=DEFAULT_DEFINITION)
    yield
    # Before pytest-django drops the test database: connections that threads of the tests opened (the live
    # server's, the race tests') are never closed by Django, and PostgreSQL refuses to drop a database in use,
    # which left test_<name>_gw0 and gw1 behind after every run.
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture
def questionnaire(db):
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load, read_definition
    from duediligence.questionnaires.models import Questionnaire

    default = read_definition(DEFAULT_DEFINITION)
    loaded = Questionnaire.objects.filter(slug=default["slug"], version=default["version"]).first()
    return loaded or questionnaire_load(path=DEFAULT_DEFINITION).questionnaire


@pytest.fixture
def assessment(questionnaire, officer, organisation):
    import datetime

    from duediligence.assessments.services import assessment_create

    membership = Membership.objects.get(user=officer, organisation=organisation)
    return assessment_create(
        membership=membership,
        title="Xinjiang sales 2026",
        country="China",
        region="Xinjiang",
        scope="DNA sequencers",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


def answer(assessment, user, **values):
    """Save answers through the real service, as the step page does."""
    from duediligence.assessments.services import answers_save
    from duediligence.assessments.snapshot import Snapshot

    snapshot = Snapshot(assessment)
    versions = {key: snapshot.version_of(key) for key in values}
    return answers_save(assessment=assessment, user=user, values=values, base_versions=versions)


def sample_value(question):
    """A valid answer of the question's type, for filling in whole questionnaires in tests."""
    from duediligence.questionnaires.models import QuestionType

    return {
        QuestionType.YES_NO: "no",
        QuestionType.SINGLE_CHOICE: question.choices[0]["value"] if question.choices else None,
        QuestionType.MULTIPLE_CHOICE: [question.choices[0]["value"]] if question.choices else None,
        QuestionType.SCALE: 3,
        QuestionType.NUMBER: 1,
        QuestionType.DATE: "2026-06-30",
        QuestionType.SHORT_TEXT: f"Short answer to {question.key}",
        QuestionType.LONG_TEXT: f"A considered answer to {question.key}.",
    }.get(question.type)


def complete_required(assessment, user) -> None:
    """Answer every required question that is shown, until none is missing (answers may reveal more), and
    dismiss the risks those answers suggest, so that the assessment can be submitted."""
    from duediligence.assessments.snapshot import Snapshot

    for _ in range(10):
        missing = Snapshot(assessment).missing_required
        if not missing:
            dismiss_suggestions(assessment, user)
            return
        answer(assessment, user, **{question.key: sample_value(question) for question in missing})
    raise AssertionError("required questions keep appearing")


def dismiss_suggestions(assessment, user) -> None:
    """Decide every pending risk suggestion (dismissed, with a reason), as an officer would before submitting."""
    from duediligence.assessments.snapshot import Snapshot
    from duediligence.risks.register import pending_suggestions
    from duediligence.risks.services import suggestion_dismiss

    for suggestion in pending_suggestions(Snapshot(assessment)):
        suggestion_dismiss(
            assessment=assessment,
            question=suggestion.first.question,
            also_decides=tuple(flag.question for flag in suggestion.flags[1:]),
            reason="Not relevant in tests.",
            user=user,
        )


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Tasks run in the request during tests, so a render job is done when the view returns."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


RISK_DEFAULTS = {
    "category": "misuse",
    "rights_affected": "Privacy",
    "people_affected": "Residents",
    "scale": 3,
    "scope": 3,
    "irremediability": 3,
    "likelihood": 3,
    "involvement": "linked",
}


def make_assessment(organisation, questionnaire, officer, title: str, **fields):
    """Another assessment of `organisation`, written straight to its table (no service, so any status may be
    given), for the calendar year 2026 in China unless told otherwise."""
    import datetime

    from duediligence.assessments.models import Assessment

    values = {
        "country": "China",
        "scope": "Sequencers",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        **fields,
    }
    return Assessment.objects.create(
        organisation=organisation, questionnaire=questionnaire, title=title, created_by=officer, **values
    )


@contextlib.contextmanager
def as_if_before_submission():
    """Lets a test set up rows of an assessment that is already frozen, as if they had been there before it was
    submitted: the frozen-content triggers (assessments/frozen.py) are off for the block, inside the test's
    transaction, which is rolled back afterwards. For fixtures only: a test of freezing never uses it."""
    from django.db import connection

    from duediligence.assessments.frozen import TRIGGER, frozen_tables

    names = [table.model._meta.db_table for table in frozen_tables()]
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no pending trigger event: run the deferred foreign-key checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f'ALTER TABLE "{name}" DISABLE TRIGGER "{TRIGGER}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in names:
                cursor.execute(f'ALTER TABLE "{name}" ENABLE TRIGGER "{TRIGGER}"')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def everything(assessment, officer, auditor, private_media):
    """An assessment with a row in every table it owns, through one round of review, submitted again."""
    import datetime
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from duediligence.assessments.models import Evidence
    from duediligence.audits.models import Audit, CorrectiveAction, Finding
    from duediligence.engagement.models import Engagement, EngagementRisk, InformationRequest
    from duediligence.partners.models import MatchStatus, Partner
    from duediligence.partners.screening import screen
    from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, questionnaire_load
    from duediligence.respondents.models import PartnerAttachment
    from duediligence.respondents.services import answers_save, invitations_create
    from duediligence.review.models import Comment, CommentStatus
    from duediligence.risks.models import Indicator, MitigationAction, Remedy, SuggestionDecision
    from tests.review.conftest import move

    complete_required(assessment, officer)
    answer(assessment, officer, presence_decision="continue_with_conditions", decision_conditions="Audits first.")
    question = assessment.questionnaire.questions.get(key="labour_evidence")
    evidence = Evidence(
        assessment=assessment,
        question=question,
        token="t" * 32,
        original_name="factory-visit.pdf",
        content_type="application/pdf",
        size=8,
        sha256="a" * 64,
        uploaded_by=officer,
    )
    evidence.file.save("visit.pdf", ContentFile(b"%PDF-1.4"), save=True)
    answer(assessment, officer, labour_evidence=[evidence.token])
    # Actual: the audit's high finding below says the harm happened (an actual harm is certain, and remedied).
    risk = create_risk(assessment, officer, "Sequencers used for compulsory DNA collection", impact="actual")
    MitigationAction.objects.create(
        risk=risk, description="End-use checks", owner="Sales director", due_date=datetime.date(2026, 9, 1)
    )
    Remedy.objects.create(risk=risk, kind="cooperation", provided="Funding an independent legal aid clinic")
    indicator = Indicator.objects.create(
        risk=risk, name="Sales with end-use checks", kind="process", unit="%", target=100, source="CRM"
    )
    indicator.results.create(period_end=datetime.date(2026, 6, 30), value=75)
    engagement = Engagement.objects.create(
        assessment=assessment, held_on=datetime.date(2026, 2, 1), group="civil_society", method="meeting",
        safety="partly", protection="Held abroad", topics="End use",
    )  # fmt: skip
    EngagementRisk.objects.create(engagement=engagement, risk=risk)
    InformationRequest.objects.create(
        assessment=assessment, received_on=datetime.date(2026, 2, 3), requester_kind="journalist", topic="Sales",
        due_on=datetime.date(2026, 2, 24), status="answered", closed_on=datetime.date(2026, 2, 20),
        summary="Sales by year",
    )  # fmt: skip
    audit = Audit.objects.create(
        assessment=assessment,
        firm="Independent Audit GmbH",
        lead_auditor="R. Auditor",
        independence="No other work for the company.",
        methods=["remote", "documents"],
        restrictions=["minders", "documents_withheld"],
        started_on=datetime.date(2026, 3, 1),
        ended_on=datetime.date(2026, 3, 20),
        created_by=officer,
    )
    finding = Finding.objects.create(audit=audit, severity="high", description="No end-use records", risk=risk)
    CorrectiveAction.objects.create(
        finding=finding, description="Keep end-use records", owner="Compliance", due_date=datetime.date(2027, 8, 1)
    )
    call_command("import_screening_list", "--default", stdout=StringIO())
    Partner.objects.create(
        assessment=assessment, name="Hikvision Digital Technology Co., Ltd.", category="supplier", country="China"
    )
    Partner.objects.create(
        assessment=assessment,
        name="Kashgar Clinic",
        name_local="喀什诊所",
        category="customer",
        country="China",
        disclosed=False,
        withheld_reason="safety",
    )
    screen(assessment_id=assessment.pk)
    (invitation,) = invitations_create(
        assessment=assessment, partners=[assessment.partners.get(name="Kashgar Clinic")], emails={
            assessment.partners.get(name="Kashgar Clinic").pk: "clinic@example.test"
        }, questionnaire=questionnaire_load(path=PARTNER_DEFINITIONS[1]).questionnaire,
        due_on=datetime.date(2099, 5, 1), message="Please answer", user=officer,
    )  # fmt: skip
    answers_save(invitation=invitation, values={"end_users_known": "few"}, language="zh-hans")
    attachment = PartnerAttachment(
        invitation=invitation, token="p" * 32, original_name="map.pdf", content_type="application/pdf", size=8,
        sha256="b" * 64,
    )  # fmt: skip
    attachment.file.save("map.pdf", ContentFile(b"%PDF-1.4"), save=True)
    SuggestionDecision.objects.create(
        assessment=assessment, question=question, outcome="dismissed", reason="Not sold there", decided_by=officer
    )
    match = assessment.partners.get(name__startswith="Hikvision").matches.first()
    match.status, match.reason, match.decided_by = MatchStatus.CONFIRMED, "Same company", officer
    match.decided_at = datetime.datetime(2026, 4, 2, 9, 30, tzinfo=datetime.UTC)
    match.save()
    move(assessment, "submit", officer)
    move(assessment, "start_review", auditor)
    comment = Comment.objects.create(assessment=assessment, author=auditor, text="Which sites were visited?")
    move(assessment, "request_changes", auditor, note="See the comment.")
    comment.reply, comment.replied_by, comment.status = "Two sites in Ürümqi.", officer, CommentStatus.ADDRESSED
    comment.replied_at = datetime.datetime(2026, 4, 3, 10, 0, tzinfo=datetime.UTC)
    comment.save()
    move(assessment, "submit", officer)
    assessment.refresh_from_db()
    return assessment


def create_risk(assessment, user, title: str = "A risk", **values):
    """A risk in the register with middling scores unless told otherwise."""
    from duediligence.risks.models import Risk

    if values.get("impact") == "actual":
        values.setdefault("likelihood", 5)  # an actual harm is certain (a database rule)
    values = {**RISK_DEFAULTS, **values}
    return Risk.objects.create(assessment=assessment, title=title, created_by=user, **values)


@pytest.fixture
def no_questionnaire(db):
    """A database with no questionnaire loaded yet, for tests of loading itself (rolled back afterwards)."""
    from duediligence.questionnaires.models import Question, Questionnaire, Section, Step

    for model in (Question, Section, Step, Questionnaire):
        model.objects.all().delete()


@pytest.fixture
def default_list(db):
    """The shipped screening list, imported."""
    from io import StringIO

    from django.core.management import call_command

    call_command("import_screening_list", "--default", stdout=StringIO())
    from duediligence.partners.models import ScreeningList

    return ScreeningList.objects.get()


def project_form_classes():
    """Every form class that the apps of duediligence define in their forms modules."""
    import importlib
    import inspect

    from django import forms
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("duediligence."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield form
