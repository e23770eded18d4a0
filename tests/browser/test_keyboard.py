"""A step filled in with the keyboard alone."""

import pytest

from duediligence.assessments.snapshot import Snapshot
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def focus_on(page, accessible_test: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(accessible_test):
            return
    raise AssertionError(f"Tab never reached {accessible_test}")


def test_a_section_is_answered_and_saved_without_a_mouse(new_page, assessment, officer):
    page = new_page()
    login(page, officer.email)
    page.goto(f"/assessments/{assessment.pk}/steps/1/context/")
    # Radio group: Tab lands on it, arrow keys move and select.
    focus_on(page, "document.activeElement.name === 'operates_in_region'")
    page.keyboard.press("ArrowDown")  # Yes -> No
    focus_on(page, "document.activeElement.name === 'state_programmes_known'")
    page.keyboard.press("Space")
    focus_on(page, "document.activeElement.name === 'context_sources'")
    page.keyboard.type("UN reports and academic research")
    focus_on(page, "document.activeElement.textContent.trim() === 'Save and come back later'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/assessments/{assessment.pk}/")
    values = Snapshot(assessment).values
    assert values["operates_in_region"] == "no"
    assert values["state_programmes_known"] == "yes"
    assert values["context_sources"] == "UN reports and academic research"
