from django.test import Client
from django.urls import reverse

from duediligence.accounts.models import Invitation, InvitationStatus, Membership, Role, User
from tests.conftest import client_for


def test_an_admin_invites_a_new_person_who_chooses_a_password_and_accepts(
    admin_client_org, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_org.post(
            reverse("accounts:members"),
            {"email": "New.Person@Test.example", "full_name": "New Person", "role": "auditor"},
            follow=True,
        )
    assert "Invitation to new.person@test.example made" in response.content.decode()
    person = User.objects.get(email="new.person@test.example")
    assert not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists(), "nobody joins before accepting"
    assert mailoutbox[0].to == ["new.person@test.example"]
    assert "/accounts/password/reset/" in mailoutbox[0].body

    person.set_password("a-long-new-password-1")
    person.save()
    client = Client()
    client.force_login(person)
    page = client.get(reverse("accounts:no_membership")).content.decode()
    assert organisation.name in page and "Accept" in page
    invitation = Invitation.objects.get(email=person.email)
    response = client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.role) == (organisation, Role.AUDITOR)


def test_an_existing_account_is_invited_not_attached_and_its_name_stays_hidden(
    admin_client_org, organisation, outsider, other_organisation, mailoutbox, django_capture_on_commit_callbacks
):
    """The serious probe finding: adding an existing account attached it and showed its real name."""
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_org.post(
            reverse("accounts:members"),
            {"email": outsider.email, "full_name": "Typed Name", "role": "officer"},
            follow=True,
        )
    page = response.content.decode()
    assert f"Invitation to {outsider.email} made" in page
    assert outsider.full_name not in page, "the admin learns nobody's name before they accept"
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()
    outsider.refresh_from_db()
    assert outsider.full_name == "Oscar Outsider", "the typed name never replaces an existing account's"
    assert "/accounts/invitations/" in mailoutbox[0].body and "/password/reset/" not in mailoutbox[0].body


def test_the_admin_is_told_the_same_whether_or_not_an_account_exists(
    admin_client_org, outsider, django_capture_on_commit_callbacks
):
    def message(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_org.post(
                reverse("accounts:members"), {"email": email, "full_name": "Typed Name", "role": "officer"}, follow=True
            )
        return [str(message).replace(email, "ADDRESS") for message in response.context["messages"]]

    told = message(outsider.email)
    assert told == [
        "Invitation to ADDRESS made: they join Meridian Test AG as Compliance officer once they accept it. "
        "The list below says when its email went out."
    ]
    assert told == message("nobody-yet@elsewhere.example")


def test_a_person_declines_and_never_joins(admin_client_org, organisation, outsider, outsider_client):
    admin_client_org.post(reverse("accounts:members"), {"email": outsider.email, "full_name": "X", "role": "officer"})
    invitation = Invitation.objects.get(email=outsider.email)
    outsider_client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_only_the_invited_address_can_answer(admin_client_org, officer_client, outsider):
    admin_client_org.post(reverse("accounts:members"), {"email": outsider.email, "full_name": "X", "role": "admin"})
    invitation = Invitation.objects.get(email=outsider.email)
    response = officer_client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_admin_withdraws_an_invitation_before_it_is_accepted(admin_client_org, outsider, outsider_client):
    admin_client_org.post(reverse("accounts:members"), {"email": outsider.email, "full_name": "X", "role": "officer"})
    invitation = Invitation.objects.get(email=outsider.email)
    admin_client_org.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    response = outsider_client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 404
    assert Membership.objects.filter(user=outsider).count() == 1


def test_an_admin_of_one_organisation_reaches_nothing_of_a_person_who_belongs_only_to_another(
    admin_client_org, organisation, outsider, outsider_client
):
    """Before accepting: no sign-in history, no unlock, no two-factor reset."""
    from duediligence.security.models import SecurityEvent

    outsider_client.get(reverse("dashboard:home"))
    Client().post(reverse("accounts:login"), {"username": outsider.email, "password": "wrong-password"})
    admin_client_org.post(reverse("accounts:members"), {"email": outsider.email, "full_name": "X", "role": "officer"})
    log = admin_client_org.get(reverse("security:events")).content.decode()
    rows = log.split("<tbody>")[1].split("</tbody>")[0].split("<tr")
    about_them = [row for row in rows if outsider.email in row]
    assert about_them and all("Member invited" in row for row in about_them), "only the invitation, no sign-ins"
    failed = SecurityEvent.objects.filter(actor=outsider, kind="login_failed")
    assert failed.exists(), "the failure is in the log: in the outsider's own organisation's part of it"
    assert not SecurityEvent.objects.visible_to_admins_of(organisation).filter(actor=outsider).exists()
    foreign = Membership.objects.get(user=outsider)
    for name in ("accounts:member_unlock", "accounts:member_two_factor_reset", "accounts:member_remove"):
        assert admin_client_org.post(reverse(name, args=[foreign.pk])).status_code == 404


def test_it_refuses_inviting_an_existing_member_and_keeps_the_input(admin_client_org, officer):
    response = admin_client_org.post(
        reverse("accounts:members"), {"email": officer.email, "full_name": "Typed Name", "role": "manager"}
    )
    page = response.content.decode()
    assert "already a member" in page
    assert 'value="Typed Name"' in page
    assert Membership.objects.get(user=officer).role == Role.OFFICER


def test_an_admin_changes_a_role(admin_client_org, officer):
    membership = Membership.objects.get(user=officer)
    admin_client_org.post(reverse("accounts:member_role", args=[membership.pk]), {f"m{membership.pk}-role": "manager"})
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_the_last_admin_cannot_step_down(admin_client_org, org_admin):
    membership = Membership.objects.get(user=org_admin)
    response = admin_client_org.post(
        reverse("accounts:member_role", args=[membership.pk]), {f"m{membership.pk}-role": "officer"}, follow=True
    )
    assert "needs at least one admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_an_admin_removes_a_member(admin_client_org, officer):
    membership = Membership.objects.get(user=officer)
    admin_client_org.post(reverse("accounts:member_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_members_of_another_organisation_are_404(admin_client_org, outsider):
    membership = Membership.objects.get(user=outsider)
    response = admin_client_org.post(reverse("accounts:member_remove", args=[membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_only_admins_manage_members(officer_client, officer):
    assert officer_client.get(reverse("accounts:members")).status_code == 403
    membership = Membership.objects.get(user=officer)
    response = officer_client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "admin"})
    assert response.status_code == 403


def test_an_invitation_the_mail_server_refuses_says_so_on_the_members_page_and_is_no_500(
    admin_client_org, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.lib.mail_backends.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_org.post(
            reverse("accounts:members"), {"email": "refused@test.example", "full_name": "R", "role": "officer"}
        )
    assert response.status_code == 302
    page = admin_client_org.get(reverse("accounts:members")).content.decode()
    assert "Could not be sent: SMTPRecipientsRefused" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_org.post(
            reverse("accounts:members"), {"email": "fine@test.example", "full_name": "F", "role": "officer"}
        )
    assert Invitation.objects.get(email="fine@test.example").sent_at is not None


def test_the_site_operator_lands_on_a_page_that_points_to_the_administration(db):
    """Regression: staff@… landed on "You do not belong to an organisation yet", with no way on."""
    operator = User.objects.create_user(email="staff@test.example", password=None, full_name="Site Operator")
    operator.is_staff = True
    operator.save()
    # Past the second step: an operator signs in with two factors (issue 31).
    client = client_for(operator)
    page = client.get(reverse("accounts:no_membership")).content.decode()
    assert "You run this site" in page and f'href="{reverse("admin:index")}"' in page
    assert "do not belong to an organisation" not in page
