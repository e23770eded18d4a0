from django.urls import reverse

from duediligence.accounts.models import Invitation, Membership, Role
from duediligence.security import events
from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import PASSWORD, client_for, complete_required


def test_logins_failures_and_logouts_are_logged_with_the_address(client, officer):
    client.post(reverse("accounts:login"), {"username": "officer@test.example", "password": "wrong-one-123"})
    client.post(
        reverse("accounts:login"), {"username": "officer@test.example", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(reverse("accounts:logout"))
    events = list(SecurityEvent.objects.order_by("id").values_list("kind", "actor_email", "ip_address"))
    assert events == [
        (EventKind.LOGIN_FAILED, "officer@test.example", "127.0.0.1"),
        (EventKind.LOGIN, "officer@test.example", "10.1.2.3"),
        (EventKind.LOGOUT, "officer@test.example", "127.0.0.1"),
    ]


def test_a_failure_for_an_unknown_address_keeps_what_was_typed(client, db):
    client.post(reverse("accounts:login"), {"username": "nobody@nowhere.example", "password": "guess-guess-1"})
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.actor_email) == (EventKind.LOGIN_FAILED, None, "nobody@nowhere.example")


def test_role_changes_are_logged_for_the_organisation(admin_client_org, officer, organisation):
    membership = officer.memberships.get()
    admin_client_org.post(reverse("accounts:member_role", args=[membership.pk]), {f"m{membership.pk}-role": "auditor"})
    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGED)
    assert (event.organisation, event.subject) == (organisation, "officer@test.example")
    assert event.detail == "From Compliance officer to Auditor."
    assert event.actor.email == "admin@test.example"


def test_a_submission_is_logged_as_a_transition(officer_client, officer, assessment):
    complete_required(assessment, officer)
    officer_client.post(reverse("assessments:submit", args=[assessment.pk]))
    event = SecurityEvent.objects.get(kind=EventKind.TRANSITION)
    assert event.detail == "Draft → Submitted"
    assert event.subject == "Xinjiang sales 2026 (revision 1)"


def test_internal_report_views_are_logged_and_public_ones_are_not(manager_client, assessment):
    manager_client.get(reverse("reports:preview", args=[assessment.pk, "public"]))
    assert not SecurityEvent.objects.filter(kind=EventKind.INTERNAL_REPORT_DOWNLOADED).exists()
    manager_client.get(reverse("reports:preview", args=[assessment.pk, "internal"]))
    event = SecurityEvent.objects.get(kind=EventKind.INTERNAL_REPORT_DOWNLOADED)
    assert (event.actor.email, event.detail) == ("manager@test.example", "Draft HTML preview")


def test_the_admin_reads_their_organisation_log_and_nothing_of_others(
    admin_client_org, officer, other_organisation, outsider
):
    client_for(officer)
    events.record(EventKind.LOGIN, actor=officer)
    events.record(EventKind.LOGIN, actor=outsider)
    SecurityEvent.objects.create(kind=EventKind.ROLE_CHANGED, organisation=other_organisation, subject="x@other")
    page = admin_client_org.get(reverse("security:events")).content.decode()
    assert "officer@test.example" in page
    assert "outsider@other.example" not in page and "x@other" not in page


def test_the_log_filters_by_kind_and_person(admin_client_org, officer, auditor):
    events.record(EventKind.LOGIN, actor=officer)
    events.record(EventKind.LOGIN_FAILED, actor=auditor)
    page = admin_client_org.get(reverse("security:events"), {"kind": "login_failed"}).content.decode()
    assert "auditor@test.example" in page and "officer@test.example" not in page
    page = admin_client_org.get(reverse("security:events"), {"email": "officer@"}).content.decode()
    assert "officer@test.example" in page and "auditor@test.example" not in page


def test_only_admins_read_the_log(manager_client, officer_client):
    assert manager_client.get(reverse("security:events")).status_code == 403
    assert officer_client.get(reverse("security:events")).status_code == 403


def test_an_invitation_its_acceptance_and_a_removal_are_logged(admin_client_org, organisation, officer, outsider):
    admin_client_org.post(
        reverse("accounts:members"), {"email": outsider.email, "full_name": "Typed", "role": Role.OFFICER}
    )
    invitation = Invitation.objects.get(email=outsider.email)
    client_for(outsider).post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    admin_client_org.post(reverse("accounts:member_remove", args=[officer.memberships.get().pk]))
    kinds = list(SecurityEvent.objects.filter(organisation=organisation).order_by("id").values_list("subject", "kind"))
    assert kinds == [
        (outsider.email, EventKind.MEMBER_INVITED),
        (outsider.email, EventKind.MEMBER_ADDED),
        ("officer@test.example", EventKind.MEMBER_REMOVED),
    ]


def test_a_sign_in_is_shown_to_the_organisations_the_person_belonged_to_then(organisation, outsider):
    events.record(EventKind.LOGIN, actor=outsider)
    Membership.objects.create(user=outsider, organisation=organisation, role=Role.OFFICER)
    events.record(EventKind.LOGOUT, actor=outsider)
    visible = SecurityEvent.objects.visible_to_admins_of(organisation).values_list("kind", flat=True)
    assert list(visible) == [EventKind.LOGOUT], "sign-ins from before joining stay out of the organisation's log"


def test_the_admin_site_cannot_edit_the_log(db):
    from django.contrib import admin

    model_admin = admin.site._registry[SecurityEvent]
    assert not model_admin.has_change_permission(None) and not model_admin.has_delete_permission(None)
