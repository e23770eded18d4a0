"""The public grievance pages: a case raised without an account, in English or Chinese, and followed up by code."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from duediligence.grievances import sealing
from duediligence.grievances.models import Case, CaseEvent
from duediligence.grievances.services import case_move, case_reply
from duediligence.lib.public_languages import PageKind, languages, others
from duediligence.security.models import PublicCounter
from tests.grievances.test_case_work import opened

pytestmark = pytest.mark.usefixtures("case_key")

CONCERN = {
    "issue": "forced_labour",
    "description": "Workers from Hotan were moved to the plant and cannot leave the dormitory.",
    "place": "Aksu",
    "happened": "March 2026",
}


def intake_url(organisation, language="en"):
    return reverse("grievance_public:intake", args=[organisation.slug, language])


def raise_case(client, organisation, language="en", **extra):
    response = client.post(intake_url(organisation, language), {**CONCERN, **extra}, REMOTE_ADDR="203.0.113.9")
    page = response.content.decode()
    code = re.search(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", page).group(0)
    passphrase = re.search(r'<span class="secret">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</span>', page).group(1)
    return response, code, passphrase


def test_a_case_is_raised_anonymously_and_officers_are_told_without_its_text(
    db, organisation, officer, django_capture_on_commit_callbacks
):
    client = Client()
    page = client.get(intake_url(organisation)).content.decode()
    assert "stores no IP address or browser data" in page and 'lang="en"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response, code, passphrase = raise_case(client, organisation)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    case = Case.objects.get(code=code)
    assert case.anonymous and case.status == "received" and case.language == "en"
    assert passphrase not in case.passphrase_hash
    # Nothing of the visitor's address is stored in clear, with the case or in the rate-limit counters.
    stored = " ".join(str(value) for value in Case.objects.values().get().values())
    assert "203.0.113.9" not in stored
    assert all("203.0.113.9" not in counter.key for counter in PublicCounter.objects.all())
    (email,) = mail.outbox
    assert email.to == [officer.email] and code in email.subject + email.body
    assert CONCERN["description"] not in email.body


def test_the_chinese_page_speaks_chinese_and_keeps_what_was_typed_after_a_refusal(db, organisation):
    client = Client()
    page = client.get(intake_url(organisation, "zh-hans")).content.decode()
    assert 'lang="zh-Hans"' in page and "反映问题" in page and "本页面不会将任何 IP 地址" in page
    refused = client.post(intake_url(organisation, "zh-hans"), {"issue": "surveillance", "place": "喀什"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "请说明发生了什么。" in text and 'value="喀什"' in text
    assert not Case.objects.exists()


def test_a_file_that_is_not_an_accepted_type_is_refused_and_nothing_is_saved(db, organisation):
    upload = SimpleUploadedFile("photo.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")
    response = Client().post(intake_url(organisation), {**CONCERN, "attachment": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a file type we accept" in page and CONCERN["description"] in page
    assert not Case.objects.exists()


def test_the_reporter_comes_back_reads_the_reply_adds_information_and_answers_on_the_outcome(db, organisation, officer):
    client = Client()
    _, code, passphrase = raise_case(client, organisation, "zh-hans")
    case = Case.objects.get(code=code)
    key = sealing.case_key_for_organisation(case, officer_key(organisation, officer))
    case_move(case=case, to="acknowledged", user=officer)
    case_reply(case=case, key=key, user=officer, text="We have sent an independent team to the plant.")
    follow_up = reverse("grievance_public:follow_up", args=[organisation.slug, "zh-hans"])
    # Lower case and without dashes is fine: people copy codes by hand.
    response = client.post(follow_up, {"code": code.lower().replace("-", ""), "passphrase": passphrase.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "We have sent an independent team to the plant." in page and "已确认收到" in page
    case_page = reverse("grievance_public:case", args=[organisation.slug, "zh-hans"])
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    client.post(case_page, {"form_token": token, "action": "add", "add-text": "Two more workers were moved yesterday."})
    assert [text for message, text in opened(case, officer).messages if message.from_reporter] == [
        "Two more workers were moved yesterday."
    ]
    case_move(case=case, to="closed", user=officer, key=key, outcome="substantiated", remedy="Back pay; free to leave.")
    closed = client.get(case_page).content.decode()
    assert "Back pay; free to leave." in closed
    client.post(
        case_page, {"form_token": token, "action": "feedback", "feedback-accepted": "no", "feedback-text": "Not all."}
    )
    case.refresh_from_db()
    assert case.outcome_accepted is False
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "actor_id"))
    assert ("reporter_feedback", None) in kinds and ("status", officer.pk) in kinds


def officer_key(organisation, officer):
    from duediligence.accounts.personal_keys import personal_key_open
    from duediligence.grievances.keys import organisation_private_key
    from tests.conftest import PASSWORD

    return organisation_private_key(
        organisation=organisation, user=officer, personal_private_key=personal_key_open(officer, PASSWORD)
    )


def test_a_wrong_passphrase_and_an_unknown_code_read_the_same_and_are_throttled(db, organisation, settings):
    settings.GRIEVANCE_FOLLOW_UP_TRIES_PER_CODE = 3
    client = Client()
    _, code, passphrase = raise_case(client, organisation)
    follow_up = reverse("grievance_public:follow_up", args=[organisation.slug, "en"])
    wrong = client.post(follow_up, {"code": code, "passphrase": "AAAA-AAAA-AAAA-AAAA"}).content.decode()
    unknown = client.post(follow_up, {"code": "GR-2222-2222", "passphrase": passphrase}).content.decode()
    message = "This case code and passphrase do not match a case."
    assert message in wrong and message in unknown
    client.post(follow_up, {"code": code, "passphrase": "BBBB-BBBB-BBBB-BBBB"})
    client.post(follow_up, {"code": code, "passphrase": "CCCC-CCCC-CCCC-CCCC"})
    # Three wrong tries against the code: now even the right passphrase waits.
    blocked = client.post(follow_up, {"code": code, "passphrase": passphrase})
    assert blocked.status_code == 400 and "Too many attempts" in blocked.content.decode()


def test_the_intake_is_rate_limited_per_address_and_keeps_the_text(db, organisation, settings):
    settings.GRIEVANCE_CASES_PER_HOUR = 2
    client = Client()
    raise_case(client, organisation)
    raise_case(client, organisation)
    refused = client.post(intake_url(organisation), CONCERN, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "Too many cases were sent from here" in refused.content.decode()
    assert CONCERN["description"] in refused.content.decode()
    assert Case.objects.count() == 2
    # Another address is not held back.
    assert Client().post(intake_url(organisation), CONCERN, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_case_page_without_the_code_leads_to_the_follow_up_form(db, organisation):
    response = Client().get(reverse("grievance_public:case", args=[organisation.slug, "en"]))
    assert response.status_code == 302 and "follow-up" in response["Location"]


@pytest.mark.parametrize(
    ("header", "language"),
    [("zh-CN,zh;q=0.9", "zh-hans"), ("zh-TW", "zh-hans"), ("ug-CN,ug;q=0.9,zh;q=0.5", "ug"), ("de-DE,en;q=0.5", "en")],
)
def test_the_start_link_picks_the_language_the_browser_prefers(db, organisation, header, language):
    response = Client().get(reverse("grievance_public:start", args=[organisation.slug]), HTTP_ACCEPT_LANGUAGE=header)
    assert response["Location"].endswith(f"/{language}/")


@pytest.mark.parametrize("language", languages(PageKind.GRIEVANCE), ids=lambda each: each.code)
def test_the_received_page_says_it_in_every_language_without_losing_the_code(db, organisation, language):
    """Regression: its language link went to the empty form in the other language, losing code and passphrase."""
    response, code, passphrase = raise_case(Client(), organisation, language.code)
    page = response.content.decode()
    assert f'<html lang="{language.tag}" dir="{language.direction}">' in page
    for other in others(PageKind.GRIEVANCE, language.code):
        section = page.split(f'<section id="in-{other.code}" lang="{other.tag}" dir="{other.direction}"')[1]
        section = section.split("</section>")[0]
        with translation.override(other.code):
            assert translation.gettext("Your concern was received") in section
        assert code in section and passphrase in section
        # No link on the page leads back to an empty form in another language.
        assert intake_url(organisation, other.code) not in page.split("<main")[0]
