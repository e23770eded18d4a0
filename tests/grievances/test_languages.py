"""The grievance pages in every language they list: the mechanism's texts as officers wrote them in each language,
our own messages (never Django's generic ones), punctuation from the catalogue, and the officer's case page saying
what the person wrote in, whichever page they used."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from duediligence.grievances.models import Case
from duediligence.grievances.services import mechanism_for
from duediligence.lib.public_languages import PageKind, content_language, languages, translated_languages
from tests.conftest import unlock

# Cases are encrypted to the organisation's case key: without one the intake takes none.
pytestmark = pytest.mark.usefixtures("case_key")

PROTECTION = "No job ends because of a case."
PROTECTION_UG = "ئەرز سەۋەبىدىن ھېچقانداق خىزمەت ئاخىرلاشتۇرۇلمايدۇ."
UYGHUR_CONCERN = (
    "ياتاقتىن چىقالمايمىز، ھۆججەتلىرىمىز ئېلىۋېلىندى."  # We cannot leave the dormitory; our papers were taken.
)


def intake_url(organisation, language):
    return reverse("grievance_public:intake", args=[organisation.slug, language])


def mechanism_post(**extra):
    return {
        "open_for_cases": "on", "who_may_use": "Anyone affected.", "channels": "This page.", "languages": "Three.",
        "retaliation_protection": PROTECTION, "acknowledge_within_days": "7", "retention_months": "12", **extra,
    }  # fmt: skip


def test_officers_write_the_mechanism_texts_in_each_language_and_each_page_shows_its_own(officer_client, organisation):
    form = officer_client.get(reverse("grievances:mechanism")).content.decode()
    for language in translated_languages(PageKind.GRIEVANCE):
        assert f'name="retaliation_protection__{language.code}"' in form
        assert f'lang="{language.tag}" dir="{language.direction}"' in form
    response = officer_client.post(
        reverse("grievances:mechanism"), mechanism_post(retaliation_protection__ug=f"  {PROTECTION_UG}  ")
    )
    assert response.status_code == 302
    mechanism = mechanism_for(organisation)
    assert mechanism.translations == {"ug": {"retaliation_protection": PROTECTION_UG}}
    uyghur = Client().get(intake_url(organisation, "ug")).content.decode()
    assert f'<p lang="ug" dir="rtl">{PROTECTION_UG}</p>' in uyghur and PROTECTION not in uyghur
    # Without a Chinese text the Chinese page shows the English one, marked as English so it is read as English.
    english = content_language()
    chinese = Client().get(intake_url(organisation, "zh-hans")).content.decode()
    assert f'<p lang="{english.tag}" dir="{english.direction}">{PROTECTION}</p>' in chinese
    # Emptying a translation removes it.
    officer_client.post(reverse("grievances:mechanism"), mechanism_post(retaliation_protection__ug=""))
    mechanism.refresh_from_db()
    assert mechanism.translations == {}


@pytest.mark.parametrize("language", languages(PageKind.GRIEVANCE), ids=lambda each: each.code)
def test_a_refused_intake_says_what_to_do_in_the_page_language_with_its_punctuation(db, organisation, language):
    refused = Client().post(intake_url(organisation, language.code), {"issue": "", "description": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    with translation.override(language.code):
        ours = [
            translation.gettext("Choose what the concern is about."),
            translation.gettext("Describe what happened."),
        ]
        generic = translation.gettext("This field is required.")
        label = translation.gettext("What is the concern about?")
        summary_line = translation.gettext("%(field)s: %(error)s") % {"field": label, "error": ours[0]}
        title = translation.gettext("Error: %(heading)s") % {"heading": translation.gettext("Raise a concern")}
    assert all(message in page for message in ours)
    assert generic not in page
    assert summary_line in page and f"<title>{title}" in page


def test_the_officer_page_says_the_case_was_written_in_uyghur_on_the_chinese_page(officer_client, organisation):
    client = Client()
    client.post(intake_url(organisation, "zh-hans"), {"issue": "forced_labour", "description": UYGHUR_CONCERN})
    case = Case.objects.get()
    assert case.language == "zh-hans"
    unlock(officer_client)
    page = officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert "on the Simplified Chinese page" in page
    assert re.search(r'id="written-in"><strong>Uyghur \(Arabic script\)</strong>', page)
    assert f'lang="ug" dir="rtl">{UYGHUR_CONCERN}</div>' in page
