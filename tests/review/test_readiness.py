"""Nothing is submitted undecided: each kind of open decision refuses the submission, with a link to decide it."""

import datetime
import re

from django.urls import reverse

from duediligence.assessments.models import Status
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.partners.models import Partner, ScreeningMatch
from duediligence.risks.models import Indicator, MitigationAction
from tests.conftest import answer, create_risk, dismiss_suggestions, sample_value


def submit(client, assessment):
    return client.post(reverse("assessments:submit", args=[assessment.pk]))


def assert_refused_for(client, assessment, heading: str, link: str) -> None:
    response = submit(client, assessment)
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 decision is still open" in page
    assert heading in page and f'href="{link}' in page
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def assert_submitted(client, assessment) -> None:
    response = submit(client, assessment)
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_a_suggestion_left_undecided(officer_client, ready, officer):
    answer(ready, officer, sells_to_security="yes")
    register = reverse("risks:register", args=[ready.pk])
    # The answer also shows follow-up questions; answering them is what "complete" asks, not what is tested here.
    answer(ready, officer, **{q.key: sample_value(q) for q in Snapshot(ready).missing_required})
    assert_refused_for(officer_client, ready, "Suggested risks neither accepted nor dismissed", register)
    # Each suggestion's link goes to that suggestion on the register, not to the top of the list.
    check = officer_client.get(reverse("assessments:check", args=[ready.pk])).content.decode()
    anchors = re.findall(rf'href="{register}#([^"]+)"', check)
    assert anchors and all(anchor.startswith("suggestion-") for anchor in anchors)
    page = officer_client.get(register).content.decode()
    assert all(f'id="{anchor}"' in page for anchor in anchors)
    dismiss_suggestions(ready, officer)
    assert_submitted(officer_client, ready)


def test_a_potential_screening_match_left_undecided(officer_client, ready, officer, default_list):
    partner = Partner.objects.create(assessment=ready, name="Tianshan Co.", category="supplier", country="China")
    match = ScreeningMatch.objects.create(
        partner=partner, entity=default_list.entities.first(), score=0.8, matched_name="tianshan"
    )
    link = reverse("partners:detail", args=[ready.pk, partner.pk])
    assert_refused_for(officer_client, ready, "Partners that may be listed entities", link)
    officer_client.post(
        reverse("partners:match_decide", args=[ready.pk, partner.pk, match.pk]),
        {"decision": "dismissed", "reason": "Different company, different city."},
    )
    assert_submitted(officer_client, ready)


def test_a_high_risk_without_a_mitigation_action(officer_client, ready, officer):
    risk = create_risk(ready, officer, "Compulsory DNA collection", scale=5, scope=4, irremediability=5, likelihood=4)
    MitigationAction.objects.create(
        risk=risk, description="Stop sales", owner="CEO", due_date=datetime.date(2027, 1, 1)
    )
    # A salient risk needs an indicator (UNGP 20): the check page says so, with its link.
    link = reverse("risks:indicator_new", args=[ready.pk, risk.pk])
    assert_refused_for(officer_client, ready, "Salient risks with no indicator", link)
    Indicator.objects.create(risk=risk, name="Sales stopped", kind="process", unit="%", target=100, source="CRM")
    risk.actions.all().delete()
    link = reverse("risks:action_new", args=[ready.pk, risk.pk])
    assert_refused_for(officer_client, ready, "Salient risks (high or critical) without a mitigation action", link)
    MitigationAction.objects.create(
        risk=risk, description="Stop sales", owner="CEO", due_date=datetime.date(2027, 1, 1)
    )
    assert_submitted(officer_client, ready)


def test_a_low_risk_needs_no_action(officer_client, ready, officer):
    create_risk(ready, officer, "Minor", scale=1, scope=1, irremediability=1, likelihood=1)
    assert_submitted(officer_client, ready)


def test_an_actual_harm_the_company_contributes_to_needs_a_remedy_entry(officer_client, ready, officer):
    risk = create_risk(
        ready,
        officer,
        "Workers' passports held",
        impact="actual",
        involvement="contributes",
        scale=1,
        scope=1,
        irremediability=1,
    )
    create_risk(ready, officer, "Linked only", impact="actual", involvement="linked", scale=1, scope=1,
                irremediability=1)  # fmt: skip
    link = reverse("risks:remedy_new", args=[ready.pk, risk.pk])
    assert_refused_for(officer_client, ready, "Actual harms the company causes or contributes to", link)
    # Recording that none was provided is a decision too, but it needs its reason.
    page = officer_client.post(link, {"kind": "none", "reason_none": ""}).content.decode()
    assert "Say why no remedy was provided." in page
    officer_client.post(link, {"kind": "none", "reason_none": "The supplier refused; we ended the contract."})
    assert_submitted(officer_client, ready)


def test_an_audit_finding_without_a_corrective_action(officer_client, ready, officer):
    audit = Audit.objects.create(
        assessment=ready,
        firm="Independent Audit GmbH",
        lead_auditor="R. Auditor",
        independence="None",
        methods=["remote"],
        started_on=datetime.date(2026, 3, 1),
        ended_on=datetime.date(2026, 3, 2),
        created_by=officer,
    )
    finding = Finding.objects.create(audit=audit, severity="high", description="No end-use records")
    link = reverse("audits:action_new", args=[ready.pk, audit.pk, finding.pk])
    assert_refused_for(officer_client, ready, "Audit findings without a corrective action", link)
    CorrectiveAction.objects.create(
        finding=finding, description="Keep records", owner="Compliance", due_date=datetime.date(2027, 1, 1)
    )
    assert_submitted(officer_client, ready)


def test_staying_while_a_risk_stays_critical_needs_a_written_justification(officer_client, ready, officer):
    risk = create_risk(ready, officer, "Forced labour inputs", scale=5, scope=5, irremediability=5, likelihood=5)
    MitigationAction.objects.create(risk=risk, description="Audit", owner="COO", due_date=datetime.date(2027, 1, 1))
    Indicator.objects.create(risk=risk, name="Inputs traced", kind="outcome", unit="%", target=95, source="Tracer")
    answer(ready, officer, presence_decision="continue", decision_rationale="")
    response = submit(officer_client, ready)
    assert response.status_code == 400
    assert "A decision to stay while a critical risk remains" in response.content.decode()
    answer(ready, officer, decision_rationale="Customers are hospitals; sales to security agencies have ended.")
    assert_submitted(officer_client, ready)


def test_the_check_page_lists_open_decisions_before_any_attempt(officer_client, ready, officer):
    answer(ready, officer, sells_to_security="yes")
    answer(ready, officer, **{q.key: sample_value(q) for q in Snapshot(ready).missing_required})
    page = officer_client.get(reverse("assessments:check", args=[ready.pk])).content.decode()
    assert "1 decision is still open" in page
    assert "Suggested risks neither accepted nor dismissed (1)" in page


def test_the_auditor_reads_the_reasons_for_every_dismissal(auditor_client, ready, officer, default_list):
    from duediligence.assessments.models import Assessment

    answer(ready, officer, sells_to_security="yes")
    dismiss_suggestions(ready, officer)
    partner = Partner.objects.create(assessment=ready, name="Tianshan Co.", category="supplier", country="China")
    ScreeningMatch.objects.create(
        partner=partner,
        entity=default_list.entities.first(),
        score=0.8,
        matched_name="tianshan",
        status="dismissed",
        reason="Registered in another province, other directors.",
    )
    Assessment.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    page = auditor_client.get(reverse("review:page", args=[ready.pk])).content.decode()
    assert "Reasons the officer gave" in page
    assert "Not relevant in tests." in page
    assert "Registered in another province, other directors." in page


def test_every_page_of_the_assessment_links_to_the_open_decisions_until_none_is_left(officer_client, ready, officer):
    answer(ready, officer, sells_to_security="yes")
    answer(ready, officer, **{q.key: sample_value(q) for q in Snapshot(ready).missing_required})
    check = reverse("assessments:check", args=[ready.pk]) + "#open-decisions-title"
    pages = [
        reverse("assessments:overview", args=[ready.pk]),
        reverse("risks:register", args=[ready.pk]),
        reverse("partners:list", args=[ready.pk]),
    ]
    for url in pages:
        page = officer_client.get(url).content.decode()
        assert f'href="{check}"' in page and "open decision before submitting" in page, url
    dismiss_suggestions(ready, officer)
    assert check not in officer_client.get(pages[1]).content.decode()
