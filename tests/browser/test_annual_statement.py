"""An officer starts the year's annual statement, reads what it still lacks on the check page, writes its texts and
is refused a submission while an assessment of the year is still a draft: every page passes axe (and the Nu
checker)."""

import pytest

from duediligence.records import services as records
from tests.browser.conftest import audit
from tests.browser.helpers import login
from tests.reports.test_statutory import PROFILE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_an_officer_starts_checks_and_writes_the_years_statement(new_page, officer, organisation, assessment):
    records.profile_save(organisation=organisation, user=officer, data=PROFILE)
    page = new_page()
    login(page, officer.email)
    page.get_by_role("link", name="Statements", exact=True).click()
    page.wait_for_url("**/organisation/statements/")
    audit(page, "statements, none yet")
    page.get_by_role("link", name="Start a statement").click()
    page.get_by_label("Financial year ending in").fill("2026")
    audit(page, "start a statement")
    page.get_by_role("button", name="Start the statement").click()
    page.get_by_role("heading", name="Annual statement, 1 January 2026 to 31 December 2026").wait_for()
    audit(page, "a draft statement")

    page.get_by_role("link", name="Check before submitting").click()
    page.get_by_text("The assessment “Xinjiang sales 2026” approved by an auditor (it is draft)").wait_for()
    audit(page, "check page")

    page.go_back()
    page.get_by_role("link", name="Change the texts").click()
    page.get_by_label("The business and its supply chains as a whole").fill("Instruments made in Switzerland.")
    audit(page, "the statement's texts")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Statement saved.").wait_for()
    page.get_by_role("button", name="Submit the statement for review").click()
    # Refused with the check page, which names the parts still missing: the draft assessment, and (for the Norway
    # account) guidelines in the register of policies.
    page.get_by_text("2 required parts of the statement are missing.").wait_for()
    assert page.get_by_text("The assessment “Xinjiang sales 2026” approved by an auditor", exact=False).count() == 1
    assert page.get_by_text("Guidelines and procedures for handling adverse impacts").count() == 1
    audit(page, "submission refused")
