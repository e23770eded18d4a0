import hashlib
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duediligence.assessments.models import Assessment, Status
from duediligence.reports.models import PublishedReport
from tests.conftest import as_if_before_submission
from tests.reports.conftest import pdf_text
from tests.review.conftest import approve

SIGNOFF = {
    "signoff_name": "Maya Manager",
    "signoff_role": "Chief Executive",
    "signoff_date": "2026-11-20",
    "confirm": "on",
}


@pytest.fixture
def published(manager_client, approved, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[approved.pk]), SIGNOFF)
    approved.refresh_from_db()
    return approved


def test_publishing_freezes_both_reports_with_their_hashes(published):
    assert published.status == Status.PUBLISHED
    reports = {r.kind: r for r in PublishedReport.objects.filter(assessment=published)}
    assert set(reports) == {"public", "internal"}
    for report in reports.values():
        data = report.pdf.read()
        assert hashlib.sha256(data).hexdigest() == report.pdf_sha256
    assert "Maya Manager, Chief Executive" in pdf_text(reports["public"].pdf.open("rb").read())
    transition = published.transitions.get(to_status="published")
    assert "Signed off by Maya Manager" in transition.note and len(transition.content_sha256) == 64


def test_the_published_reports_carry_the_hash_the_auditor_approved(published):
    approved = published.transitions.get(to_status="approved").content_sha256
    assert published.transitions.get(to_status="published").content_sha256 == approved
    for report in PublishedReport.objects.filter(assessment=published):
        assert report.content_sha256 == approved
        words = pdf_text(report.pdf.open("rb").read()).split()
        assert "the content the auditor approved" in " ".join(words)
        assert approved in "".join(words)  # the PDF may break the hash across lines
        assert approved in report.html.open("rb").read().decode()


def test_publishing_refuses_content_that_differs_from_the_approval(
    manager_client, approved, django_capture_on_commit_callbacks
):
    """A change made behind the triggers' back (the table's owner can disable them) is never published."""
    from django.db import connection

    from duediligence.reports.models import RenderJob

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute('ALTER TABLE "risks_risk" DISABLE TRIGGER "frozen_content"')
        cursor.execute("UPDATE risks_risk SET title = 'Edited after approval' WHERE assessment_id = %s", [approved.pk])
        cursor.execute('ALTER TABLE "risks_risk" ENABLE TRIGGER "frozen_content"')
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[approved.pk]), SIGNOFF)
    job = RenderJob.objects.get(assessment=approved)
    assert job.status == "failed"
    assert "What would be published is not what the auditor approved" in job.error
    page = manager_client.get(reverse("reports:job", args=[approved.pk, job.pk])).content.decode()
    assert "not what the auditor approved" in page
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert not PublishedReport.objects.filter(assessment=approved).exists()


def test_a_download_serves_the_stored_bytes_without_rendering(manager_client, published):
    stored = PublishedReport.objects.get(assessment=published, kind="internal")
    with mock.patch("duediligence.reports.render.html_to_pdf", side_effect=AssertionError("rendered again")):
        response = manager_client.get(reverse("reports:published_pdf", args=[published.pk, "internal"]))
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == stored.pdf_sha256


def test_a_published_report_never_changes(published):
    from django.core.exceptions import ValidationError

    report = PublishedReport.objects.filter(assessment=published).first()
    report.signoff_name = "Someone else"
    with pytest.raises(ValidationError):
        report.save()


def test_an_officer_cannot_publish(officer_client, approved):
    assert officer_client.post(reverse("reports:publish", args=[approved.pk]), SIGNOFF).status_code == 403
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_only_approved_assessments_are_published(manager_client, rich):
    response = manager_client.get(reverse("reports:publish", args=[rich.pk]), follow=True)
    assert "Only an approved assessment can be published" in response.content.decode()


def test_signoff_needs_confirmation_and_keeps_input(manager_client, approved):
    response = manager_client.post(reverse("reports:publish", args=[approved.pk]), {**SIGNOFF, "confirm": ""})
    page = response.content.decode()
    assert "Confirm that you approve the publication" in page
    assert 'value="Chief Executive"' in page


def test_the_public_page_needs_no_login_and_shows_only_the_public_report(published):
    client = Client()
    page = client.get(reverse("public:page", args=[published.public_token])).content.decode()
    public = PublishedReport.objects.get(assessment=published, kind="public")
    internal = PublishedReport.objects.get(assessment=published, kind="internal")
    assert public.pdf_sha256 in page
    assert internal.pdf_sha256 not in page
    html_response = client.get(reverse("public:html", args=[published.public_token, 1]))
    html = b"".join(html_response.streaming_content).decode()
    assert "Secret Clinic" not in html and "Human rights due diligence report" in html
    pdf = b"".join(client.get(reverse("public:pdf", args=[published.public_token, 1])).streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == public.pdf_sha256
    assert client.get(reverse("public:page", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("reports:published_pdf", args=[published.pk, "internal"])).status_code == 302


def test_the_verification_form_recognises_a_published_pdf(published):
    client = Client()
    public = PublishedReport.objects.get(assessment=published, kind="public")
    url = reverse("public:page", args=[published.public_token])
    good = SimpleUploadedFile("r.pdf", public.pdf.open("rb").read(), content_type="application/pdf")
    assert "This PDF is exactly revision 1" in client.post(url, {"pdf": good}).content.decode()
    bad = SimpleUploadedFile("r.pdf", b"%PDF-1.7 tampered", content_type="application/pdf")
    assert "is not a file published here" in client.post(url, {"pdf": bad}).content.decode()


def test_the_public_check_refuses_a_file_larger_than_any_revision_without_hashing_it(published):
    client = Client()
    public = PublishedReport.objects.get(assessment=published, kind="public")
    url = reverse("public:page", args=[published.public_token])
    bigger = SimpleUploadedFile("r.pdf", b"%PDF-1.7 " + b"x" * public.pdf_size, content_type="application/pdf")
    with mock.patch("duediligence.reports.views.hashlib.sha256", side_effect=AssertionError("hashed")):
        page = client.post(url, {"pdf": bigger}).content.decode()
    assert "larger than every published revision" in page


def test_an_anonymous_upload_beyond_the_limit_is_refused_before_its_body_is_read(published, settings):
    """A 60 MB body is refused on its declared length: 413 with a page, and the body is never read."""
    url = reverse("public:page", args=[published.public_token])
    response = Client().generic(
        "POST",
        url,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "60.0 MB" in response.content.decode()


def test_a_correction_is_a_new_revision_and_the_public_page_lists_both(
    officer_client, manager_client, published, officer, auditor, django_capture_on_commit_callbacks
):
    response = officer_client.post(reverse("reports:correction", args=[published.pk]))
    copy = Assessment.objects.get(previous_revision=published)
    assert response["Location"] == reverse("assessments:overview", args=[copy.pk])
    assert (copy.revision, copy.status, copy.public_token) == (2, Status.DRAFT, published.public_token)
    assert copy.answers.count() == published.answers.count()
    assert copy.risks.count() == 1 and copy.partners.count() == 2
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    approve(copy, auditor)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[copy.pk]), SIGNOFF)
    page = Client().get(reverse("public:page", args=[published.public_token])).content.decode()
    assert "revision 2" in page
    assert page.count("report.pdf") >= 2


def test_a_correction_copies_the_whole_register_and_links_findings_to_the_copied_risks(
    officer_client, published, officer
):
    import datetime

    from duediligence.audits.models import Audit, CorrectiveAction, Finding
    from duediligence.partners.models import ListedEntity, ScreeningList, ScreeningMatch
    from duediligence.risks.models import MitigationAction

    risk = published.risks.get()
    with as_if_before_submission():
        MitigationAction.objects.create(
            risk=risk, description="Stop", owner="Sales", due_date=datetime.date(2026, 9, 1)
        )
        audit = Audit.objects.create(
            assessment=published,
            firm="F",
            lead_auditor="L",
            independence="I",
            methods=["remote"],
            started_on=datetime.date(2026, 3, 1),
            ended_on=datetime.date(2026, 3, 2),
            created_by=officer,
        )
        finding = Finding.objects.create(audit=audit, severity="high", description="Gap", risk=risk)
        CorrectiveAction.objects.create(
            finding=finding, description="Fix", owner="O", due_date=datetime.date(2026, 6, 1)
        )
        listed = ListedEntity.objects.create(
            screening_list=ScreeningList.objects.create(slug="l", name="L", publisher="p"), name="Tianshan"
        )
        partner = published.partners.get(name__startswith="Tianshan")
        ScreeningMatch.objects.create(
            partner=partner, entity=listed, score=1, matched_name="tianshan", status="confirmed"
        )

    officer_client.post(reverse("reports:correction", args=[published.pk]))
    copy = Assessment.objects.get(previous_revision=published)
    copied_risk = copy.risks.get()
    assert copied_risk.pk != risk.pk and copied_risk.actions.get().description == "Stop"
    copied_finding = Finding.objects.get(audit__assessment=copy)
    assert copied_finding.risk == copied_risk
    assert copied_finding.actions.get().description == "Fix"
    match = ScreeningMatch.objects.get(partner__assessment=copy)
    assert (match.entity, match.status) == (listed, "confirmed")
    assert ScreeningMatch.objects.filter(partner=partner).count() == 1  # the original keeps its own


def test_a_correction_keeps_the_officers_suggestion_decisions(officer_client, published, officer):
    """Regression: revision 2 showed every decided suggestion as pending again."""
    from duediligence.assessments.snapshot import Snapshot
    from duediligence.risks.models import SuggestionDecision
    from duediligence.risks.register import pending_suggestions

    questions = list(published.questionnaire.questions.order_by("key")[:4])
    risk = published.risks.get()
    with as_if_before_submission():
        SuggestionDecision.objects.create(
            assessment=published,
            question=questions[0],
            outcome="dismissed",
            reason="Not sold there",
            decided_by=officer,
        )
        for question in questions[1:]:
            SuggestionDecision.objects.create(
                assessment=published, question=question, outcome="accepted", risk=risk, decided_by=officer
            )

    officer_client.post(reverse("reports:correction", args=[published.pk]))
    copy = Assessment.objects.get(previous_revision=published)

    def decisions(assessment):
        return sorted(
            SuggestionDecision.objects.filter(assessment=assessment).values_list(
                "uid", "question__key", "outcome", "reason", "risk__uid"
            )
        )

    assert decisions(copy) == decisions(published)
    assert SuggestionDecision.objects.filter(assessment=copy, risk__assessment=copy).count() == 3
    assert pending_suggestions(Snapshot(copy)) == pending_suggestions(Snapshot(published))


def test_after_publishing_the_manager_sees_the_public_address_to_copy(manager_client, published):
    page = manager_client.get(reverse("reports:home", args=[published.pk])).content.decode()
    address = "http://testserver" + reverse("public:page", args=[published.public_token])
    assert f'readonly value="{address}"' in page
    assert '<label class="form-label" for="public-address">' in page


def test_a_modern_slavery_statement_needs_the_boards_approval_and_a_director(manager_client, approved):
    url = reverse("reports:publish", args=[approved.pk])
    page = manager_client.post(url, {**SIGNOFF, "variants": ["uk_msa"]}).content.decode()
    assert "needs the date the board approved it" in page and "signed by a director" in page
    assert re.search(r'value="uk_msa"[^>]*checked', page)  # the choice is kept
    assert not PublishedReport.objects.exists()


def test_the_published_revision_keeps_the_variant_it_was_published_as(
    manager_client, approved, django_capture_on_commit_callbacks
):
    form = {**SIGNOFF, "variants": ["uk_msa"], "board_approved_on": "2026-11-18", "director_name": "Dana Director"}
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[approved.pk]), form)
    public = PublishedReport.objects.get(assessment=approved, kind="public")
    assert public.variant == "uk_msa" and public.director_name == "Dana Director"
    text = pdf_text(public.pdf.read())
    assert "Modern slavery and human trafficking statement" in text
    assert "Approved by the board of directors on 18 November 2026" in text and "Dana Director" in text
    page = Client().get(reverse("public:page", args=[approved.public_token])).content.decode()
    assert "UK Modern Slavery Act, section 54 statement" in page
