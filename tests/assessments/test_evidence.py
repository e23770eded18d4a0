import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duediligence.assessments.evidence import safe_name
from duediligence.assessments.models import Evidence
from duediligence.assessments.snapshot import Snapshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, assessment, name, content, content_type="application/octet-stream", **extra):
    url = reverse("assessments:section", args=[assessment.pk, 1, "labour"])
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(url, {"labour_evidence": file, "version__labour_evidence": "0", "action": "later", **extra})


def test_a_pdf_is_stored_with_its_hash_size_and_uploader(officer_client, assessment, officer):
    response = upload(officer_client, assessment, "tracing.pdf", PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "tracing.pdf",
        len(PDF),
        "application/pdf",
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.uploaded_by == officer
    assert Snapshot(assessment).values["labour_evidence"] == [evidence.token]
    assert evidence.token in evidence.file.name and "tracing" not in evidence.file.name


def test_the_type_is_judged_by_content_not_by_name(officer_client, assessment):
    response = upload(officer_client, assessment, "report.pdf", EXE, "application/pdf")
    assert response.status_code == 400
    assert "report.pdf is not a file type we accept" in response.content.decode()
    assert not Evidence.objects.exists()
    assert upload(officer_client, assessment, "scan.dat", PNG).status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


def test_an_empty_file_is_refused(officer_client, assessment):
    response = upload(officer_client, assessment, "empty.pdf", b"")
    assert "empty.pdf is empty" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused_with_its_size(officer_client, assessment, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    response = upload(officer_client, assessment, "big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "big.pdf is 2.0 MB; files can be at most 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_path_in_the_uploaded_name_goes_nowhere(officer_client, assessment, settings):
    for name in ["../../../etc/passwd.pdf", "..\\..\\windows\\evil.pdf", "/abs/olute.pdf"]:
        assert upload(officer_client, assessment, name, PDF).status_code == 302
    stored = list(Evidence.objects.order_by("pk"))
    assert [evidence.original_name for evidence in stored] == ["passwd.pdf", "evil.pdf", "olute.pdf"]
    media = Path(settings.MEDIA_ROOT).resolve()
    for evidence in stored:
        path = Path(evidence.file.path).resolve()
        assert path.is_relative_to(media) and ".." not in evidence.file.name


def test_a_rejected_upload_saves_none_of_the_other_answers(officer_client, assessment):
    response = upload(officer_client, assessment, "x.pdf", EXE, own_sites_in_region="yes")
    assert response.status_code == 400
    assert Snapshot(assessment).values == {}


def test_path_parts_of_a_name_are_dropped():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\report.pdf") == "report.pdf"
    assert safe_name('..\x00"') == "evidence"


def test_download_is_permission_checked(officer_client, manager_client, outsider_client, assessment):
    upload(officer_client, assessment, "../secret/tracing.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("assessments:evidence", args=[assessment.pk, evidence.token])
    response = manager_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="tracing.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert outsider_client.get(url).status_code == 404


def test_removing_evidence_keeps_the_file_in_history(officer_client, assessment):
    upload(officer_client, assessment, "a.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("assessments:section", args=[assessment.pk, 1, "labour"])
    officer_client.post(
        url, {"remove__labour_evidence": evidence.token, "version__labour_evidence": "1", "action": "later"}
    )
    assert Snapshot(assessment).values.get("labour_evidence") is None
    assert Evidence.objects.filter(pk=evidence.pk).exists()
