"""An officer keeps the organisation's records with the keyboard-reachable pages: a refused profile keeps what was
typed and says why, a policy and a training record are added, and every page passes axe (and the Nu checker)."""

import pytest

from tests.browser.conftest import audit
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_an_officer_keeps_the_profile_policies_and_training(new_page, officer):
    page = new_page()
    login(page, officer.email)
    page.get_by_role("link", name="Organisation records").click()
    page.wait_for_url("**/organisation/records/")
    audit(page, "organisation records, empty")
    page.get_by_role("link", name="Record the profile").click()
    page.get_by_label("Legal name").fill("Meridian Test AG")
    page.get_by_label("Structure and ownership").fill("A company limited by shares.")
    page.get_by_label("Group entities the statements cover").fill("Meridian Test AG, Switzerland")
    page.get_by_label("Sector").fill("Laboratory instruments")
    page.get_by_label("Countries of operation").fill("Switzerland\nChina")
    page.get_by_label("Financial year ends in month").fill("2")
    page.get_by_label("Financial year ends on day").fill("30")
    page.get_by_label("How turnover is reckoned").fill("Group turnover")
    page.get_by_role("button", name="Save the profile").click()
    # Refused: the error summary names the field, and what was typed is still there.
    page.get_by_role("alert").get_by_text("This day does not exist in that month every year.").wait_for()
    assert page.get_by_label("Sector").input_value() == "Laboratory instruments"
    audit(page, "profile refused")
    page.get_by_label("Financial year ends in month").fill("12")
    page.get_by_label("Financial year ends on day").fill("31")
    page.get_by_role("button", name="Save the profile").click()
    page.wait_for_url("**/organisation/records/")
    page.get_by_text("Profile saved (version 1).").wait_for()

    page.get_by_role("link", name="Add a policy").click()
    page.get_by_label("Title").fill("Forced labour policy")
    page.get_by_label("Scope").fill("Own staff and suppliers")
    page.get_by_label("Forced labour and modern slavery").check()
    page.get_by_label("Approved by").fill("The board")
    page.get_by_label("Approved on").fill("2026-03-01")
    page.get_by_label("Link to the policy").fill("https://meridian.example/policy")
    audit(page, "new policy")
    page.get_by_role("button", name="Save the policy").click()
    page.wait_for_url("**/organisation/records/")

    page.get_by_role("link", name="Add a training record").click()
    page.get_by_label("Topic").fill("Spotting forced labour")
    page.get_by_label("Audience").fill("Buyers")
    page.get_by_label("Number of people trained").fill("12")
    page.get_by_label("Date").fill("2026-03-10")
    page.get_by_role("button", name="Save the training record").click()
    page.wait_for_url("**/organisation/records/")
    assert page.get_by_role("cell", name="Spotting forced labour", exact=True).count() == 1
    assert page.get_by_role("link", name="Forced labour policy", exact=True).count() == 1
    audit(page, "organisation records, kept")
