"""Journey: an anonymous person raises a concern in Chinese and comes back with the code and passphrase to read
the reply; an officer acknowledges it, links a risk and closes it with a remedy; the public report shows the
figures and none of the case's text. Every page is scanned by axe and kept for the Nu checker, in both languages.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from duediligence.grievances.models import Case
from duediligence.lib.public_languages import public_language
from duediligence.reports.render import render_html
from tests.browser.conftest import audit
from tests.browser.helpers import login
from tests.conftest import create_risk, set_up_case_key

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

CONCERN = "我的同事被从和田调到工厂，护照被收走，不能离开宿舍。"


def zh(text: str) -> str:
    """What the Chinese page says for `text`: the catalogue's wording, so the journey follows its reviews."""
    with translation.override("zh-hans"):
        return translation.gettext(text)


def test_a_concern_raised_in_chinese_is_answered_closed_and_counted(new_page, officer, organisation, assessment):
    risk = create_risk(assessment, officer, "Passports held by labour agents")
    set_up_case_key(organisation, officer)  # cases are encrypted to it: without one the intake takes none

    visitor = new_page()
    visitor.goto(f"/g/{organisation.slug}/en/")
    audit(visitor, "intake in English")
    visitor.goto(f"/g/{organisation.slug}/zh-hans/safety/")
    audit(visitor, "safety advice in Chinese")
    visitor.goto(f"/g/{organisation.slug}/en/procedure/")
    audit(visitor, "procedure in English")
    visitor.goto(f"/g/{organisation.slug}/en/follow-up/")
    audit(visitor, "follow-up in English")
    visitor.get_by_role("link", name=public_language("zh-hans").name).click()
    expect(visitor.get_by_role("heading", name=zh("Follow up a case"))).to_be_visible()
    visitor.get_by_role("link", name=zh("Raise a concern")).first.click()
    expect(visitor.get_by_role("heading", name=zh("Raise a concern"))).to_be_visible()
    audit(visitor, "intake in Chinese")
    # Sent without a description: refused in Chinese, and what was chosen stays.
    visitor.get_by_label(zh("What is the concern about?")).select_option("forced_labour")
    visitor.get_by_label(zh("Where did it happen?")).fill("阿克苏")
    visitor.get_by_role("button", name=zh("Send the concern")).click()
    expect(visitor.get_by_role("alert")).to_contain_text(zh("Describe what happened."))
    expect(visitor.get_by_label(zh("Where did it happen?"))).to_have_value("阿克苏")
    audit(visitor, "intake in Chinese, refused")
    visitor.get_by_label(zh("What happened?")).fill(CONCERN)
    visitor.get_by_role("button", name=zh("Send the concern")).click()
    expect(visitor.get_by_role("heading", name=zh("Your concern was received"))).to_be_visible()
    audit(visitor, "received in Chinese")
    secrets = visitor.locator(".secret").all_inner_texts()
    code, passphrase = secrets[0], secrets[1]
    assert re.fullmatch(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", code)

    staff = new_page()
    login(staff, officer.email)
    staff.get_by_role("link", name="Grievances").click()
    audit(staff, "cases")
    staff.get_by_role("link", name=code).click()
    expect(staff.get_by_text(CONCERN)).to_be_visible()
    audit(staff, "case")
    staff.get_by_role("button", name="Acknowledge the case").click()
    expect(staff.get_by_text(f"Case {code} is now acknowledged.")).to_be_visible()
    staff.get_by_label("Reply to the person who raised it").fill("We are sending an independent team to the site.")
    staff.get_by_role("button", name="Send the reply").click()
    staff.get_by_label(re.compile("Passports held by labour agents")).check()
    staff.get_by_role("button", name="Save the links").click()
    expect(staff.get_by_text("1 risk linked.")).to_be_visible()
    staff.get_by_role("button", name="Start the investigation").click()
    staff.get_by_label("Outcome").select_option("substantiated")
    staff.get_by_label("Remedy provided").fill("Passports returned; workers free to leave; back pay.")
    staff.get_by_role("button", name="Close the case").click()
    expect(staff.get_by_text(f"Case {code} is now closed.")).to_be_visible()
    audit(staff, "closed case")

    visitor.get_by_role("link", name=zh("Follow up a case")).click()
    visitor.get_by_label(zh("Case code")).fill(code.lower())
    visitor.get_by_label(zh("Passphrase")).fill(passphrase)
    visitor.get_by_role("button", name=zh("Open the case")).click()
    expect(visitor.get_by_text("We are sending an independent team to the site.")).to_be_visible()
    expect(visitor.get_by_text(zh("Substantiated"), exact=True)).to_be_visible()
    audit(visitor, "case in Chinese")
    visitor.get_by_role("radio", name=zh("No")).check()
    visitor.get_by_role("button", name=zh("Send my answer")).click()
    expect(visitor.get_by_text(zh("You said the outcome is not acceptable."))).to_be_visible()

    case = Case.objects.get(code=code)
    assert (case.status, case.outcome_accepted, case.risk_uids) == ("closed", False, [risk.uid])
    public = render_html(assessment, "public")
    assert "1 case received in the period" in public and "Remedies provided: 1" in public
    assert CONCERN not in public and code not in public
