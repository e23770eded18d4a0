"""Screenshots of the key pages for README.md: `make screenshots` (not part of the test suite).

Loads the demo data into the test database, then photographs each role's main pages in Chromium.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from duediligence.assessments.models import Assessment
from tests.browser.helpers import login

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page, name: str, url: str) -> None:
    page.goto(url)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)


def test_take_screenshots(new_page, settings):
    settings.DEMO_PASSWORD = "a-long-test-password-1"
    call_command("seed_demo", stdout=StringIO())
    OUT.mkdir(parents=True, exist_ok=True)
    demo = Assessment.objects.get(organisation__slug="meridian-genomics")
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "officer@meridian.example")
    shoot(page, "1-overview", f"/assessments/{demo.pk}/")
    shoot(page, "2-step-page", f"/assessments/{demo.pk}/steps/1/end-use/")
    shoot(page, "3-risk-register", f"/assessments/{demo.pk}/risks/")
    shoot(page, "4-partners", f"/assessments/{demo.pk}/partners/")
    shoot(page, "5-report-preview", f"/assessments/{demo.pk}/report/public/preview/")
    manager = new_page()
    manager.set_viewport_size({"width": 1280, "height": 900})
    login(manager, "manager@meridian.example")
    shoot(manager, "6-manager-dashboard", "/")
