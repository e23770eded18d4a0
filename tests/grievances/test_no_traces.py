"""The public pages leave no lasting trace: no cookie that outlives the browser session (no CSRF cookie either),
nothing a cache may keep, nothing loaded from another site; a form sent from another site is refused. They tell
the reporter how to use the channel safely and publish the procedure, in every language the pages speak."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from duediligence.grievances.reporter_session import COOKIE_NAME
from duediligence.grievances.services import mechanism_for
from duediligence.lib.public_languages import PageKind, content_language, languages
from tests.grievances.test_public_pages import CONCERN, raise_case

GRIEVANCE_LANGUAGES = [language.code for language in languages(PageKind.GRIEVANCE)]

pytestmark = pytest.mark.usefixtures("case_key")


def assert_no_lasting_trace(response) -> None:
    assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]
    for name, cookie in response.cookies.items():
        assert name not in ("csrftoken", "sessionid"), f"{name} set by {response.request['PATH_INFO']}"
        if cookie.value:  # a deletion may carry a past date; a cookie with a value must end with the browser
            assert not cookie["max-age"] and not cookie["expires"], f"{name} outlives the browser session"
    page = response.content.decode()
    # Every address in the page is on this site: no font, script, picture or style from anywhere else.
    assert not re.findall(r'(?:src|href|action)="(?:https?:)?//', page), "a request to another site"


def test_no_page_of_the_reporters_journey_leaves_a_lasting_cookie_or_a_cached_copy(organisation):
    client = Client()
    for name in ("intake", "follow_up", "safety", "procedure"):
        for language in GRIEVANCE_LANGUAGES:
            assert_no_lasting_trace(client.get(reverse(f"grievance_public:{name}", args=[organisation.slug, language])))
    received, code, passphrase = raise_case(client, organisation)
    assert_no_lasting_trace(received)
    opened = client.post(
        reverse("grievance_public:follow_up", args=[organisation.slug, "en"]), {"code": code, "passphrase": passphrase}
    )
    assert_no_lasting_trace(opened)
    cookie = opened.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == f"/g/{organisation.slug}/"
    # The cookie is ciphertext: neither the case's id nor anything of its text can be read in it.
    assert CONCERN["description"].split()[0] not in cookie.value and code not in cookie.value
    assert_no_lasting_trace(client.get(opened["Location"]))
    left = client.post(reverse("grievance_public:leave", args=[organisation.slug, "en"]))
    assert left.cookies[COOKIE_NAME].value == ""
    assert client.get(reverse("grievance_public:case", args=[organisation.slug, "en"])).status_code == 302


def test_a_form_sent_from_another_site_is_refused_without_any_csrf_cookie(organisation):
    url = reverse("grievance_public:intake", args=[organisation.slug, "en"])
    refused = Client().post(url, CONCERN, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and "another site" in refused.content.decode()
    refused = Client().post(url, CONCERN, headers={"Origin": "https://attacker.example"})
    assert refused.status_code == 403
    same_site = Client().post(url, CONCERN, headers={"Sec-Fetch-Site": "same-origin"})
    assert same_site.status_code == 200 and "GR-" in same_site.content.decode()


@pytest.mark.parametrize("language", GRIEVANCE_LANGUAGES)
def test_the_safety_advice_and_the_procedure_speak_the_pages_language(organisation, language):
    mechanism = mechanism_for(organisation)
    mechanism.onion_address = "http://" + "a" * 56 + ".onion/"
    mechanism.escalation_body = "Swiss NCP, Bern"
    mechanism.save()
    client = Client()
    safety = client.get(reverse("grievance_public:safety", args=[organisation.slug, language])).content.decode()
    procedure = client.get(reverse("grievance_public:procedure", args=[organisation.slug, language])).content.decode()
    assert mechanism.onion_address in safety and "Swiss NCP, Bern" in procedure
    english = {
        "safety": "Use a network that is not your employer",
        "procedure": "You may take your case to a body that is independent of the company",
    }
    if language == content_language().code:
        assert english["safety"] in safety and english["procedure"] in procedure
        assert "Tor Browser" in safety and "What we store, and what we never store" in safety
    else:
        # Translated: none of the English advice is left on the page.
        assert english["safety"] not in safety and english["procedure"] not in procedure
    intake = client.get(reverse("grievance_public:intake", args=[organisation.slug, language])).content.decode()
    safety_link = reverse("grievance_public:safety", args=[organisation.slug, language])
    assert f'href="{safety_link}"' in intake
