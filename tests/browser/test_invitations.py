"""Journey: an admin invites a person who already has an account; the person accepts on their own page."""

import pytest
from playwright.sync_api import expect

from duediligence.accounts.models import Membership
from tests.browser.conftest import audit
from tests.browser.helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_an_admin_invites_and_the_person_accepts(new_page, org_admin, outsider, organisation):
    page = new_page()
    login(page, org_admin.email)
    page.goto("/accounts/members/")
    audit(page, "members")
    page.get_by_label("Email address").fill(outsider.email)
    page.get_by_label("Full name").fill("Typed By The Admin")
    page.get_by_label("Role to offer").select_option("auditor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation to {outsider.email} made", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Invitations waiting for an answer")).to_be_visible()
    assert outsider.full_name not in page.content()
    audit(page, "members with an invitation")
    logout(page)

    login(page, outsider.email)
    page.goto("/accounts/invitations/")
    audit(page, "invitations")
    page.get_by_role("button", name=f"Accept the invitation to {organisation.name}").click()
    expect(page.get_by_text(f"You joined {organisation.name} as Auditor")).to_be_visible()
    assert Membership.objects.filter(user=outsider, organisation=organisation, role="auditor").exists()
