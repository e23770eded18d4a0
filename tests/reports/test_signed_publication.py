"""A revision published in several variants: each its own PDF, fingerprint and PAdES signature, each recognised by
the public page's check, which reads the signature as well as the fingerprint; a rotated key's publications still
verify."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duediligence.reports.models import PublishedReport
from duediligence.signing import pdf as signing_pdf
from duediligence.signing import services as signing
from tests.reports.conftest import pdf_text

SIGNOFF = {
    "signoff_name": "Maya Manager",
    "signoff_role": "Chief Executive",
    "signoff_date": "2026-11-20",
    "board_approved_on": "2026-11-18",
    "director_name": "Dana Director",
    "board_members": "Bente Board\nBjørn Board",
    "general_manager": "Gina Manager",
    "confirm": "on",
}


def check_upload(token: str, data: bytes) -> str:
    upload = SimpleUploadedFile("copy.pdf", data, content_type="application/pdf")
    return Client().post(reverse("public:page", args=[token]), {"pdf": upload}).content.decode()


def test_every_variant_is_published_signed_and_verifies_on_its_own(
    manager_client, approved, django_capture_on_commit_callbacks
):
    form = {**SIGNOFF, "variants": ["ungprf", "uk_msa", "norway"]}
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[approved.pk]), form)
    public = {r.variant: r for r in PublishedReport.objects.filter(assessment=approved, kind="public")}
    assert set(public) == {"ungprf", "uk_msa", "norway"}
    assert len({report.pdf_sha256 for report in public.values()}) == 3
    keys = signing.keys_of(approved.organisation)
    for variant, report in public.items():
        data = report.pdf.open("rb").read()
        assert hashlib.sha256(data).hexdigest() == report.pdf_sha256
        assert signing_pdf.check(data, keys).key == report.signing_key
        page = check_upload(approved.public_token, data)
        assert f"This PDF is exactly revision 1 as the {report.get_variant_display()}" in page
        assert "Its signature is valid" in page
        served = Client().get(reverse("public:pdf", args=[approved.public_token, 1]) + f"?variant={variant}")
        assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == report.pdf_sha256
    assert "Modern slavery and human trafficking statement" in pdf_text(public["uk_msa"].pdf.open("rb").read())
    # A copy with one byte changed is neither published nor soundly signed.
    tampered = bytearray(public["norway"].pdf.open("rb").read())
    at = tampered.index(b"/Producer")
    tampered[at + 1] = ord("X")
    page = check_upload(approved.public_token, bytes(tampered))
    assert "is not a file published here" in page and "Its signature is valid" not in page


def test_a_rotated_key_keeps_the_earlier_publication_verifiable(
    manager_client, approved, org_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("reports:publish", args=[approved.pk]), {**SIGNOFF, "variants": ["ungprf"]})
    report = PublishedReport.objects.get(assessment=approved, kind="public")
    signing.key_generate(organisation=approved.organisation, user=org_admin)
    page = check_upload(approved.public_token, report.pdf.open("rb").read())
    assert "Its signature is valid" in page and "a key since replaced" in page
