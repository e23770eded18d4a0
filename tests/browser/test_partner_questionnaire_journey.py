"""Journey: an officer sends a questionnaire to three partners; one answers in Chinese and submits, one declines,
the third lets its due date pass and becomes a flag; the officer sees all three states. Every page is scanned by
axe and kept for the Nu checker, in both languages."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from duediligence.partners.models import Partner
from duediligence.questionnaires.loader import SUPPLIER_DEFINITION, questionnaire_load
from duediligence.respondents.models import PartnerInvitation
from tests.browser.conftest import audit
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

# Answers every question shown: the last choice of each group, a number, a line of text; run again after a save
# shows follow-up questions.
FILL = """
() => {
  for (const fieldset of document.querySelectorAll('main form fieldset')) {
    const radios = [...fieldset.querySelectorAll('input[type=radio]')];
    if (radios.length && !radios.some(r => r.checked)) radios[radios.length - 1].click();
    const boxes = [...fieldset.querySelectorAll('input[type=checkbox]')];
    if (boxes.length && !boxes.some(b => b.checked)) boxes[0].click();
  }
  for (const input of document.querySelectorAll('main form input[type=number]')) if (!input.value) input.value = '48';
  for (const area of document.querySelectorAll('main form textarea[name^="q-"]')) {
    if (!area.value) area.value = '棉花来自山东。';
  }
}
"""


def token_for(address: str) -> str:
    message = next(m for m in mail.outbox if address in m.to)
    return re.search(r"/p/([A-Za-z0-9_-]+)/en/", message.body).group(1)


def confirm_code(page, address: str, button: str, field: str, open_button: str) -> None:
    page.get_by_role("button", name=button).click()
    code = re.search(r"\b(\d{6})\b", [m for m in mail.outbox if address in m.to][-1].body).group(1)
    page.get_by_label(field).fill(code)
    page.get_by_role("button", name=open_button).click()


def test_three_partners_answer_decline_and_stay_silent(new_page, officer, assessment):
    questionnaire_load(path=SUPPLIER_DEFINITION)
    names = {
        "Kashgar Yarn Co.": "yarn@example.test",
        "Hotan Textile": "textile@example.test",
        "Aksu Gin": "gin@example.test",
    }
    for name, address in names.items():
        Partner.objects.create(
            assessment=assessment, name=name, category="supplier", country="China", contact_email=address
        )

    staff = new_page()
    login(staff, officer.email)
    staff.goto(f"/assessments/{assessment.pk}/partners/")
    for name in names:
        staff.get_by_label(f"Select {name}").check()
    staff.get_by_label("Answers due by").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    staff.get_by_role("button", name="Send the invitations").click()
    expect(staff.get_by_text("3 invitations made: their emails are on their way", exact=False)).to_be_visible()
    audit(staff, "partner list with invitations")

    # One answers in Chinese.
    answering = new_page()
    answering.goto(f"/p/{token_for('yarn@example.test')}/zh-hans/")
    expect(answering.get_by_role("heading", name="供应商问卷")).to_be_visible()
    audit(answering, "respondent start in Chinese")
    confirm_code(answering, "yarn@example.test", "通过邮件发送验证码", "邮件中的六位数验证码", "确认并打开")
    expect(answering.get_by_role("button", name="提交回答")).to_be_visible()
    audit(answering, "respondent answers in Chinese")
    for _ in range(3):
        answering.evaluate(FILL)
        answering.get_by_role("button", name="提交回答").click()
        if answering.get_by_role("heading", name="谢谢").count():
            break
        audit(answering, "respondent answers in Chinese, follow-ups")
    expect(answering.get_by_role("heading", name="谢谢")).to_be_visible()
    audit(answering, "respondent thanked in Chinese")

    # One declines, in English.
    declining = new_page()
    declining.goto(f"/p/{token_for('textile@example.test')}/en/")
    audit(declining, "respondent start in English")
    confirm_code(
        declining, "textile@example.test", "Email me a code", "Six-digit code from the email", "Confirm and open"
    )
    audit(declining, "respondent answers in English")
    declining.get_by_label("Why do you decline?").fill("We do not share information about our workers.")
    declining.get_by_role("button", name="Decline", exact=True).click()
    expect(declining.get_by_role("heading", name="Thank you")).to_be_visible()

    # The third lets its due date pass.
    PartnerInvitation.objects.filter(email="gin@example.test").update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    staff.goto(f"/assessments/{assessment.pk}/partners/")
    table = staff.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("Kashgar Yarn Co."))).to_contain_text("Submitted")
    expect(table.get_by_role("row", name=re.compile("Hotan Textile"))).to_contain_text("Declined")
    expect(table.get_by_role("row", name=re.compile("Aksu Gin"))).to_contain_text("Overdue")
    audit(staff, "partner list with three states")
    staff.goto(f"/assessments/{assessment.pk}/")
    flag = staff.get_by_role("region", name=re.compile("Partners that do not disclose"))
    expect(flag).to_contain_text("Hotan Textile")
    expect(flag).to_contain_text("Aksu Gin")
    audit(staff, "overview with the non-disclosure flag")
    staff.goto(f"/assessments/{assessment.pk}/risks/")
    expect(staff.get_by_text(re.compile("From Kashgar Yarn Co.'s answer to")).first).to_be_visible()
    audit(staff, "register with partner suggestions")
