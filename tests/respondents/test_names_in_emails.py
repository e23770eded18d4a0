"""The emails name the partner as each language's readers know it (its name in Chinese characters in the Chinese
section and subject), and the code email's subject names the company asking."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from duediligence.partners.models import Partner
from tests.respondents.test_invitations import invite

CHINESE_NAME = "阿克苏棉纺有限公司"


def test_each_language_of_the_emails_names_the_partner_as_its_readers_know_it(
    officer_client, assessment, supplier_questionnaire, django_capture_on_commit_callbacks
):
    partner = Partner.objects.create(
        assessment=assessment, name="Aksu Cotton Mill", name_local=CHINESE_NAME, category="supplier", country="China"
    )
    capture = django_capture_on_commit_callbacks
    _invitation, token, message = invite(officer_client, assessment, partner, supplier_questionnaire, capture)
    company = assessment.organisation.name
    english, chinese = message.body.split("\n---\n")
    assert "Aksu Cotton Mill" in english and CHINESE_NAME not in english
    assert CHINESE_NAME in chinese and "Aksu Cotton Mill" not in chinese
    english_subject, chinese_subject = message.subject.split(" / ")
    assert english_subject == f"{company} asks Aksu Cotton Mill to answer a questionnaire"
    assert CHINESE_NAME in chinese_subject and company in chinese_subject

    with capture(execute=True):
        Client().post(reverse("respondents:start", args=[token, "zh-hans"]), {"action": "send"})
    code_email = mail.outbox[-1]
    with translation.override("zh-hans"):
        expected = translation.gettext("Your code for the questionnaire of %(name)s") % {"name": company}
    assert code_email.subject == expected and company in code_email.subject
    assert re.search(r"\b\d{6}\b", code_email.body)
