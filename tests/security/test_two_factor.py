import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.models import Role
from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import PASSWORD, client_for, make_member


def code_for(device: TOTPDevice) -> str:
    """The code the person's phone would show now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def wait_out_the_throttle(device: TOTPDevice) -> None:
    """django-otp makes a person wait after a wrong code; move that wait into the past."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=5)
    )


def log_in(client, email: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD}, follow=True)


def test_a_manager_without_a_phone_is_sent_to_set_it_up_before_anything_else(client, manager):
    response = log_in(client, "manager@test.example")
    assert response.redirect_chain[-1][0].startswith(reverse("security:two_factor_setup"))
    page = response.content.decode()
    assert "Your role signs off reports" in page
    assert 'id="totp-key"' in page and 'src="data:image/svg+xml' in page
    # Every other page sends them back to the set-up, remembering where they were going.
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("security:two_factor_setup") + "?next=%2Fassessments%2F"


def test_setting_up_needs_a_code_from_the_new_phone(client, manager):
    log_in(client, "manager@test.example")
    client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=manager)
    refused = client.post(reverse("security:two_factor_setup"), {"code": "000000"})
    assert "That code did not match" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    wait_out_the_throttle(device)
    response = client.post(reverse("security:two_factor_setup"), {"code": code_for(device), "next": "/assessments/"})
    page = response.content.decode()
    assert "Your recovery codes" in page and 'href="/assessments/"' in page, "the codes first, then where it was going"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("assessments:list")).status_code == 200
    assert SecurityEvent.objects.filter(kind=EventKind.TWO_FACTOR_ENABLED, actor=manager).exists()


def test_with_a_phone_every_login_asks_for_a_code(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    response = log_in(client, "officer@test.example")
    assert response.redirect_chain[-1][0].startswith(reverse("security:two_factor_verify"))
    assert client.get(reverse("dashboard:home")).status_code == 302
    wrong = client.post(reverse("security:two_factor_verify"), {"code": "12 34 56"})
    assert "That code did not match" in wrong.content.decode()
    assert SecurityEvent.objects.filter(kind=EventKind.TWO_FACTOR_FAILED, actor=officer).count() == 1
    too_soon = client.post(reverse("security:two_factor_verify"), {"code": code_for(device)})
    assert "Too many wrong codes in a row: wait" in too_soon.content.decode()
    wait_out_the_throttle(device)
    right = client.post(reverse("security:two_factor_verify") + "?next=/", {"code": code_for(device), "next": "/"})
    assert right["Location"] == "/"
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_a_code_is_not_accepted_twice(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    code = code_for(device)
    log_in(client, "officer@test.example")
    client.post(reverse("security:two_factor_verify"), {"code": code})
    second = client_for_password(officer)
    response = second.post(reverse("security:two_factor_verify"), {"code": code})
    assert "That code did not match" in response.content.decode()


def client_for_password(user):
    from django.test import Client

    client = Client()
    log_in(client, user.email)
    return client


def test_before_the_code_a_session_cannot_swap_the_phone(client, officer):
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    log_in(client, "officer@test.example")
    response = client.get(reverse("security:two_factor_setup"))
    assert response["Location"] == reverse("security:two_factor_verify")
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_an_officer_may_turn_it_on_and_off(officer_client, officer):
    assert officer_client.get(reverse("dashboard:home")).status_code == 200  # not required for officers
    officer_client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=officer)
    officer_client.post(reverse("security:two_factor_setup"), {"code": code_for(device)})
    assert (
        '<span class="badge text-bg-success">On</span>'
        in officer_client.get(reverse("security:account")).content.decode()
    )
    response = officer_client.post(reverse("security:two_factor_remove"), follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_a_manager_cannot_turn_it_off(manager_client, manager):
    response = manager_client.post(reverse("security:two_factor_remove"), follow=True)
    assert "Your role requires two-factor sign-in" in response.content.decode()
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()


def test_an_admin_resets_a_lost_phone_and_the_member_sets_up_again(admin_client_org, manager, client):
    client_for(manager)  # gives the manager a confirmed phone
    membership = manager.memberships.get()
    response = admin_client_org.post(reverse("accounts:member_two_factor_reset", args=[membership.pk]), follow=True)
    assert "two-factor sign-in was reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert log_in(client, manager.email).redirect_chain[-1][0].startswith(reverse("security:two_factor_setup"))
    event = SecurityEvent.objects.get(kind=EventKind.TWO_FACTOR_REMOVED)
    assert event.subject == manager.email and "Removed by Adam Admin" in event.detail


def test_becoming_admin_requires_a_phone_from_the_next_page_on(officer_client, officer, organisation):
    officer.memberships.update(role=Role.ADMIN)
    response = officer_client.get(reverse("dashboard:home"))
    assert response["Location"].startswith(reverse("security:two_factor_setup"))


def test_signing_out_and_public_pages_need_no_second_step(client, manager, db):
    log_in(client, manager.email)
    assert client.get(reverse("public:page", args=["no-such-token"])).status_code == 404
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_an_auditor_of_two_organisations_needs_it_when_admin_in_either(auditor, other_organisation):
    from duediligence.accounts.models import Membership

    Membership.objects.create(user=auditor, organisation=other_organisation, role=Role.ADMIN)
    from duediligence.security import two_factor

    assert two_factor.is_required_for(auditor)
    assert not two_factor.is_required_for(make_member(other_organisation, Role.OFFICER, "o2@x.example", "O Two"))


def recovery_codes_in(page: str) -> list[str]:
    import re

    return re.findall(r'<li class="col">([a-z2-7]{4}-[a-z2-7]{4})</li>', page)


def test_recovery_codes_are_shown_once_at_set_up_and_each_signs_in_once(client, manager):
    log_in(client, "manager@test.example")
    client.get(reverse("security:two_factor_setup"))
    device = TOTPDevice.objects.get(user=manager)
    codes = recovery_codes_in(
        client.post(reverse("security:two_factor_setup"), {"code": code_for(device)}).content.decode()
    )
    assert len(codes) == 10 and len(set(codes)) == 10

    second = Client()
    log_in(second, "manager@test.example")
    response = second.post(
        reverse("security:two_factor_verify"), {"code": codes[0].upper().replace("-", " ")}, follow=True
    )
    assert "You signed in with a recovery code; 9 left" in response.content.decode()
    assert second.get(reverse("assessments:list")).status_code == 200
    assert SecurityEvent.objects.filter(kind=EventKind.RECOVERY_CODE_USED, actor=manager).exists()

    third = Client()
    log_in(third, "manager@test.example")
    reused = third.post(reverse("security:two_factor_verify"), {"code": codes[0]})
    assert "That code did not match" in reused.content.decode()
    assert third.get(reverse("assessments:list")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(manager_client, manager):
    from duediligence.lib.acting import Acting
    from duediligence.security import two_factor

    old = two_factor.recovery_codes_issue(manager, acting=Acting(user=manager))
    page = manager_client.post(reverse("security:recovery_codes_renew")).content.decode()
    new = recovery_codes_in(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert response_has_no_store(manager_client.post(reverse("security:recovery_codes_renew")))
    assert two_factor.recovery_codes_left(manager) == 10


def response_has_no_store(response) -> bool:
    return response["Cache-Control"] == "no-store"


def test_an_admin_reset_removes_the_recovery_codes_too(admin_client_org, manager):
    from duediligence.lib.acting import Acting
    from duediligence.security import two_factor

    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    two_factor.recovery_codes_issue(manager, acting=Acting(user=manager))
    membership = manager.memberships.get()
    admin_client_org.post(reverse("accounts:member_two_factor_reset", args=[membership.pk]))
    assert two_factor.recovery_codes_left(manager) == 0 and not two_factor.has_device(manager)


def test_has_device_counts_confirmed_apps_and_recovery_codes_in_one_query(officer, django_assert_num_queries):
    from django_otp.plugins.otp_static.models import StaticDevice

    from duediligence.security import two_factor

    with django_assert_num_queries(1):
        assert not two_factor.has_device(officer)
    TOTPDevice.objects.create(user=officer, name="Unfinished set-up", confirmed=False)
    assert not two_factor.has_device(officer)
    StaticDevice.objects.create(user=officer, name="Recovery codes", confirmed=True)
    assert two_factor.has_device(officer)
    StaticDevice.objects.all().delete()
    TOTPDevice.objects.update(confirmed=True)
    assert two_factor.has_device(officer)
