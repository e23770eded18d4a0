import pytest
from django.urls import reverse

from duediligence.accounts.models import Membership, Role
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("role_fixture", "role_label"),
    [
        ("officer", "Compliance officer"),
        ("auditor", "Auditor"),
        ("manager", "Manager"),
        ("org_admin", "Organisation admin"),
    ],
)
def test_it_shows_the_role_on_the_dashboard(request, role_fixture, role_label):
    user = request.getfixturevalue(role_fixture)
    page = client_for(user).get(reverse("dashboard:home")).content.decode()
    assert f"Meridian Test AG · {role_label}" in page


def test_only_admins_see_the_members_link(officer_client, admin_client_org):
    members = reverse("accounts:members")
    assert f'href="{members}"' not in officer_client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{members}"' in admin_client_org.get(reverse("dashboard:home")).content.decode()


def test_the_current_page_is_marked_for_screen_readers(officer_client):
    page = officer_client.get(reverse("dashboard:home")).content.decode()
    assert 'aria-current="page"' in page


def test_a_user_in_two_organisations_can_switch(auditor, other_organisation):
    Membership.objects.create(user=auditor, organisation=other_organisation, role=Role.AUDITOR)
    client = client_for(auditor)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert 'id="organisation-switch"' in page
    response = client.post(reverse("accounts:organisation_switch"), {"organisation": other_organisation.pk})
    assert response.status_code == 302
    assert '<h1 class="h2">Other Corp</h1>' in client.get(reverse("dashboard:home")).content.decode()


def test_it_refuses_switching_to_an_organisation_one_does_not_belong_to(officer_client, other_organisation):
    response = officer_client.post(
        reverse("accounts:organisation_switch"), {"organisation": other_organisation.pk}, follow=True
    )
    page = response.content.decode()
    assert "You are not a member of that organisation." in page
    assert '<h1 class="h2">Meridian Test AG</h1>' in page


def test_it_ignores_an_offsite_next_after_switching(auditor_client, organisation):
    response = auditor_client.post(
        reverse("accounts:organisation_switch"), {"organisation": organisation.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard:home")
