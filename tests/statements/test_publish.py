"""Publishing a year's statement: the MSA statement and the Norway account each their own PDF/A, hashes and PAdES
signature, each verified on the public page; the board's approval and a director (MSA) and every board member
and the general manager (Norway) are required at sign-off and printed."""

import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from duediligence.signing import pdf as signing_pdf
from duediligence.signing import services as signing
from duediligence.statements.models import PublishedStatement, Status
from tests.reports.conftest import pdf_text
from tests.reports.test_signed_publication import SIGNOFF


def check_upload(token: str, data: bytes) -> str:
    upload = SimpleUploadedFile("copy.pdf", data, content_type="application/pdf")
    return Client().post(reverse("statement_public:page", args=[token]), {"pdf": upload}).content.decode()


def test_the_msa_statement_and_the_norway_account_are_published_signed_and_verify(
    manager_client, approved_statement, django_capture_on_commit_callbacks
):
    url = reverse("statements:publish", args=[approved_statement.pk])
    refused = manager_client.post(url, {**SIGNOFF, "director_name": "", "general_manager": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "A Modern Slavery Act statement is signed by a director" in page
    assert "signed by the general manager" in page
    assert not PublishedStatement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert manager_client.post(url, SIGNOFF).status_code == 302
    approved_statement.refresh_from_db()
    job = approved_statement.publish_jobs.get()
    assert (job.status, job.error) == ("done", "")
    assert approved_statement.status == Status.PUBLISHED
    published = {p.variant: p for p in approved_statement.publications.all()}
    assert set(published) == {"uk_msa", "norway"}
    assert published["uk_msa"].pdf_sha256 != published["norway"].pdf_sha256
    approval = approved_statement.transitions.get(to_status=Status.APPROVED)
    keys = signing.keys_of(approved_statement.organisation)
    titles = {"uk_msa": "Modern slavery and human trafficking statement", "norway": "Account of due diligence"}
    for regime, document in published.items():
        data = document.pdf.open("rb").read()
        assert hashlib.sha256(data).hexdigest() == document.pdf_sha256
        assert hashlib.sha256(document.html.open("rb").read()).hexdigest() == document.html_sha256
        assert document.content_sha256 == approval.content_sha256
        assert signing_pdf.check(data, keys).verified and document.signing_key is not None
        metadata = PdfReader(io.BytesIO(data)).metadata
        assert metadata.title.startswith(titles[regime])
        assert ("section 54" if regime == "uk_msa" else "Transparency Act") in metadata.subject
        assert "UN Guiding Principles" not in metadata.subject
        page = check_upload(approved_statement.public_token, data)
        assert f"This PDF is exactly the {document.get_variant_display()} for the year to 31 December 2026" in page
        assert "Its signature is valid" in page
        served = Client().get(reverse("statement_public:pdf", args=[approved_statement.public_token, regime]))
        assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == document.pdf_sha256
    msa = pdf_text(published["uk_msa"].pdf.open("rb").read())
    assert "Approved by the board of directors on 18 November 2026" in msa and "Dana Director" in msa
    assert approval.content_sha256 in msa.replace(" ", "")
    norway = pdf_text(published["norway"].pdf.open("rb").read())
    assert "Members of the board Bente Board, Bjørn Board" in norway and "General manager Gina Manager" in norway
    assert "Published on " in norway and "Dana Director" not in norway
    # One changed byte: neither a published file nor soundly signed.
    tampered = bytearray(published["norway"].pdf.open("rb").read())
    at = tampered.index(b"/Producer")
    tampered[at + 1] = ord("X")
    page = check_upload(approved_statement.public_token, bytes(tampered))
    assert "is not a file published here" in page and "Its signature is valid" not in page


def test_the_registry_submission_is_recorded_after_publication(
    manager_client, officer_client, approved_statement, django_capture_on_commit_callbacks
):
    registry = reverse("statements:registry", args=[approved_statement.pk])
    assert officer_client.post(registry, {"submitted_on": "2026-11-25"}).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("statements:publish", args=[approved_statement.pk]), SIGNOFF)
    assert officer_client.post(registry, {"submitted_on": "2026-11-25"}).status_code == 302
    approved_statement.refresh_from_db()
    assert approved_statement.registry_submitted_on.isoformat() == "2026-11-25"
    public = Client().get(reverse("statement_public:page", args=[approved_statement.public_token]))
    assert "submitted on 25 November 2026" in public.content.decode()


def test_an_unpublished_statement_has_no_public_page(statement):
    assert Client().get(reverse("statement_public:page", args=[statement.public_token])).status_code == 404


def test_a_publication_the_worker_refuses_says_why_on_the_statements_page(
    manager_client, approved_statement, django_capture_on_commit_callbacks
):
    from duediligence.statements.models import StatementTransition

    # Content changed behind the triggers' back since the approval: the worker's publish move refuses it.
    StatementTransition.objects.filter(statement=approved_statement, to_status=Status.APPROVED).update(
        content_sha256="0" * 64
    )
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("statements:publish", args=[approved_statement.pk]), SIGNOFF)
    job = approved_statement.publish_jobs.get()
    assert job.status == "failed" and "not what the auditor approved" in job.error
    assert not PublishedStatement.objects.exists()
    approved_statement.refresh_from_db()
    assert approved_statement.status == Status.APPROVED
    page = manager_client.get(reverse("statements:detail", args=[approved_statement.pk])).content.decode()
    assert "Failed" in page and "not what the auditor approved" in page


def test_a_job_no_worker_took_is_reported_as_failed(manager, approved_statement):
    import datetime

    from django.utils import timezone

    from duediligence.reports.services import Signoff
    from duediligence.statements import services, tasks

    signoff = Signoff("Maya Manager", "CEO", datetime.date(2026, 11, 20))
    job = tasks.publish_job_request(statement=approved_statement, user=manager, signoff=signoff)
    later = timezone.now() + datetime.timedelta(days=1)
    assert services.publish_jobs_sweep(statement=approved_statement, now=later) == 1
    job.refresh_from_db()
    assert job.status == "failed" and "nothing was published" in job.error
