"""A partner answers for itself: invited by an officer, it confirms a code, answers in English or Chinese, submits
or declines; a link that cannot be used says why and nothing else."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duediligence.partners.models import Partner
from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, questionnaire_load
from duediligence.respondents.models import PartnerInvitation
from duediligence.security.models import SecurityEvent


@pytest.fixture
def partner(assessment):
    return Partner.objects.create(assessment=assessment, name="Aksu Cotton Mill", category="supplier", country="China")


def invite(officer_client, assessment, partner, questionnaire, capture, email="sales@mill.example"):
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    with capture(execute=True):
        response = officer_client.post(
            reverse("respondents:invite", args=[assessment.pk, partner.pk]),
            {"questionnaire": questionnaire.pk, "email": email, "due_on": due, "message": "Please answer by the 20th."},
        )
    assert response.status_code == 302, response.content.decode()[:500]
    (message,) = [m for m in mail.outbox if email in m.to]
    token = re.search(r"/p/([A-Za-z0-9_-]+)/en/", message.body).group(1)
    return PartnerInvitation.objects.get(partner=partner), token, message


def confirm(client, token, language="en", capture=None):
    with capture(execute=True):
        client.post(reverse("respondents:start", args=[token, language]), {"action": "send"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    return client.post(reverse("respondents:start", args=[token, language]), {"action": "confirm", "code": code})


def test_an_invited_partner_confirms_answers_in_chinese_and_submits(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    invitation, token, message = invite(officer_client, assessment, partner, supplier_questionnaire, capture)
    assert "/zh-hans/" in message.body and token not in invitation.token_hash
    client = Client()
    start = client.get(reverse("respondents:start", args=[token, "zh-hans"])).content.decode()
    assert "供应商问卷" in start and "通过邮件发送验证码" in start
    assert confirm(client, token, "zh-hans", capture).status_code == 302
    page = client.get(reverse("respondents:answer", args=[token, "zh-hans"])).content.decode()
    assert "是否有人是经由政府机构组织的劳动力转移就业" in page
    # Every question shows from the start, a follow-up saying which answer asks for it (no script needed).
    assert "目前有多少这样的工人" in page
    assert "如果贵方对“贵公司或分包商的工人中" in page
    answer = reverse("respondents:answer", args=[token, "zh-hans"])
    client.post(answer, {"q-state_transfer": "yes", "action": "save"})
    invitation.refresh_from_db()
    assert invitation.status == "in_progress" and invitation.answers["state_transfer"] == "yes"
    assert "目前有多少这样的工人" in client.get(answer).content.decode()
    refused = client.post(answer, {"q-state_transfer": "yes", "q-transfer_workers": "40", "action": "submit"})
    assert refused.status_code == 400 and "提交前请回答所有必答问题" in refused.content.decode()
    # Each error links to an input on the page: a radio group's first button, a number's own input.
    html = refused.content.decode()
    anchors = re.findall(r'<li><a href="#([^"]+)">', html)
    assert "id_q-longest_week" in anchors and "id_q-recruitment_fees_0" in anchors
    assert all(f'id="{anchor}"' in html for anchor in anchors)
    full = {
        "q-state_transfer": "yes", "q-transfer_workers": "40", "q-recruitment_fees": "no", "q-documents_held": "no",
        "q-free_to_leave": "freely", "q-wages_direct": "yes", "q-longest_week": "54", "q-overtime_voluntary": "yes",
        "q-subcontracts": "no", "q-grievance_channel": "yes", "q-representation": "committee",
        "q-inputs_from_region": "yes", "q-traceability": "some", "action": "submit",
    }  # fmt: skip
    assert client.post(answer, full).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "submitted" and invitation.language == "zh-hans"
    assert SecurityEvent.objects.filter(kind="partner_answers_submitted", organisation=assessment.organisation).exists()
    assert SecurityEvent.objects.filter(kind="partner_invitation_opened").exists()
    detail = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert "Submitted" in detail
    answers = officer_client.get(reverse("respondents:answers", args=[assessment.pk, invitation.pk])).content.decode()
    assert "Have any of your workers" in answers and "40 workers" in answers


def test_a_partner_declines_with_a_reason(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    invitation, token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    client = Client()
    confirm(client, token, capture=django_capture_on_commit_callbacks)
    decline = reverse("respondents:decline", args=[token, "en"])
    assert "Say why you decline." in client.post(decline, {"reason": ""}).content.decode()
    client.post(decline, {"reason": "Our customers' names are confidential."})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason) == ("declined", "Our customers' names are confidential.")
    assert "Thank you" in client.get(reverse("respondents:answer", args=[token, "en"])).content.decode()


def test_a_wrong_code_is_refused_and_throttled(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks, settings
):
    settings.RESPONDENT_CODE_TRIES_PER_HOUR = 2
    _, token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    client = Client()
    start = reverse("respondents:start", args=[token, "en"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start, {"action": "send"})
    for _ in range(2):
        assert (
            "This code is wrong or has expired"
            in client.post(start, {"action": "confirm", "code": "000000"}).content.decode()
        )
    assert "Too many attempts" in client.post(start, {"action": "confirm", "code": "000000"}).content.decode()
    # Without the code, the answers page is closed.
    assert client.get(reverse("respondents:answer", args=[token, "en"]))["Location"].endswith(f"/p/{token}/en/")


def test_unknown_revoked_and_expired_links_say_so_and_nothing_else(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    invitation, token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    unknown = Client().get(reverse("respondents:start", args=["x" * 43, "en"]))
    assert unknown.status_code == 404 and "This link is not valid" in unknown.content.decode()
    officer_client.post(reverse("respondents:revoke", args=[assessment.pk, invitation.pk]))
    revoked = Client().get(reverse("respondents:start", args=[token, "en"]))
    assert revoked.status_code == 410 and "withdrawn" in revoked.content.decode()
    assert partner.name not in revoked.content.decode()
    PartnerInvitation.objects.filter(pk=invitation.pk).update(status="sent", expires_at=timezone.now())
    expired = Client().get(reverse("respondents:start", args=[token, "zh-hans"]))
    assert expired.status_code == 410 and "此链接已过期" in expired.content.decode()


def test_one_invitation_confirmed_does_not_open_another(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    other = Partner.objects.create(assessment=assessment, name="Hotan Yarn", category="supplier", country="China")
    _, first_token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    _, other_token, _ = invite(
        officer_client,
        assessment,
        other,
        supplier_questionnaire,
        django_capture_on_commit_callbacks,
        "buy@yarn.example",
    )
    client = Client()
    confirm(client, first_token, capture=django_capture_on_commit_callbacks)
    assert client.get(reverse("respondents:answer", args=[first_token, "en"])).status_code == 200
    assert client.get(reverse("respondents:answer", args=[other_token, "en"])).status_code == 302


def test_an_open_invitation_past_its_due_date_reads_overdue_on_the_partner_list(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    PartnerInvitation.objects.filter(pk=invitation.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    page = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "Overdue" in page


def test_only_officers_invite_and_a_bad_address_is_refused_keeping_the_rest(
    officer_client, auditor_client, assessment, partner, supplier_questionnaire
):
    url = reverse("respondents:invite", args=[assessment.pk, partner.pk])
    assert auditor_client.get(url).status_code == 403
    page = officer_client.post(
        url, {"questionnaire": supplier_questionnaire.pk, "email": "", "due_on": "2099-01-01", "message": "Kept"}
    ).content.decode()
    assert "Give the partner&#x27;s contact email." in page and "Kept" in page
    assert not PartnerInvitation.objects.exists()


def test_many_partners_are_invited_at_their_contact_emails_and_those_without_one_are_named(
    officer_client, assessment, supplier_questionnaire, django_capture_on_commit_callbacks
):
    reachable = [
        Partner.objects.create(
            assessment=assessment,
            name=f"Supplier {n}",
            category="supplier",
            country="China",
            contact_email=f"s{n}@example.test",
        )
        for n in range(3)
    ]
    silent = Partner.objects.create(assessment=assessment, name="No Address Co.", category="supplier", country="China")
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("respondents:invite_many", args=[assessment.pk]),
            {
                "partner": [p.pk for p in [*reachable, silent]],
                "questionnaire": supplier_questionnaire.pk,
                "due_on": due,
            },
            follow=True,
        )
    page = response.content.decode()
    assert (
        "3 invitations made: their emails are on their way" in page
        and "Not sent to 1 without a contact email: No Address Co." in page
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.test", "s1@example.test", "s2@example.test"]
    assert PartnerInvitation.objects.count() == 3
    assert "Sent" in officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()


def test_the_reports_count_invitations_and_the_internal_one_shows_the_answers(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from duediligence.reports.render import render_pdf
    from duediligence.respondents.models import InvitationStatus
    from tests.reports.conftest import pdf_text

    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        status=InvitationStatus.SUBMITTED, submitted_at=timezone.now(),
        answers={"state_transfer": "no", "documents_held": "yes", "free_to_leave": "freely"},
    )  # fmt: skip
    public = pdf_text(render_pdf(assessment, "public")[0])
    assert "1 invitation sent, 1 answered (100%), 0 declined" in public
    assert "identity cards, passports or bank cards" not in public
    internal = pdf_text(render_pdf(assessment, "internal")[0])
    assert "Aksu Cotton Mill: Questionnaire for suppliers" in internal
    assert "Does anyone other than the workers themselves keep their identity cards" in internal


def test_a_declined_or_overdue_invitation_is_a_flag_on_the_overview(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    overview = reverse("assessments:overview", args=[assessment.pk])
    assert "Partners that do not disclose" not in officer_client.get(overview).content.decode()
    PartnerInvitation.objects.filter(pk=invitation.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    page = officer_client.get(overview).content.decode()
    assert "Partners that do not disclose" in page and "Aksu Cotton Mill" in page and "no answer since" in page


def test_reminders_go_out_a_week_before_and_on_the_due_date_with_a_link_that_works(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    invitation, first_token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    PartnerInvitation.objects.filter(pk=invitation.pk).update(due_on=timezone.localdate() + datetime.timedelta(days=7))
    mail.outbox.clear()
    out = StringIO()
    call_command("partner_reminders", "--now", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    (reminder,) = mail.outbox
    assert "Due in a week" in reminder.subject and "一周后截止" in reminder.subject
    assert assessment.organisation.name in reminder.subject
    new_token = re.search(r"/p/([A-Za-z0-9_-]+)/en/", reminder.body).group(1)
    assert new_token != first_token
    for token in (first_token, new_token):  # the earlier email still opens, and so does the reminder
        assert Client().get(reverse("respondents:start", args=[token, "en"])).status_code == 200
    call_command("partner_reminders", "--now", stdout=StringIO())
    assert len(mail.outbox) == 1  # that reminder is not sent twice
    PartnerInvitation.objects.filter(pk=invitation.pk).update(due_on=timezone.localdate())
    call_command("partner_reminders", "--now", stdout=StringIO())
    assert "Due today" in mail.outbox[-1].subject
    PartnerInvitation.objects.filter(pk=invitation.pk).update(status="submitted", reminded_due_at=None)
    call_command("partner_reminders", "--now", stdout=StringIO())
    assert len(mail.outbox) == 2  # answered: no more reminders


def test_a_partners_answers_suggest_risks_in_the_register_that_must_be_decided(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from duediligence.assessments.snapshot import Snapshot
    from duediligence.risks.models import Risk, SuggestionDecision
    from duediligence.risks.register import pending_suggestions

    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        status="submitted", submitted_at=timezone.now(),
        answers={"state_transfer": "no", "documents_held": "yes", "recruitment_fees": "yes"},
    )  # fmt: skip
    suggestions = {s.title: s for s in pending_suggestions(Snapshot(assessment))}
    documents = suggestions["Workers' identity documents held by a supplier or agent"]
    assert documents.key.startswith("partner-")
    register = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert "From Aksu Cotton Mill&#x27;s answer to" in register or "From Aksu Cotton Mill's answer to" in register
    form = officer_client.get(reverse("risks:new", args=[assessment.pk]) + f"?from={documents.key}")
    assert form.status_code == 200 and "Workers&#x27; identity documents held" in form.content.decode()
    officer_client.post(
        reverse(
            "risks:dismiss", args=[assessment.pk, suggestions["Workers in debt for recruitment fees at a supplier"].key]
        ),
        {"reason": "The fee was refunded before the contract; checked on site."},
    )
    decision = SuggestionDecision.objects.get()
    assert decision.question.questionnaire_id == supplier_questionnaire.pk and decision.outcome == "dismissed"
    remaining = [s.title for s in pending_suggestions(Snapshot(assessment))]
    assert remaining == ["Workers' identity documents held by a supplier or agent"]
    assert not Risk.objects.exists()


def test_a_respondent_attaches_a_document_checked_by_its_content(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    invitation, token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    client = Client()
    confirm(client, token, capture=django_capture_on_commit_callbacks)
    answer = reverse("respondents:answer", args=[token, "en"])
    fake = SimpleUploadedFile("tracing.pdf", b"MZ\x90\x00 a program, not a PDF", content_type="application/pdf")
    refused = client.post(answer, {"q-state_transfer": "no", "action": "save", "document": fake})
    assert refused.status_code == 400 and "is not a file type we accept" in refused.content.decode()
    assert not invitation.attachments.exists()
    pdf = SimpleUploadedFile("tracing.pdf", b"%PDF-1.4\n% tracing documents\n", content_type="application/pdf")
    assert client.post(answer, {"q-state_transfer": "no", "action": "save", "document": pdf}).status_code == 302
    attachment = invitation.attachments.get()
    assert attachment.original_name == "tracing.pdf" and attachment.content_type == "application/pdf"
    page = officer_client.get(reverse("respondents:answers", args=[assessment.pk, invitation.pk])).content.decode()
    assert "tracing.pdf" in page
    download = officer_client.get(
        reverse("respondents:attachment", args=[assessment.pk, invitation.pk, attachment.token])
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_auditors_see_partner_answers_in_review(
    officer_client, auditor_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from duediligence.assessments.models import Status

    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        status="submitted", submitted_at=timezone.now(), answers={"state_transfer": "no"}
    )
    type(assessment).objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    review = auditor_client.get(reverse("review:page", args=[assessment.pk])).content.decode()
    assert "Partners asked to answer for themselves" in review and "read the answers" in review
    answers = auditor_client.get(reverse("respondents:answers", args=[assessment.pk, invitation.pk]))
    assert answers.status_code == 200 and "Have any of your workers" in answers.content.decode()


def test_a_partner_that_does_not_answer_is_a_suggested_risk_to_decide_before_submission(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    from duediligence.assessments.snapshot import Snapshot
    from duediligence.risks.models import Risk, SuggestionDecision
    from duediligence.risks.register import pending_suggestions

    invitation, _, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    assert pending_suggestions(Snapshot(assessment)) == []
    PartnerInvitation.objects.filter(pk=invitation.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    (suggestion,) = pending_suggestions(Snapshot(assessment))
    assert suggestion.title == "Partners that do not disclose how they work" and suggestion.level == "high"
    register = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert "Aksu Cotton Mill: no answer since" in register
    check = officer_client.get(reverse("assessments:check", args=[assessment.pk])).content.decode()
    assert "Partners that do not disclose how they work" in check
    form = officer_client.get(reverse("risks:new", args=[assessment.pk]) + f"?from={suggestion.key}")
    assert form.status_code == 200 and "Aksu Cotton Mill: no answer since" in form.content.decode()
    officer_client.post(
        reverse("risks:new", args=[assessment.pk]),
        {**suggestion.initial(), "from": suggestion.key, "people_affected": "Workers at the mill",
         "involvement": "linked", "impact": "potential"},
    )  # fmt: skip
    risk = Risk.objects.get()
    assert risk.source_question is None
    assert SuggestionDecision.objects.get().subject == f"no-answer-{invitation.uid}"
    assert pending_suggestions(Snapshot(assessment)) == []


def test_codes_cannot_be_asked_for_without_end(
    officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
):
    _, token, _ = invite(
        officer_client, assessment, partner, supplier_questionnaire, django_capture_on_commit_callbacks
    )
    client = Client()
    start = reverse("respondents:start", args=[token, "en"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(start, {"action": "send"})
        refused = client.post(start, {"action": "send"})
    assert refused.status_code == 429 and "Too many codes were asked for" in refused.content.decode()
    assert len(mail.outbox) == 5


@pytest.mark.parametrize(
    ("category", "offered"), [("supplier", "partner-supplier"), ("distributor", "partner-technology")]
)
def test_the_invitation_offers_the_questionnaire_for_the_partners_category(
    officer_client, assessment, category, offered
):
    from duediligence.questionnaires.models import Questionnaire

    for path in PARTNER_DEFINITIONS:
        questionnaire_load(path=path)
    partner = Partner.objects.create(assessment=assessment, name="Hotan Co.", category=category, country="China")
    page = officer_client.get(reverse("respondents:invite", args=[assessment.pk, partner.pk])).content.decode()
    chosen = Questionnaire.objects.latest_version(offered)
    assert re.search(rf'<option value="{chosen.pk}" selected>', page)
