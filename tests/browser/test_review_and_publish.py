"""Journey 2: an auditor requests changes, the officer answers, the auditor approves.
Journey 3: a manager publishes and downloads the PDF; an anonymous visitor opens the public report."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from duediligence.assessments.models import Status
from tests.browser.conftest import audit
from tests.browser.helpers import login, logout
from tests.conftest import complete_required
from tests.review.conftest import move

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_an_auditor_requests_changes_and_approves_after_the_resubmission(new_page, assessment, officer, auditor):
    complete_required(assessment, officer)
    move(assessment, "submit", officer)
    page = new_page()
    login(page, auditor.email)
    page.get_by_role("link", name="Review queue").click()
    audit(page)
    page.get_by_role("button", name=re.compile("^Review")).click()
    page.get_by_role("button", name="Start the review").click()
    audit(page, "review page")
    answer_block = page.locator("#answer-operates_in_region")
    answer_block.get_by_text("Comment on this answer").click()
    answer_block.get_by_label("Your comment").fill("You sell through distributors there: please reconsider.")
    answer_block.get_by_role("button", name="Add comment").click()
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("The assessment is now changes requested.")).to_be_visible()
    logout(page)

    login(page, officer.email)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Read and answer them").click()
    audit(page, "officer review page")
    page.get_by_label("Your reply (what you changed, or why not)").fill("Corrected: we do operate there.")
    page.get_by_role("button", name="Reply and mark addressed").click()
    page.goto(f"/assessments/{assessment.pk}/steps/1/context/")
    expect(page.get_by_text("please reconsider")).to_be_visible()
    page.get_by_role("group", name=re.compile("^Does the company, or anyone acting for it")).get_by_label("Yes").check()
    page.get_by_role("group", name="Which activities take place in or for the region?").get_by_label(
        "Sales to customers in the region"
    ).check()
    page.get_by_role("spinbutton", name=re.compile("^How many people work for you")).fill("14")
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    logout(page)

    login(page, auditor.email)
    page.goto(f"/assessments/{assessment.pk}/review/")
    expect(page.get_by_role("heading", name="What changed since the last review")).to_be_visible()
    changes = page.get_by_role("table", name="Changes, answer by answer and item by item")
    expect(changes).to_contain_text("Does the company, or anyone acting for it")
    audit(page, "review with changes")
    page.get_by_role("button", name="Start the review").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The assessment is now approved.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED


def test_a_manager_publishes_and_a_visitor_reads_the_public_report(new_page, assessment, officer, auditor, manager):
    complete_required(assessment, officer)
    move(assessment, "submit", officer)
    move(assessment, "start_review", auditor)
    move(assessment, "approve", auditor)
    page = new_page()
    login(page, manager.email)
    audit(page, "manager dashboard")
    page.get_by_role("link", name="Xinjiang sales 2026").click()
    page.get_by_role("link", name="Reports: preview, PDF, publication").click()
    audit(page, "reports")
    page.get_by_role("link", name="Sign off and publish").click()
    page.get_by_label("Your role").fill("Chief Executive")
    page.get_by_role("checkbox", name=re.compile("^I have read both reports")).check()
    audit(page, "publish form")
    page.get_by_role("button", name="Sign off and publish").click()
    expect(page.get_by_text("The assessment is published.")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="See the reports and the public page").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").first.click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Meridian Test AG" in text
    public_url = page.get_by_role("link", name="Public page").get_attribute("href")

    visitor = new_page()
    visitor.goto(public_url)
    expect(visitor.get_by_role("heading", name=re.compile("human rights due diligence report"))).to_be_visible()
    audit(visitor, "public page")
    expect(visitor.get_by_text("SHA-256 of the PDF")).to_be_visible()
    assert "Log in" not in visitor.get_by_role("navigation", name="Main").inner_text()
