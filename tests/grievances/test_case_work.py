"""The organisation works its cases: officers move, reply, link risks and read contact details (logged); auditors
and managers read cases without contact details; other organisations see nothing."""

import datetime

from django.urls import reverse
from django.utils import timezone

from duediligence.grievances.models import Case, CaseEvent
from duediligence.grievances.services import case_create
from tests.conftest import create_risk


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
    assert (case.status, case.outcome, case.no_remedy_reason) == (
        "closed",
        "partly",
        "The supplier left the programme.",
    )
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
    officer_client, auditor_client, manager_client, organisation, officer
):
    case = new_case(organisation, contact_name="Aynur", contact_email="aynur@example.test")
    for client in (auditor_client, manager_client):
        page = client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
        assert "Cameras in the dormitory" in page and "aynur@example.test" not in page and "Aynur" not in page
        assert client.post(reverse("grievances:contact", args=[case.pk])).status_code == 403
    detail = officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
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
    assert "No Uyghur web page yet" in auditor_client.get(url).content.decode()


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
