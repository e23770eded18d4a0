"""The engagement and request logs: recorded by officers, readable by members, overdue requests made visible."""

import datetime

from django.urls import reverse

from duediligence.engagement.models import Engagement, EngagementRisk, InformationRequest
from tests.conftest import create_risk


def test_an_engagement_records_safety_protection_and_the_risks_it_concerned(officer_client, assessment, officer):
    risk = create_risk(assessment, officer, "Recruitment fees")
    url = reverse("engagement:engagement_new", args=[assessment.pk])
    refused = officer_client.post(url, {"held_on": "2026-04-02", "group": "affected_workers", "topics": "Fees"})
    page = refused.content.decode()
    assert "This field is required" in page and "Fees" in page  # what was typed stays on the page
    officer_client.post(
        url,
        {
            "held_on": "2026-04-02",
            "group": "affected_workers",
            "method": "interview",
            "participants": "12",
            "safety": "partly",
            "protection": "Interviews off site, by an independent interpreter; no names kept.",
            "topics": "Fees charged by labour agents",
            "outcome": "Agents now paid by the company",
            "risks": [risk.pk],
        },
    )
    engagement = Engagement.objects.get()
    assert engagement.safety == "partly"
    assert list(EngagementRisk.objects.values_list("risk_id", flat=True)) == [risk.pk]
    logs = officer_client.get(reverse("engagement:logs", args=[assessment.pk])).content.decode()
    assert "Agents now paid by the company" in logs and "Recruitment fees" in logs


def test_a_request_gets_the_default_due_date_and_overdue_ones_are_highlighted(
    officer_client, auditor_client, assessment, settings
):
    settings.INFORMATION_REQUEST_RESPONSE_DAYS = 21
    url = reverse("engagement:request_new", args=[assessment.pk])
    officer_client.post(
        url, {"received_on": "2026-01-05", "requester_kind": "ngo", "topic": "Sales to the police", "status": "open"}
    )
    item = InformationRequest.objects.get()
    assert item.due_on == datetime.date(2026, 1, 26)
    assert item.is_overdue
    logs = officer_client.get(reverse("engagement:logs", args=[assessment.pk])).content.decode()
    assert "1 request overdue" in logs
    overview = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "1 overdue request" in overview


def test_closing_a_request_needs_a_date_and_a_summary(officer_client, assessment):
    item = InformationRequest.objects.create(
        assessment=assessment, received_on=datetime.date(2026, 3, 1), requester_kind="journalist", topic="Exports",
        due_on=datetime.date(2026, 3, 22),
    )  # fmt: skip
    url = reverse("engagement:request_edit", args=[assessment.pk, item.pk])
    data = {"received_on": "2026-03-01", "requester_kind": "journalist", "topic": "Exports", "due_on": "2026-03-22"}
    page = officer_client.post(url, {**data, "status": "declined"}).content.decode()
    assert "Give the date it was answered or declined." in page and "Summarise the reason for declining." in page
    officer_client.post(url, {**data, "status": "answered", "closed_on": "2026-03-20", "summary": "Sent our list."})
    item.refresh_from_db()
    assert item.answered_in_time


def test_only_officers_record_and_only_members_read(officer_client, auditor_client, outsider_client, assessment):
    assert auditor_client.get(reverse("engagement:request_new", args=[assessment.pk])).status_code == 403
    assert outsider_client.get(reverse("engagement:logs", args=[assessment.pk])).status_code == 404
