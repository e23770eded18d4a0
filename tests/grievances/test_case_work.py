"""The organisation works its cases: officers move, reply, link risks and read contact details (logged); auditors
and managers see a case's dates and states but never its text; other organisations see nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duediligence.grievances import sealing
from duediligence.grievances.keys import organisation_private_key
from duediligence.grievances.models import Case, CaseEvent
from duediligence.grievances.services import case_create
from tests.conftest import create_risk

pytestmark = pytest.mark.usefixtures("case_key")


def opened(case, officer):
    """The case's texts as the officer's key opens them (their personal key, opened with their password)."""
    from duediligence.accounts.personal_keys import personal_key_open
    from tests.conftest import PASSWORD

    private = organisation_private_key(
        organisation=case.organisation, user=officer, personal_private_key=personal_key_open(officer, PASSWORD)
    )
    return sealing.case_open(case, sealing.case_key_for_organisation(case, private))


def new_case(organisation, **contact):
    return case_create(
        organisation=organisation, issue="surveillance", description="Cameras in the dormitory", **contact
    ).case


def test_an_officer_acknowledges_investigates_and_closes_with_an_outcome_and_remedy(
    officer_client, organisation, officer
):
    case = new_case(organisation)
    move = reverse("grievances:move", args=[case.pk])
    officer_client.post(move, {"to": "acknowledged"})
    officer_client.post(move, {"to": "investigating"})
    refused = officer_client.post(move, {"to": "closed", "outcome": "substantiated", "remedy": ""})
    assert refused.status_code == 400
    assert "Say what remedy was provided, or why none was." in refused.content.decode()
    officer_client.post(
        move, {"to": "closed", "outcome": "partly", "no_remedy_reason": "The supplier left the programme."}
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.remedy_provided) == ("closed", "partly", False)
    assert opened(case, officer).resolution == sealing.Resolution("", "The supplier left the programme.")
    assert case.acknowledged_at and case.closed_at
    history = list(CaseEvent.objects.filter(case=case, kind="status").values_list("detail", "actor_id"))
    assert history == [
        ("Received → Acknowledged", officer.pk),
        ("Acknowledged → Under investigation", officer.pk),
        ("Under investigation → Closed", officer.pk),
    ]
    # A closed case stays closed.
    officer_client.post(move, {"to": "acknowledged"})
    case.refresh_from_db()
    assert case.status == "closed"


def test_contact_details_reach_officers_only_and_each_reading_is_logged(
    officer_client, auditor_client, manager_client, admin_client_org, organisation, officer
):
    case = new_case(organisation, contact_name="Aynur", contact_email="aynur@example.test")
    for client in (auditor_client, manager_client, admin_client_org):
        page = client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
        assert case.code in page and "Surveillance, personal data or privacy" in page
        assert "Cameras in the dormitory" not in page and "aynur@example.test" not in page and "Aynur" not in page
        assert "only compliance officers with access to the organisation's case key read them" in page
        assert client.post(reverse("grievances:contact", args=[case.pk])).status_code == 403
    detail = officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert "Cameras in the dormitory" in detail
    assert "aynur@example.test" not in detail  # not until asked for
    shown = officer_client.post(reverse("grievances:contact", args=[case.pk])).content.decode()
    assert "aynur@example.test" in shown
    assert CaseEvent.objects.filter(case=case, kind="contact_read", actor=officer).count() == 1


def test_other_organisations_see_nothing(outsider_client, organisation):
    case = new_case(organisation)
    assert outsider_client.get(reverse("grievances:detail", args=[case.pk])).status_code == 404
    assert "Cameras" not in outsider_client.get(reverse("grievances:list")).content.decode()


def test_a_case_links_risks_of_the_organisation_by_uid(officer_client, organisation, assessment, officer, outsider):
    case = new_case(organisation)
    risk = create_risk(assessment, officer, "Dormitory surveillance")
    officer_client.post(reverse("grievances:risks", args=[case.pk]), {"risk": [risk.pk]})
    case.refresh_from_db()
    assert case.risk_uids == [risk.uid]
    assert "Dormitory surveillance" in officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()


def test_overdue_acknowledgements_show_on_the_dashboard(officer_client, organisation):
    case = new_case(organisation)
    Case.objects.filter(pk=case.pk).update(acknowledge_by=timezone.localdate() - datetime.timedelta(days=1))
    page = officer_client.get(reverse("dashboard:home")).content.decode()
    assert "1 grievance case not acknowledged in time." in page


def test_the_mechanism_record_and_its_self_assessment(officer_client, auditor_client, organisation):
    url = reverse("grievances:mechanism")
    data = {
        "open_for_cases": "on",
        "who_may_use": "Workers of suppliers and their families",
        "channels": "This web page; a hotline run by an NGO",
        "languages": "English, Chinese, Uyghur (hotline)",
        "retaliation_protection": "Anonymous reports; no contract ends over a report",
        "acknowledge_within_days": "5",
        "retention_months": "6",
        "escalation_body": "The National Contact Point for the OECD Guidelines",
        "onion_address": "",
        "accessible-rating": "partly",
        "accessible-evidence": "",
    }
    refused = officer_client.post(url, data)
    assert refused.status_code == 400 and "Give the evidence for this rating." in refused.content.decode()
    officer_client.post(url, {**data, "accessible-evidence": "No Uyghur web page yet"})
    mechanism = organisation.grievance_mechanism
    assert mechanism.acknowledge_within_days == 5
    assert list(mechanism.criteria.values_list("criterion", "rating")) == [("accessible", "partly")]
    refused = auditor_client.post(url, data)
    # A refusal is a page, as every 4xx is (found by the hostile-input probe: it was a bare line of text).
    assert refused.status_code == 403 and b"<h1" in refused.content
    assert "Only compliance officers change the mechanism" in refused.content.decode()
    record = auditor_client.get(url).content.decode()
    assert "No Uyghur web page yet" in record and "6 months, then their texts and files are deleted" in record
    # All eight criteria are shown; the seven not rated are flagged.
    assert record.count("not assessed yet</strong>") == 7
    assert "Dialogue" in record or "dialogue" in record
    refused = officer_client.post(url, {**data, "accessible-evidence": "x", "onion_address": "http://example.com/"})
    assert refused.status_code == 400 and "as Tor Browser shows it" in refused.content.decode()


def test_the_case_page_offers_the_risks_of_its_period_with_a_search(
    officer_client, organisation, questionnaire, assessment, officer
):
    """Regression: "Link to risks" listed every risk of every assessment, unfiltered."""
    from tests.conftest import make_assessment

    case = new_case(organisation)
    current = create_risk(assessment, officer, "Dormitory surveillance")
    other = create_risk(assessment, officer, "Compulsory DNA collection")
    earlier = make_assessment(
        organisation, questionnaire, officer, "2019 sales",
        period_start=datetime.date(2019, 1, 1), period_end=datetime.date(2019, 12, 31),
    )  # fmt: skip
    old = create_risk(earlier, officer, "Retired product line")
    Case.objects.filter(pk=case.pk).update(received_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    page = officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert current.title in page and other.title in page and old.title not in page
    searched = officer_client.get(reverse("grievances:detail", args=[case.pk]), {"q": "DNA"}).content.decode()
    assert other.title in searched and f'id="risk-{current.pk}"' not in searched
    every = officer_client.get(reverse("grievances:detail", args=[case.pk]), {"periods": "all"}).content.decode()
    assert old.title in every

    # Saving what a search showed leaves the links it did not show as they were.
    officer_client.post(reverse("grievances:risks", args=[case.pk]), {"risk": [current.pk], "shown": [current.pk]})
    officer_client.post(reverse("grievances:risks", args=[case.pk]), {"risk": [other.pk], "shown": [other.pk]})
    case.refresh_from_db()
    assert set(case.risk_uids) == {current.uid, other.uid}
