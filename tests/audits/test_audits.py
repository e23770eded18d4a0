import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duediligence.audits.models import Audit, CorrectiveAction, Finding

AUDIT = {
    "firm": "Kestrel Assurance",
    "lead_auditor": "Samuel Okafor",
    "independence": "No other services to the company.",
    "methods": ["documents", "interviews_off_site"],
    "started_on": "2026-04-01",
    "ended_on": "2026-04-20",
    "scope_sites": "Ürümqi service office",
    "scope_suppliers": "",
    "scope_products": "Sequencers",
    "restrictions": ["minders", "sites_not_visited"],
    "restrictions_detail": "Officials attended every site visit; the distributor's warehouse was closed to us.",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def audit(assessment, officer):
    return Audit.objects.create(
        assessment=assessment,
        firm="Kestrel",
        lead_auditor="S. Okafor",
        independence="None",
        methods=["remote"],
        started_on=datetime.date(2026, 3, 1),
        ended_on=datetime.date(2026, 3, 2),
        created_by=officer,
    )


def test_an_officer_records_an_audit_with_its_restrictions_and_report(officer_client, assessment):
    report = SimpleUploadedFile("audit.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = officer_client.post(reverse("audits:new", args=[assessment.pk]), {**AUDIT, "report": report})
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.restriction_labels() == ["Government minders present", "Sites not visited"]
    assert audit.report_name == "audit.pdf" and len(audit.report_sha256) == 64
    page = officer_client.get(reverse("audits:list", args=[assessment.pk])).content.decode()
    assert "Government minders present; Sites not visited" in page
    download = officer_client.get(reverse("audits:report", args=[assessment.pk, audit.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_audit_report_is_served_as_what_its_bytes_are_whatever_its_name(officer_client, assessment):
    report = SimpleUploadedFile("audit.html", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    officer_client.post(reverse("audits:new", args=[assessment.pk]), {**AUDIT, "report": report})
    audit = assessment.audits.get()
    download = officer_client.get(reverse("audits:report", args=[assessment.pk, audit.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_ticked_restrictions_need_a_description(officer_client, assessment):
    response = officer_client.post(reverse("audits:new", args=[assessment.pk]), {**AUDIT, "restrictions_detail": ""})
    assert "Describe the restrictions you ticked" in response.content.decode()
    assert not Audit.objects.exists()


def test_an_audit_cannot_end_before_it_starts(officer_client, assessment):
    response = officer_client.post(reverse("audits:new", args=[assessment.pk]), {**AUDIT, "ended_on": "2026-03-01"})
    assert "cannot end before it started" in response.content.decode()


def test_a_finding_links_only_a_risk_of_the_same_assessment(officer_client, assessment, audit, officer, outsider):
    from tests.conftest import create_risk

    own = create_risk(assessment, officer, "Own")
    url = reverse("audits:finding_new", args=[assessment.pk, audit.pk])
    officer_client.post(url, {"severity": "high", "description": "Reagents reached a PSB lab", "risk": own.pk})
    assert Finding.objects.get().risk == own
    response = officer_client.post(url, {"severity": "high", "description": "Other", "risk": own.pk + 999})
    assert "Select a valid choice" in response.content.decode()


def test_corrective_actions_need_evidence_to_be_done_and_overdue_ones_show(officer_client, assessment, audit):
    finding = Finding.objects.create(audit=audit, severity="high", description="Gap")
    url = reverse("audits:action_new", args=[assessment.pk, audit.pk, finding.pk])
    data = {"description": "Revise contracts", "owner": "Legal", "due_date": "2026-01-31", "status": "done"}
    response = officer_client.post(url, {**data, "completion_evidence": ""})
    assert "Say what shows the action is done" in response.content.decode()
    officer_client.post(url, {**data, "status": "open"})
    assert CorrectiveAction.objects.get().is_overdue
    page = officer_client.get(reverse("audits:list", args=[assessment.pk])).content.decode()
    assert "1 corrective action overdue" in page


def test_permissions(manager_client, outsider_client, assessment, audit):
    assert manager_client.get(reverse("audits:list", args=[assessment.pk])).status_code == 200
    assert manager_client.post(reverse("audits:edit", args=[assessment.pk, audit.pk]), AUDIT).status_code == 403
    assert outsider_client.get(reverse("audits:list", args=[assessment.pk])).status_code == 404
    assert outsider_client.get(reverse("audits:report", args=[assessment.pk, audit.pk])).status_code == 404
