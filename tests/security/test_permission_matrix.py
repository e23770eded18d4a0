"""Every URL pattern of the project, fetched by an anonymous visitor, each role, and an officer of another
organisation. The expected status of each is the access policy written down; a URL without a row fails.

Columns: anonymous, officer, auditor, manager, admin, outsider. 302 for an anonymous visitor is the login
redirect; 404 hides other organisations' objects; 403 is a wrong role; 405 a POST-only action asked by GET
(after the role check, so it leaks nothing). The assessment is in "changes requested": editable by the officer
and visible to the auditor.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from duediligence.accounts.models import Invitation, Membership
from duediligence.assessments.models import Evidence, Status
from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.engagement.models import Engagement, InformationRequest
from duediligence.grievances.sealing import PreparedFile
from duediligence.grievances.services import case_create
from duediligence.lib.acting import Acting
from duediligence.partners.models import ListedEntity, Partner, ScreeningList, ScreeningMatch
from duediligence.questionnaires.loader import SUPPLIER_DEFINITION, questionnaire_load
from duediligence.records import services as records
from duediligence.reports.models import RenderJob
from duediligence.respondents.models import PartnerAttachment
from duediligence.respondents.services import invitations_create, link_issue
from duediligence.review.models import Comment
from duediligence.risks.models import Indicator, IndicatorResult, MitigationAction, Remedy
from duediligence.security.api_tokens import token_create
from duediligence.signing.services import key_generate
from duediligence.statements.models import Statement
from tests.conftest import client_for, create_risk, set_up_case_key

ACTORS = ["anonymous", "officer", "auditor", "manager", "org_admin", "outsider"]
EXPECTED = {
    # name: "anon officer auditor manager admin outsider"
    "dashboard:home": "302 200 200 200 200 200",
    "dashboard:queue": "302 200 200 200 200 200",
    "accounts:login": "200 302 302 302 302 302",
    "accounts:logout": "405 405 405 405 405 405",
    "accounts:password_change": "302 200 200 200 200 200",
    "accounts:password_change_done": "302 200 200 200 200 200",
    "accounts:password_reset": "200 200 200 200 200 200",
    "accounts:password_reset_done": "200 200 200 200 200 200",
    "accounts:password_reset_confirm": "200 200 200 200 200 200",
    "accounts:password_reset_complete": "200 200 200 200 200 200",
    "accounts:organisation_switch": "302 405 405 405 405 405",
    "accounts:no_membership": "302 302 302 302 302 302",
    "accounts:members": "302 403 403 403 200 403",
    "accounts:member_role": "302 403 403 403 405 403",
    "accounts:member_remove": "302 403 403 403 405 403",
    "accounts:member_unlock": "302 403 403 403 405 403",
    "accounts:member_two_factor_reset": "302 403 403 403 405 403",
    "accounts:invitation_revoke": "302 403 403 403 405 403",
    "accounts:invitations": "302 200 200 200 200 200",
    "accounts:key_unlock": "302 200 200 200 200 200",
    "accounts:invitation_answer": "302 405 405 405 405 405",
    "security:account": "302 200 200 200 200 200",
    "security:two_factor_setup": "302 200 200 200 200 200",
    "security:two_factor_verify": "302 302 302 302 302 302",
    "security:two_factor_remove": "302 405 405 405 405 405",
    "security:recovery_codes_renew": "302 405 405 405 405 405",
    "security:events": "302 403 403 403 200 403",
    "security:api_token_create": "302 405 405 405 405 405",
    "security:api_token_revoke": "302 405 405 405 405 405",
    "assessments:list": "302 200 200 200 200 200",
    "assessments:new": "302 200 403 403 403 200",
    "assessments:overview": "302 200 200 200 200 404",
    "assessments:step": "302 302 302 302 302 404",
    "assessments:section": "302 200 302 302 302 404",
    "assessments:check": "302 200 200 200 200 404",
    "assessments:submit": "302 405 403 403 403 405",
    "assessments:next_period": "302 200 403 403 403 404",
    "assessments:history": "302 200 200 200 200 404",
    "assessments:evidence": "302 200 200 200 200 404",
    "risks:register": "302 200 200 200 200 404",
    "risks:new": "302 200 403 403 403 404",
    "risks:edit": "302 200 403 403 403 404",
    "risks:delete": "302 405 403 403 403 405",
    "risks:action_new": "302 200 403 403 403 404",
    "risks:action_edit": "302 200 403 403 403 404",
    "risks:dismiss": "302 405 403 403 403 405",
    "risks:remedy_new": "302 200 403 403 403 404",
    "risks:remedy_edit": "302 200 403 403 403 404",
    "risks:remedy_delete": "302 405 403 403 403 405",
    "risks:indicator_new": "302 200 403 403 403 404",
    "risks:indicator_edit": "302 200 403 403 403 404",
    "risks:indicator_delete": "302 405 403 403 403 405",
    "risks:result_new": "302 200 403 403 403 404",
    "risks:result_edit": "302 200 403 403 403 404",
    "audits:list": "302 200 200 200 200 404",
    "audits:new": "302 200 403 403 403 404",
    "audits:edit": "302 200 403 403 403 404",
    "audits:report": "302 200 200 200 200 404",
    "audits:finding_new": "302 200 403 403 403 404",
    "audits:finding_edit": "302 200 403 403 403 404",
    "audits:action_new": "302 200 403 403 403 404",
    "audits:action_edit": "302 200 403 403 403 404",
    "engagement:logs": "302 200 200 200 200 404",
    "engagement:engagement_new": "302 200 403 403 403 404",
    "engagement:engagement_edit": "302 200 403 403 403 404",
    "engagement:engagement_delete": "302 405 403 403 403 405",
    "engagement:request_new": "302 200 403 403 403 404",
    "engagement:request_edit": "302 200 403 403 403 404",
    "engagement:request_delete": "302 405 403 403 403 405",
    "partners:list": "302 200 200 200 200 404",
    "partners:how_scores": "302 200 200 200 200 404",
    "partners:lists": "302 200 200 200 200 404",
    "partners:new": "302 200 403 403 403 404",
    "partners:import": "302 405 403 403 403 405",
    "partners:template": "302 200 200 200 200 404",
    "partners:export_csv": "302 200 200 200 200 404",
    "partners:export_xlsx": "302 200 200 200 200 404",
    "partners:detail": "302 200 200 200 200 404",
    "partners:edit": "302 200 403 403 403 404",
    "partners:delete": "302 405 403 403 403 405",
    "partners:match_decide": "302 405 403 403 403 405",
    "review:page": "302 200 200 200 200 404",
    "review:comment_add": "302 403 405 403 403 403",
    "review:comment_reply": "302 405 403 403 403 405",
    "review:comment_resolve": "302 403 405 403 403 403",
    "review:move": "302 405 405 405 405 405",
    "reports:home": "302 200 200 200 200 404",
    "reports:preview": "302 200 200 200 200 404",
    "reports:pdf": "302 405 405 405 405 405",
    "reports:job": "302 404 404 200 404 404",
    "reports:job_status": "302 404 404 200 404 404",
    "reports:job_download": "302 404 404 200 404 404",
    "reports:publish": "302 403 403 302 403 403",
    "reports:correction": "302 405 403 403 403 405",
    "reports:published_pdf": "302 404 404 404 404 404",
    "reports:published_html": "302 404 404 404 404 404",
    "signing:keys": "302 403 403 200 200 403",
    "signing:generate": "302 403 403 403 405 403",
    "signing:upload": "302 403 403 403 405 403",
    "signing:certificate": "302 403 403 200 200 403",
    # Every member reads their own organisation's records; officers and admins keep them. The outsider is an officer
    # of another organisation: their own records' pages open, this one's entries are not found.
    "records:home": "302 200 200 200 200 200",
    "records:profile": "302 200 403 403 200 200",
    "records:policy_add": "302 200 403 403 200 200",
    "records:policy_edit": "302 200 403 403 200 404",
    "records:policy_withdraw": "302 405 403 403 405 405",
    "records:training_add": "302 200 403 403 200 200",
    "records:training_edit": "302 200 403 403 200 404",
    "records:training_withdraw": "302 405 403 403 405 405",
    # Annual statements: every member reads them; officers write them; managers publish an approved one (this one is
    # a draft: refused as a 409). The outsider is an officer of another organisation: their own list and form open.
    "statements:list": "302 200 200 200 200 200",
    "statements:new": "302 200 403 403 403 200",
    "statements:detail": "302 200 200 200 200 404",
    "statements:edit": "302 200 403 403 403 404",
    "statements:check": "302 200 200 200 200 404",
    "statements:move": "302 405 405 405 405 405",
    "statements:preview": "302 200 200 200 200 404",
    "statements:publish": "302 403 403 409 403 403",
    "statements:registry": "302 405 403 405 403 405",
    "statements:published_pdf": "302 404 404 404 404 404",
    "statement_public:page": "404 404 404 404 404 404",
    "statement_public:pdf": "404 404 404 404 404 404",
    "public:page": "404 404 404 404 404 404",
    "public:pdf": "404 404 404 404 404 404",
    "public:html": "404 404 404 404 404 404",
    "grievance_public:start": "302 302 302 302 302 302",
    "grievance_public:intake": "200 200 200 200 200 200",
    "grievance_public:follow_up": "200 200 200 200 200 200",
    "grievance_public:case": "302 302 302 302 302 302",
    "grievance_public:leave": "405 405 405 405 405 405",
    "grievance_public:safety": "200 200 200 200 200 200",
    "grievance_public:procedure": "200 200 200 200 200 200",
    "grievances:list": "302 200 200 200 200 200",
    "grievances:mechanism": "302 200 200 200 200 200",
    "grievances:detail": "302 200 200 200 200 404",
    "grievances:move": "302 405 403 403 403 405",
    "grievances:reply": "302 405 403 403 403 405",
    "grievances:risks": "302 405 403 403 403 405",
    "grievances:contact": "302 405 403 403 403 405",
    # Case texts and files are the officers' only (encrypted to the keys they hold, docs/grievances.md).
    "grievances:attachment": "302 200 403 403 403 404",
    "grievances:access": "302 200 403 403 200 200",
    "grievances:key_set_up": "302 403 403 403 405 403",
    "grievances:access_recover": "302 403 403 403 405 403",
    "grievances:access_give": "302 405 403 403 403 405",
    "respondents:invite": "302 200 403 403 403 404",
    "respondents:invite_many": "302 405 403 403 403 405",
    "respondents:answers": "302 200 200 200 200 404",
    "respondents:revoke": "302 405 403 403 403 405",
    "respondents:attachment": "302 200 200 200 200 404",
    "respondents:start": "200 200 200 200 200 200",
    "respondents:answer": "302 302 302 302 302 302",
    "respondents:decline": "405 405 405 405 405 405",
    "healthz": "200 200 200 200 200 200",
}


def url_patterns(patterns=None, namespace=None, keys=()):
    """(name, the names of every parameter in its full route), for every pattern but the admin's."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route_keys = (*keys, *pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api"):
                continue  # Django's admin has its own staff-only checks; the API has its matrix (tests/api)
            yield from url_patterns(pattern.url_patterns, pattern.namespace or namespace, route_keys)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name, route_keys


@pytest.fixture
def world(assessment, officer, manager, auditor, org_admin, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment.status = Status.CHANGES_REQUESTED
    assessment.save()
    risk = create_risk(assessment, officer)
    action = MitigationAction.objects.create(risk=risk, description="x", owner="y", due_date=datetime.date(2026, 5, 1))
    remedy = Remedy.objects.create(risk=risk, kind="apology", provided="A letter")
    engagement = Engagement.objects.create(
        assessment=assessment, held_on=datetime.date(2026, 4, 1), group="trade_unions", method="meeting",
        safety="safe", protection="Off site", topics="Wages",
    )  # fmt: skip
    information_request = InformationRequest.objects.create(
        assessment=assessment, received_on=datetime.date(2026, 4, 1), requester_kind="ngo", topic="Sales",
        due_on=datetime.date(2026, 4, 22),
    )  # fmt: skip
    indicator = Indicator.objects.create(risk=risk, name="I", kind="outcome", unit="%", source="S")
    result = IndicatorResult.objects.create(indicator=indicator, period_end=datetime.date(2026, 6, 30), value=1)
    audit = Audit.objects.create(
        assessment=assessment,
        firm="F",
        lead_auditor="L",
        independence="I",
        methods=["remote"],
        started_on=datetime.date(2026, 3, 1),
        ended_on=datetime.date(2026, 3, 2),
        created_by=officer,
    )
    audit.report_token, audit.report_name = "r" * 32, "audit.pdf"
    audit.report_file.save("r", ContentFile(b"%PDF-1.4"), save=True)
    finding = Finding.objects.create(audit=audit, severity="high", description="F")
    corrective = CorrectiveAction.objects.create(
        finding=finding, description="C", owner="O", due_date=datetime.date(2026, 6, 1)
    )
    partner = Partner.objects.create(assessment=assessment, name="P", category="supplier", country="China")
    listed = ListedEntity.objects.create(
        screening_list=ScreeningList.objects.create(slug="l", name="L", publisher="p"), name="P"
    )
    match = ScreeningMatch.objects.create(partner=partner, entity=listed, score=1, matched_name="p")
    comment = Comment.objects.create(assessment=assessment, author=auditor, text="Why?")
    question = assessment.questionnaire.questions.get(key="labour_evidence")
    evidence = Evidence(
        assessment=assessment,
        question=question,
        token="e" * 32,
        original_name="e.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    evidence.file.save("e", ContentFile(b"%PDF-1.4"), save=True)
    job = RenderJob.objects.create(
        assessment=assessment, purpose="preview", kind="public", requested_by=manager, status="done"
    )
    job.pdf.save("j.pdf", ContentFile(b"%PDF-1.4"), save=True)
    set_up_case_key(assessment.organisation, officer)
    sent = PreparedFile("a.pdf", "application/pdf", b"%PDF-1.4", cleaned=True)
    case = case_create(organisation=assessment.organisation, issue="other", description="D", files=[sent]).case
    attachment = case.attachments.get()
    questionnaire = questionnaire_load(path=SUPPLIER_DEFINITION).questionnaire
    (invitation,) = invitations_create(
        assessment=assessment, partners=[partner], emails={partner.pk: "p@example.test"}, questionnaire=questionnaire,
        due_on=datetime.date(2099, 1, 1), message="", user=officer,
    )  # fmt: skip
    respondent_attachment = PartnerAttachment.objects.create(
        invitation=invitation, token="b" * 32, original_name="t.pdf", content_type="application/pdf", size=8,
        sha256="0" * 64,
    )  # fmt: skip
    respondent_attachment.file.save("t", ContentFile(b"%PDF-1.4"), save=True)
    signing_key = key_generate(organisation=assessment.organisation, user=org_admin)
    policy = records.policy_save(
        organisation=assessment.organisation, user=officer, data={
            "title": "Forced labour policy", "scope": "All", "areas": ["forced_labour"], "approved_by": "The board",
            "approved_on": datetime.date(2026, 1, 5), "link": "https://example.test/policy",
        },
    )  # fmt: skip
    training = records.training_save(
        organisation=assessment.organisation, user=officer, data={
            "topic": "Forced labour", "areas": [], "audience": "Buyers", "people": 3,
            "held_on": datetime.date(2026, 2, 5),
        },
    )  # fmt: skip
    statement = Statement.objects.create(
        organisation=assessment.organisation, year_start=datetime.date(2026, 1, 1),
        year_end=datetime.date(2026, 12, 31), regimes=["uk_msa", "norway"], created_by=officer,
    )  # fmt: skip
    return {
        "statement_id": statement.pk,
        "regime": "uk_msa",
        "uid": policy.uid,
        "policy_uid": policy.uid,
        "training_uid": training.uid,
        "key_uid": signing_key.uid,
        "assessment_id": assessment.pk,
        "number": 1,
        "section_key": "context",
        "question_key": "context_sources",
        "token": evidence.token,
        "risk_id": risk.pk,
        "action_id": action.pk,
        "remedy_id": remedy.pk,
        "engagement_id": engagement.pk,
        "request_id": information_request.pk,
        "indicator_id": indicator.pk,
        "result_id": result.pk,
        "audit_id": audit.pk,
        "finding_id": finding.pk,
        "partner_id": partner.pk,
        "match_id": match.pk,
        "comment_id": comment.pk,
        "move_name": "approve",
        "kind": "public",
        "job_id": job.pk,
        "membership_id": Membership.objects.get(user=officer).pk,
        "invitation_id": Invitation.objects.create(
            organisation=assessment.organisation, email="invited@test.example", role="officer"
        ).pk,
        "uidb64": "MQ",
        "revision": 1,
        "corrective_action_id": corrective.pk,
        "organisation": assessment.organisation.slug,
        "language": "en",
        "case_id": case.pk,
        "attachment_token": attachment.token,
        "partner_invitation_id": invitation.pk,
        "respondent_attachment_token": respondent_attachment.token,
        "respondent_token": link_issue(invitation_id=invitation.pk).token,
        "token_id": token_create(
            membership=Membership.objects.get(user=officer), name="Sync", days=30, acting=Acting(), verified=True
        ).token.pk,
    }


def url_for(name: str, keys: tuple, values: dict) -> str:
    kwargs = {key: values[key] for key in keys if key != "item_id"}
    if name.startswith("public:"):
        kwargs["token"] = "no-such-public-token"
    if name.startswith("records:") and "uid" in kwargs:
        kwargs["uid"] = values["training_uid" if "training" in name else "policy_uid"]
    if name == "audits:action_edit":
        kwargs["action_id"] = values["corrective_action_id"]
    if name == "grievances:attachment":
        kwargs["token"] = values["attachment_token"]
    if name.startswith("respondents:") and "token" in kwargs:
        kwargs["token"] = values[
            "respondent_attachment_token" if name == "respondents:attachment" else "respondent_token"
        ]
    if name in ("risks:remedy_delete", "risks:indicator_delete"):
        kwargs["item_id"] = values["remedy_id" if name == "risks:remedy_delete" else "indicator_id"]
    if name == "accounts:password_reset_confirm":
        kwargs["token"] = "set-password"
    return reverse(name, kwargs=kwargs)


def test_every_url_answers_each_actor_as_the_policy_says(request, world):
    patterns = dict(url_patterns())
    assert set(patterns) == set(EXPECTED), (
        f"URLs without a rule: {sorted(set(patterns) - set(EXPECTED))}; "
        f"rules without a URL: {sorted(set(EXPECTED) - set(patterns))}"
    )
    clients = {"anonymous": Client()}
    for actor in ACTORS[1:]:
        clients[actor] = client_for(request.getfixturevalue(actor))
    mismatches = []
    for name, keys in sorted(patterns.items()):
        url = url_for(name, keys, world)
        expected = EXPECTED[name].split()
        for actor, want in zip(ACTORS, expected, strict=True):
            got = clients[actor].get(url).status_code
            if str(got) != want:
                mismatches.append(f"{name} as {actor}: {got}, expected {want} ({url})")
    assert mismatches == [], "\n".join(mismatches)
