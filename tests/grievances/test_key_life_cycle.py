"""Who holds the key to the cases, as GlobaLeaks hands it on: set up by the admin (recovery key shown once), given
by an officer who has it, kept through a password change, lost with a forgotten password and given back with the
recovery key, gone with the officer role. A reporter's passphrase opens their own case and nothing else."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from duediligence.accounts.models import Membership, PersonalKey, Role
from duediligence.accounts.services import member_remove
from duediligence.grievances import sealing
from duediligence.grievances.models import CaseKey, CaseKeyAccess
from duediligence.grievances.services import case_create
from duediligence.lib import crypto
from duediligence.security.models import SecurityEvent
from tests.conftest import PASSWORD, client_for, make_member

NEW_PASSWORD = "another-long-test-password-7"
SENTENCE = "The overseer keeps the workers' phones in a locked drawer."


def new_case(organisation):
    return case_create(organisation=organisation, language="en", issue="forced_labour", description=SENTENCE).case


def reads(client: Client, case) -> bool:
    page = client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    return "locked drawer" in page


def sign_in(email: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302, "signed in"
    return client


@pytest.fixture
def colleague(organisation):
    return make_member(organisation, Role.OFFICER, "colleague@test.example", "Cem Colleague")


def test_the_admin_sets_up_the_key_and_sees_the_recovery_key_once(organisation, officer, org_admin):
    sign_in(officer.email, PASSWORD)  # the officer's key pair is made at sign-in
    admin = client_for(org_admin)
    page = admin.get(reverse("grievances:access")).content.decode()
    assert "The case key is not set up yet, so the public page takes no cases." in page
    intake = Client().get(reverse("grievance_public:intake", args=[organisation.slug, "en"]))
    assert intake.status_code == 503
    shown = admin.post(reverse("grievances:key_set_up"))
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    recovery = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{1,4}){12})", shown.content.decode()).group(1)
    assert CaseKeyAccess.objects.filter(user=officer).exists()
    # Never again: the page now lists access, and the recovery key is nowhere in the database.
    again = admin.get(reverse("grievances:access")).content.decode()
    assert recovery not in again and "Reads cases" in again
    assert recovery.encode() not in bytes(CaseKey.objects.get().recovery_wrapped_private_key)
    assert admin.post(reverse("grievances:key_set_up")).status_code == 302  # a second set-up is refused
    assert CaseKey.objects.count() == 1
    assert Client().get(reverse("grievance_public:intake", args=[organisation.slug, "en"])).status_code == 200


def test_an_officer_gives_a_new_colleague_access_without_any_password_changing_hands(
    organisation, officer, colleague, case_key
):
    case = new_case(organisation)
    newcomer = sign_in(colleague.email, PASSWORD)
    assert not reads(newcomer, case)
    access_page = newcomer.get(reverse("grievances:access")).content.decode()
    assert "Cem Colleague" in access_page
    membership = Membership.objects.get(user=colleague)
    # The colleague cannot give themselves access; an officer who has it can.
    assert newcomer.post(reverse("grievances:access_give", args=[membership.pk])).status_code == 302
    assert not CaseKeyAccess.objects.filter(user=colleague).exists()
    client_for(officer).post(reverse("grievances:access_give", args=[membership.pk]))
    assert CaseKeyAccess.objects.get(user=colleague).granted_by == officer
    assert reads(newcomer, case)
    assert SecurityEvent.objects.filter(kind="case_access_given", subject=colleague.email).exists()


def test_a_password_change_keeps_access_and_a_reset_loses_it_until_the_admin_recovers_it(
    organisation, officer, org_admin, case_key
):
    case = new_case(organisation)
    officer_client = sign_in(officer.email, PASSWORD)
    assert reads(officer_client, case)
    changed = officer_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert reads(sign_in(officer.email, NEW_PASSWORD), case), "the same key, wrapped under the new password"

    # A forgotten password: the reset link sets a new one, which never knew the old key.
    officer.refresh_from_db()  # the token is made from the current password hash
    public_key_before = bytes(PersonalKey.objects.get(user=officer).public_key)
    link = reverse(
        "accounts:password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(officer.pk)), default_token_generator.make_token(officer)],
    )
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert "recovery key" in form_page.content.decode()
    browser.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert bytes(PersonalKey.objects.get(user=officer).public_key) != public_key_before
    after_reset = sign_in(officer.email, PASSWORD)
    assert not reads(after_reset, case)
    admin = client_for(org_admin)
    assert "Lapsed" in admin.get(reverse("grievances:access")).content.decode()

    membership = Membership.objects.get(user=officer)
    wrong = admin.post(
        reverse("grievances:access_recover"), {"recovery_key": "AAAA-" * 12 + "AAAA", "officers": [membership.pk]}
    )
    assert wrong.status_code == 400 and "not this organisation&#x27;s recovery key" in wrong.content.decode()
    recovered = admin.post(
        reverse("grievances:access_recover"), {"recovery_key": case_key, "officers": [membership.pk]}
    )
    assert recovered.status_code == 302
    assert reads(after_reset, case)
    assert CaseKeyAccess.objects.get(user=officer).granted_through == "recovery"


def test_removing_an_officer_or_changing_their_role_removes_their_access(organisation, officer, colleague, org_admin):
    from tests.conftest import set_up_case_key

    set_up_case_key(organisation, officer, colleague)
    assert CaseKeyAccess.objects.count() == 2
    admin = client_for(org_admin)
    membership = Membership.objects.get(user=colleague)
    admin.post(reverse("accounts:member_role", args=[membership.pk]), {f"m{membership.pk}-role": Role.AUDITOR})
    membership.refresh_from_db()
    assert membership.role == Role.AUDITOR
    assert not CaseKeyAccess.objects.filter(user=colleague).exists()
    member_remove(membership=Membership.objects.get(user=officer))
    assert not CaseKeyAccess.objects.exists()


def test_a_reporters_passphrase_opens_their_own_case_and_no_other(organisation, case_key):
    first, second = (
        case_create(organisation=organisation, language="en", issue="other", description=SENTENCE) for _ in range(2)
    )
    first_key = sealing.case_key_for_reporter(first.case, first.passphrase)
    assert sealing.report_of(first.case, first_key).description == SENTENCE
    with pytest.raises(crypto.Undecryptable):
        sealing.case_key_for_reporter(second.case, first.passphrase)
    with pytest.raises(crypto.Undecryptable):
        sealing.report_of(second.case, first_key)
