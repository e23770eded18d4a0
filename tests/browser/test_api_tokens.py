"""A person makes an API token on their Account page, a script uses it, the documentation page renders under
the site's Content Security Policy, and revoking the token on the page ends it."""

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import audit
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def call(url: str, token: str) -> tuple[int, object]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_a_token_made_on_the_account_page_works_until_it_is_revoked(new_page, live_server, assessment, officer):
    page = new_page()
    login(page, officer.email)
    page.goto("/security/")
    audit(page, "account page with API tokens")
    page.get_by_label("What the token is for").fill("ERP partner sync")
    page.get_by_label("Valid for").select_option("30")
    page.get_by_role("button", name="Make the token").click()
    page.wait_for_url("**/security/api-tokens/")
    audit(page, "new API token")
    token = page.get_by_label("Token").input_value()
    assert token.startswith("dd_")

    status, body = call(f"{live_server.url}/api/v1/assessments/", token)
    assert status == 200 and [row["title"] for row in body["results"]] == [assessment.title]

    violations: list[str] = []
    docs = new_page()
    docs.on("console", lambda message: violations.append(message.text))
    docs.goto("/api/v1/docs/")
    # Every operation on one plain page, checked like every other page (axe here, the Nu checker at the end).
    assert docs.get_by_role("heading", name="GET /api/v1/assessments/", exact=True).count() == 1
    assert docs.locator("section[aria-labelledby] h3 code").count() >= 17
    audit(docs, "API documentation")
    docs.get_by_role("link", name="PartnerItemRequest").first.click()
    assert docs.url.endswith("#schema-PartnerItemRequest")
    assert [text for text in violations if "Content Security Policy" in text] == []

    page.goto("/security/")
    page.get_by_role("button", name="Revoke “ERP partner sync”").click()
    page.wait_for_url("**/security/")
    assert "is revoked" in page.content()
    status, body = call(f"{live_server.url}/api/v1/assessments/", token)
    assert status == 401 and "revoked" in body["detail"]
