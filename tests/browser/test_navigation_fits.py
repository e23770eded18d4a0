"""At 1280 px the navigation of the busiest role fits on one line and the organisation switcher is not cut off."""

import pytest

from duediligence.accounts.models import Membership, Organisation, Role
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_the_auditors_navigation_fits_one_line_at_1280_px(new_page, auditor, organisation):
    # An external auditor often audits several organisations, with long names: the switcher shows them.
    for index in range(3):
        other = Organisation.objects.create(
            name=f"Kestrel Assurance Partners and Associates {index}", slug=f"kestrel-{index}"
        )
        Membership.objects.create(user=auditor, organisation=other, role=Role.AUDITOR)
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, auditor.email)
    tops = page.eval_on_selector_all(
        "header nav .navbar-nav .nav-link, header nav .navbar-nav button",
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))",
    )
    assert tops and max(tops) - min(tops) <= 4, f"navigation wraps onto several lines: {tops}"
    switcher = page.locator("#organisation-switch")
    box = switcher.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    width = page.evaluate("document.querySelector('#organisation-switch').scrollWidth")
    assert width <= box["width"] + 1, "the selected organisation's name is cut off"
