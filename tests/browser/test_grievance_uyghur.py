"""Journey: a Uyghur worker raises a concern on the Uyghur page, right to left, in a font that has Uyghur's letters,
is refused in Uyghur with our own messages, keeps the code and passphrase, and comes back to the case in Uyghur; the
officer sees that the case is written in Uyghur. Every page is scanned by axe and kept for the Nu checker."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from duediligence.grievances.services import mechanism_for
from duediligence.lib.public_languages import public_language
from tests.browser.conftest import audit
from tests.browser.helpers import login
from tests.conftest import set_up_case_key

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

CONCERN = "ياتاقتىن چىقالمايمىز، ھۆججەتلىرىمىز ئېلىۋېلىندى."  # We cannot leave the dormitory; our papers were taken.
PLACE = "ئاقسۇ"  # Aksu
PROTECTION = "ئەرز سەۋەبىدىن ھېچقانداق خىزمەت ئاخىرلاشتۇرۇلمايدۇ."  # No job ends because of a case.


def ug(text: str) -> str:
    """What the Uyghur page says for `text`, from the catalogue."""
    with translation.override("ug"):
        return translation.gettext(text)


def test_a_concern_raised_in_uyghur_reads_right_to_left_and_comes_back_in_uyghur(new_page, officer, organisation):
    set_up_case_key(organisation, officer)  # cases are encrypted to it: without one the intake takes none
    mechanism = mechanism_for(organisation)
    mechanism.retaliation_protection = "No job ends because of a case."
    mechanism.translations = {"ug": {"retaliation_protection": PROTECTION}}
    mechanism.save()

    visitor = new_page()
    visitor.goto(f"/g/{organisation.slug}/en/")
    visitor.get_by_role("link", name=public_language("ug").name).click()
    expect(visitor.get_by_role("heading", name=ug("Raise a concern"), exact=True)).to_be_visible()
    expect(visitor.locator("html")).to_have_attribute("dir", "rtl")
    expect(visitor.locator("html")).to_have_attribute("lang", "ug")
    expect(visitor.get_by_text(PROTECTION)).to_be_visible()
    # Mirrored: the notice's coloured edge is on the right, where a right-to-left reader starts the line.
    edges = visitor.locator(".notice").first.evaluate(
        "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
    )
    assert edges == ["4px", "0px"]
    # Uyghur's letters in the vendored Naskh font, which the page fetched because it has Arabic-script text.
    naskh = visitor.evaluate(
        "async () => { await document.fonts.ready; return [...document.fonts]"
        ".filter(f => f.family.includes('Noto Naskh Arabic') && f.status === 'loaded').length; }"
    )
    assert naskh >= 1
    assert visitor.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ې ۆ ۈ ۋ ى')")
    audit(visitor, "intake in Uyghur")

    # Sent empty: refused in Uyghur with our messages, never Django's ("this region is required").
    visitor.get_by_role("button", name=ug("Send the concern")).click()
    alert = visitor.get_by_role("alert")
    expect(alert).to_contain_text(ug("Choose what the concern is about."))
    expect(alert).to_contain_text(ug("Describe what happened."))
    expect(visitor.locator("body")).not_to_contain_text("رايون تەلەپ قىلىنىدۇ")
    audit(visitor, "intake in Uyghur, refused")
    visitor.get_by_label(ug("What is the concern about?")).select_option("forced_labour")
    visitor.get_by_label(ug("What happened?"), exact=True).fill(CONCERN)
    visitor.get_by_label(ug("Where did it happen?")).fill(PLACE)
    visitor.get_by_role("button", name=ug("Send the concern")).click()
    expect(visitor.get_by_role("heading", name=ug("Your concern was received")).first).to_be_visible()
    audit(visitor, "received in Uyghur")
    secrets = visitor.locator(".secret").all_inner_texts()
    code, passphrase = secrets[0], secrets[1]
    assert re.fullmatch(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    # The code reads left to right inside the right-to-left page.
    assert visitor.locator(".codes dd").first.evaluate("e => getComputedStyle(e).direction") == "ltr"

    staff = new_page()
    login(staff, officer.email)
    staff.get_by_role("link", name="Grievances").click()
    staff.get_by_role("link", name=code).click()
    expect(staff.locator("#written-in")).to_have_text("Uyghur (Arabic script)")
    expect(staff.locator('[lang="ug"][dir="rtl"]', has_text=CONCERN)).to_be_visible()
    staff.get_by_role("button", name="Acknowledge the case").click()
    expect(staff.get_by_text(f"Case {code} is now acknowledged.")).to_be_visible()

    visitor.get_by_role("link", name=ug("Follow up your case")).first.click()
    expect(visitor.get_by_role("heading", name=ug("Follow up a case"))).to_be_visible()
    audit(visitor, "follow-up in Uyghur")
    visitor.get_by_label(ug("Case code"), exact=True).fill(code)
    visitor.get_by_label(ug("Passphrase"), exact=True).fill(passphrase)
    visitor.get_by_role("button", name=ug("Open the case")).click()
    expect(visitor.get_by_text(CONCERN)).to_be_visible()
    expect(visitor.get_by_text(ug("Acknowledged"), exact=True)).to_be_visible()
    audit(visitor, "case in Uyghur")

    # The intake once more, as the page the Nu checker reads (the refused and received pages share its address).
    visitor.goto(f"/g/{organisation.slug}/ug/")
    audit(visitor, "intake in Uyghur")
