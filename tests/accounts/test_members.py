from django.urls import reverse

from duediligence.accounts.models import Membership, Role


def test_an_admin_adds_a_new_person_who_is_invited_by_email(admin_client_org, organisation, mailoutbox):
    response = admin_client_org.post(
        reverse("accounts:members"), {"email": "New.Person@Test.example", "full_name": "New Person", "role": "auditor"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@test.example")
    assert (membership.organisation, membership.role) == (organisation, Role.AUDITOR)
    assert not membership.user.has_usable_password()
    assert mailoutbox[0].to == ["new.person@test.example"]
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_it_refuses_adding_an_existing_member_and_keeps_the_input(admin_client_org, officer):
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
