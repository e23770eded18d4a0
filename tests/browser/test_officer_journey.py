"""Journey 1: a compliance officer answers all four steps and submits."""

import re

import pytest
from playwright.sync_api import expect

from duediligence.assessments.models import Assessment, Status
from tests.browser.conftest import audit
from tests.browser.helpers import fill_remaining_sections, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PARTNERS_CSV = (
    "name,name_local,category,city,region,country,relationship,products,since,disclosed,withheld_reason\n"
    "Hikvision Digital Technology Co. Ltd,海康威视数字技术股份有限公司,supplier,Hangzhou,Zhejiang,China,Cameras,"
    "Video analytics,2020,yes,\n"
    "Tianshan Instruments Co.,天山仪器有限公司,distributor,Ürümqi,Xinjiang,China,Distributor,Sequencers,2019,yes,\n"
)


def test_an_officer_answers_all_four_steps_and_submits(new_page, officer, questionnaire, tmp_path):
    page = new_page()
    login(page, officer.email)
    page.get_by_role("link", name="New assessment", exact=True).click()
    audit(page)
    page.get_by_label("Title").fill("Xinjiang sequencer sales 2026")
    page.get_by_label("Country").fill("China")
    page.get_by_label("Region or province").fill("Xinjiang")
    page.get_by_label("Business scope").fill("Benchtop DNA sequencers and reagents")
    page.get_by_label("Reporting period from").fill("2026-01-01")
    page.get_by_label("Reporting period to").fill("2026-12-31")
    page.get_by_role("button", name="Create assessment").click()
    expect(page.get_by_role("heading", name="Xinjiang sequencer sales 2026")).to_be_visible()
    audit(page)

    # Step 1, first section: a conditional question appears as the officer answers (script on).
    page.get_by_role("link", name="Step 1: Risk assessment").click()
    activities = page.get_by_role("group", name="Which activities take place in or for the region?")
    expect(activities).to_be_hidden()
    page.get_by_role("group", name=re.compile("^Does the company, or anyone acting for it")).get_by_label("Yes").check()
    expect(activities).to_be_visible()
    activities.get_by_label("Sales to customers in the region").check()
    audit(page)
    fill_remaining_sections_until(page, "labour")

    # Evidence upload in the labour section.
    evidence = tmp_path / "tracing.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Upload evidence of your supply-chain tracing or labour checks").set_input_files(str(evidence))
    fill_remaining_sections(page)
    audit(page, "check page")
    assert "tracing.pdf" in page.content()

    assessment = Assessment.objects.get(title="Xinjiang sequencer sales 2026")
    overview = f"/assessments/{assessment.pk}/"

    # A risk in the register.
    page.goto(overview)
    page.get_by_role("link", name="Risk register and heat map").click()
    audit(page)
    page.get_by_role("link", name="Add a risk").click()
    page.get_by_label("Title").fill("Sequencers used for compulsory DNA collection")
    page.get_by_label("Category").select_option("surveillance_privacy")
    page.get_by_label("Rights affected").fill("Privacy; non-discrimination")
    page.get_by_label("People affected").fill("Residents of the region")
    for label, value in [("Scale", "5"), ("Scope", "5"), ("Irremediability", "5"), ("Likelihood", "3")]:
        page.get_by_role("spinbutton", name=re.compile(f"^{label}")).fill(value)
    page.get_by_label("How the company is involved").select_option("contributes")
    audit(page)
    page.get_by_role("button", name="Save risk").click()
    expect(page.get_by_text("added to the register")).to_be_visible()

    # An audit.
    page.goto(overview)
    page.get_by_role("link", name="Audits, findings and corrective actions").click()
    page.get_by_role("link", name="Record an audit").click()
    page.get_by_label("Audit firm").fill("Kestrel Assurance")
    page.get_by_label("Lead auditor").fill("Samuel Okafor")
    page.get_by_label("Independence statement").fill("No other services to the company.")
    page.get_by_label("Document review").check()
    page.get_by_label("Audit started").fill("2026-04-01")
    page.get_by_label("Audit ended").fill("2026-04-20")
    page.get_by_label("Government minders present").check()
    page.get_by_label("Restrictions in detail").fill("Officials attended every site visit.")
    audit(page)
    page.get_by_role("button", name="Save audit").click()
    expect(page.get_by_text("Government minders present")).to_be_visible()
    audit(page)

    # Partners imported from CSV, one screening match confirmed.
    page.goto(overview)
    page.get_by_role("link", name="Partners and screening").click()
    audit(page)
    partners = tmp_path / "partners.csv"
    partners.write_text(PARTNERS_CSV, encoding="utf-8")
    page.get_by_label("Partner list (CSV, UTF-8)").set_input_files(str(partners))
    page.get_by_role("button", name="Import partners").click()
    expect(page.get_by_text("Imported 2 partners")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Back to the partners").click()
    page.get_by_role("link", name="Hikvision Digital Technology Co. Ltd").click()
    audit(page)
    page.get_by_role("button", name=re.compile("^Confirm match")).first.click()
    expect(page.get_by_text("Confirmed match").first).to_be_visible()

    # Check the answers and submit: refused while decisions are open, each listed with a link to decide it.
    page.goto(overview)
    expect(page.get_by_text("Partners confirmed on a screening list")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("The assessment was not submitted")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("still open$"))).to_be_visible()
    audit(page, "submit refused with open decisions")
    decide_open_items(page, overview)
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Submitted. Your auditors can now review")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def decide_open_items(page, overview: str) -> None:
    """Follow the check page's links until nothing is open: an action and an indicator for each salient risk, a
    reason for each dismissed suggestion and possible match."""
    for _ in range(20):
        page.goto(overview + "check/")
        open_section = page.locator("section[aria-labelledby=open-decisions-title]")
        if not open_section.count():
            return
        open_section.get_by_role("link").first.click()
        page.wait_for_load_state("load")
        if "/actions/new/" in page.url:
            page.get_by_label("Description").fill("Stop reagent supply to police laboratories")
            page.get_by_label("Owner").fill("Head of sales")
            page.get_by_label("Due date").fill("2026-09-30")
            page.get_by_role("button", name="Save action").click()
        elif "/indicators/new/" in page.url:
            # A salient risk needs an indicator that tracks whether the response works.
            page.locator("#id_name").fill("Orders refused from security customers")
            page.locator("#id_kind").select_option(index=1)
            page.locator("#id_unit").fill("per cent")
            page.locator("#id_source").fill("Order system, checked each quarter")
            page.get_by_role("button", name="Save indicator").click()
        elif "/risks/" in page.url:
            dismiss = page.get_by_role("button", name=re.compile("^Dismiss"))
            while dismiss.count():
                page.get_by_label("Reason for dismissing").first.fill("The register's risk already covers this harm.")
                dismiss.first.click()
                page.wait_for_load_state("load")
        elif "/partners/" in page.url:
            # Each match still marked "Potential match" is dismissed with a reason; decided ones stay.
            for _ in range(10):
                potential = page.locator("section", has=page.get_by_text("Potential match", exact=True))
                if not potential.count():
                    break
                potential.first.get_by_label("Reason (needed to dismiss)").fill("Another company: other address.")
                potential.first.get_by_role("button", name=re.compile("^Dismiss")).click()
                page.wait_for_load_state("load")
        page.wait_for_load_state("load")
    raise AssertionError("decisions stayed open")


def fill_remaining_sections_until(page, section_key: str) -> None:
    from tests.browser.helpers import FILL_SECTION

    for _ in range(10):
        if f"/{section_key}/" in page.url:
            return
        page.evaluate(FILL_SECTION)
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state("load")
    raise AssertionError(f"never reached section {section_key}")
