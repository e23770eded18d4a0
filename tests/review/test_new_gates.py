"""The gates issue 34 adds to submission, each listed on the check page with its link, and lifted by deciding."""

import datetime

from django.urls import reverse

from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.engagement.models import InformationRequest
from duediligence.grievances.models import Case, Criterion, CriterionAssessment, Mechanism
from duediligence.risks.models import Indicator, MitigationAction
from tests.conftest import create_risk
from tests.review.test_readiness import assert_refused_for, assert_submitted


def audit_of(assessment, officer):
    return Audit.objects.create(
        assessment=assessment, firm="Kestrel Assurance", lead_auditor="S. Okafor", independence="None",
        methods=["remote"], started_on=datetime.date(2026, 3, 1), ended_on=datetime.date(2026, 3, 2),
        created_by=officer,
    )  # fmt: skip


def a_salient_risk(assessment, officer, **values):
    risk = create_risk(assessment, officer, "Reagents for a police laboratory", scale=5, scope=4,
                       irremediability=5, **values)  # fmt: skip
    MitigationAction.objects.create(
        risk=risk, description="Stop supply", owner="CEO", due_date=datetime.date(2027, 1, 1)
    )
    Indicator.objects.create(risk=risk, name="Orders refused", kind="process", unit="%", target=100, source="ERP")
    return risk


def test_a_potential_risk_with_a_critical_finding_is_made_actual_or_explained(officer_client, ready, officer):
    risk = a_salient_risk(ready, officer, likelihood=4)
    finding = Finding.objects.create(
        audit=audit_of(ready, officer), severity="critical", risk=risk,
        description="Reagent kits kept reaching a laboratory that serves a public security bureau.",
    )  # fmt: skip
    CorrectiveAction.objects.create(
        finding=finding, description="Suspend", owner="COO", due_date=datetime.date(2027, 1, 1)
    )
    link = reverse("risks:edit", args=[ready.pk, risk.pk]) + "#id_impact"
    assert_refused_for(officer_client, ready, "Risks recorded as potential although a record says", link)
    check = officer_client.get(reverse("assessments:check", args=[ready.pk])).content.decode()
    assert "a critical audit finding of Kestrel Assurance" in check
    # A reason lifts the gate, and the auditor reads it.
    risk.potential_reason = "The laboratory's orders were stopped in January; the finding is about 2025."
    risk.save()
    assert_submitted(officer_client, ready)


def test_a_substantiated_case_linked_to_a_risk_is_evidence_of_actual_harm(officer_client, ready, officer):
    risk = a_salient_risk(ready, officer, likelihood=3)
    Case.objects.create(
        organisation=ready.organisation, code="CASE-0001", passphrase_hash="x", issue="forced_labour",
        description="Passports kept by the dormitory manager.", acknowledge_by=datetime.date(2026, 5, 1),
        status="closed", closed_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), outcome="substantiated",
        remedy="Passports returned", risk_uids=[risk.uid],
    )  # fmt: skip
    link = reverse("risks:edit", args=[ready.pk, risk.pk]) + "#id_impact"
    assert_refused_for(officer_client, ready, "Risks recorded as potential although a record says", link)
    # Made actual through the form: the likelihood becomes certain, and the remedy the harm needs is asked next.
    form = {
        "title": risk.title, "category": risk.category, "rights_affected": "Freedom from forced labour",
        "people_affected": "Workers", "scale": 5, "scope": 4, "irremediability": 5, "likelihood": 3,
        "impact": "actual", "involvement": "linked",
    }  # fmt: skip
    officer_client.post(reverse("risks:edit", args=[ready.pk, risk.pk]), form)
    risk.refresh_from_db()
    assert (risk.impact, risk.likelihood) == ("actual", 5)
    assert_submitted(officer_client, ready)


def test_overdue_corrective_actions_and_requests_block_until_settled(officer_client, ready, officer):
    finding = Finding.objects.create(audit=audit_of(ready, officer), severity="critical", description="No records")
    action = CorrectiveAction.objects.create(
        finding=finding, description="Keep end-use records", owner="Compliance", due_date=datetime.date(2026, 1, 31)
    )
    link = reverse("audits:action_edit", args=[ready.pk, finding.audit_id, finding.pk, action.pk])
    assert_refused_for(officer_client, ready, "Corrective actions on audit findings past their due date", link)
    action.due_date = datetime.date(2027, 3, 31)
    action.save()
    request = InformationRequest.objects.create(
        assessment=ready, received_on=datetime.date(2026, 3, 10), requester_kind="journalist",
        topic="Service contracts with the regional police", due_on=datetime.date(2026, 3, 31),
    )  # fmt: skip
    link = reverse("engagement:request_edit", args=[ready.pk, request.pk])
    assert_refused_for(officer_client, ready, "Requests for information past the date promised", link)
    request.status, request.closed_on, request.summary = "answered", datetime.date(2026, 12, 1), "Answered late."
    request.save()
    assert_submitted(officer_client, ready)


def test_a_substantiated_case_linked_to_no_risk_blocks(officer_client, ready):
    case = Case.objects.create(
        organisation=ready.organisation, code="CASE-0002", passphrase_hash="x", issue="forced_labour",
        description="Wages withheld.", acknowledge_by=datetime.date(2026, 5, 1), outcome="partly",
    )  # fmt: skip
    link = reverse("grievances:risks", args=[case.pk])
    assert_refused_for(
        officer_client, ready, "Grievance cases found substantiated in the period, linked to no risk", link
    )
    case.outcome = "not_substantiated"
    case.save()
    assert_submitted(officer_client, ready)


def test_every_ungp31_criterion_of_the_mechanism_is_rated(officer_client, ready):
    mechanism = Mechanism.objects.create(organisation=ready.organisation)
    for criterion in list(Criterion)[:7]:
        CriterionAssessment.objects.create(mechanism=mechanism, criterion=criterion, rating="partly", evidence="x")
    last = list(Criterion)[7]
    link = reverse("grievances:mechanism") + f"#criterion-{last.value}"
    assert_refused_for(officer_client, ready, "UNGP 31 criteria of the grievance mechanism not yet rated", link)
    CriterionAssessment.objects.create(mechanism=mechanism, criterion=last, rating="met", evidence="x")
    assert_submitted(officer_client, ready)
