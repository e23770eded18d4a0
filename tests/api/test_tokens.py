"""Personal API tokens: made on the Account page and shown once, stored as a hash, ended by revocation, expiry
or a role change, rate limited, and traced in the security log."""

import datetime
import hashlib
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duediligence.accounts.models import Membership
from duediligence.lib.acting import Acting
from duediligence.security.api_tokens import digest_of
from duediligence.security.models import ApiToken, EventKind, SecurityEvent
from tests.api.conftest import ApiClient, token_for
from tests.conftest import client_for

ORGANISATIONS = "/api/v1/organisations/"


def make_on_the_account_page(client, membership, name="ERP partner sync", days="90"):
    return client.post(reverse("security:api_token_create"), {"name": name, "membership": membership.pk, "days": days})


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_as_a_hash(officer):
    client = client_for(officer)
    membership = Membership.objects.get(user=officer)
    page = make_on_the_account_page(client, membership)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    raw = re.search(r'value="(dd_[A-Za-z0-9_-]+)"', page.content.decode()).group(1)
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get())
    assert stored.role == "officer" and stored.membership == membership
    assert (stored.expires_at - timezone.now()).days in (89, 90)
    account = client.get(reverse("security:account")).content.decode()
    assert "ERP partner sync" in account and stored.prefix in account and raw not in account
    assert f"{membership.organisation.name} (compliance officer)" in account
    made = SecurityEvent.objects.get(kind=EventKind.API_TOKEN_CREATED)
    assert made.organisation == membership.organisation and made.actor == officer
    assert ApiClient(raw).get(ORGANISATIONS).json()[0]["role"] == "officer"


def test_a_refused_token_form_keeps_what_was_typed(officer):
    client = client_for(officer)
    page = make_on_the_account_page(client, Membership.objects.get(user=officer), name="My script", days="7")
    assert page.status_code == 400
    assert 'value="My script"' in page.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_manager_must_have_passed_two_factor_to_make_a_token(manager):
    membership = Membership.objects.get(user=manager)
    unverified = Client()
    unverified.force_login(manager)
    # The second-step middleware sends an unverified manager to set it up before any page, this one included.
    assert make_on_the_account_page(unverified, membership).status_code == 302
    assert ApiToken.objects.count() == 0
    assert make_on_the_account_page(client_for(manager), membership).status_code == 200
    assert ApiToken.objects.count() == 1


def test_no_token_or_a_wrong_one_is_401_with_a_reason(officer):
    anonymous = ApiClient(None).get(ORGANISATIONS)
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    wrong = ApiClient("dd_" + "x" * 43).get(ORGANISATIONS)
    assert wrong.status_code == 401 and wrong.json()["detail"] == "Unknown API token."
    session = client_for(officer).get(ORGANISATIONS)
    assert session.status_code == 401, "a signed-in browser's cookie is not an API credential"


def test_revoking_ends_the_token_and_is_logged(officer):
    raw = token_for(officer)
    client = client_for(officer)
    token = ApiToken.objects.get()
    assert client.post(reverse("security:api_token_revoke", args=[token.pk])).status_code == 302
    refused = ApiClient(raw).get(ORGANISATIONS)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert SecurityEvent.objects.filter(kind=EventKind.API_TOKEN_REVOKED, actor=officer).exists()


def test_nobody_revokes_another_persons_token(officer, auditor):
    token_for(officer)
    token = ApiToken.objects.get()
    assert client_for(auditor).post(reverse("security:api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_expired_token_and_one_whose_role_changed_are_refused(officer):
    raw = token_for(officer)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "expired" in ApiClient(raw).get(ORGANISATIONS).json()["detail"]
    raw = token_for(officer)
    Membership.objects.filter(user=officer).update(role="auditor")
    refused = ApiClient(raw).get(ORGANISATIONS)
    assert refused.status_code == 401 and "role changed" in refused.json()["detail"]


def test_a_token_ends_for_good_at_the_first_role_change_whatever_made_it(officer, org_admin):
    from duediligence.accounts.services import member_change_role

    membership = Membership.objects.get(user=officer)
    # Through the members page's service: demoted, then given the old role back.
    raw = token_for(officer)
    member_change_role(membership=membership, role="auditor", acting=Acting(user=org_admin))
    member_change_role(membership=membership, role="officer", acting=Acting(user=org_admin))
    refused = ApiClient(raw).get(ORGANISATIONS)
    assert refused.status_code == 401 and "role changed" in refused.json()["detail"]
    assert ApiToken.objects.get(digest=digest_of(raw)).revoked_at is not None
    # By any other path to the table (a shell, a script): PostgreSQL ends the token all the same.
    raw = token_for(officer)
    Membership.objects.filter(pk=membership.pk).update(role="manager")
    Membership.objects.filter(pk=membership.pk).update(role="officer")
    assert ApiClient(raw).get(ORGANISATIONS).status_code == 401
    # A save that leaves the role as it was ends nothing.
    raw = token_for(officer)
    Membership.objects.filter(pk=membership.pk).update(role="officer")
    assert ApiClient(raw).get(ORGANISATIONS).status_code == 200


def test_every_use_is_counted_and_the_minutes_limit_answers_429(officer, settings):
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 3
    client = ApiClient(token_for(officer))
    statuses = [client.get(ORGANISATIONS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(ORGANISATIONS)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert ApiToken.objects.get().last_used_at is not None


def test_a_new_address_goes_to_the_security_log_once(officer):
    client = ApiClient(token_for(officer))
    for _ in range(3):
        client.get(ORGANISATIONS)
    uses = SecurityEvent.objects.filter(kind=EventKind.API_TOKEN_NEW_ADDRESS)
    assert uses.count() == 1 and uses.get().ip_address == "127.0.0.1"
    assert ApiToken.objects.get().addresses == ["127.0.0.1"]


def test_someone_without_an_organisation_is_told_why_they_cannot_make_a_token(db):
    from duediligence.accounts.models import User

    loner = User.objects.create_user(email="loner@test.example", password="x", full_name="Lone Person")
    client = Client()
    client.force_login(loner)
    page = client.get(reverse("security:account")).content.decode()
    assert "Make the token" not in page and "once you are a member of one" in page
