"""Input no page can mean is refused with a 400 page before it reaches a view: NUL bytes, lone surrogates,
ids too large for the database, bodies larger than any upload."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse


def test_a_nul_byte_in_the_address_is_a_400_page_not_a_500(officer_client, assessment):
    for url in ["/r/%00/", f"/assessments/{assessment.pk}/evidence/%00/", "/assessments/?q=%00"]:
        response = officer_client.get(url)
        assert response.status_code == 400, url
        assert "could not be understood" in response.content.decode()
    assert Client().get("/r/%00/").status_code == 400


def test_a_nul_byte_in_a_form_is_a_400_page(officer_client, assessment):
    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    response = officer_client.post(url, {"operates_in_region": "yes\x00"})
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_an_id_too_large_for_the_database_is_a_404(officer_client, assessment):
    response = officer_client.get(f"/assessments/{'9' * 30}/")
    assert response.status_code == 404
    response = officer_client.get(f"/assessments/{assessment.pk}/risks/{'9' * 19}/")
    assert response.status_code == 404


def test_an_upload_counted_past_the_limit_while_read_is_refused(officer_client, assessment, settings):
    """A body that does not declare its size is counted as it is read and stopped at the limit."""
    from duediligence.lib.bad_input import LimitedUploadHandler

    settings.REQUEST_BODY_MAX_BYTES = 1024
    handler = LimitedUploadHandler()
    handler.receive_data_chunk(b"x" * 1000, 0)
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"x" * 100, 1000)
    url = reverse("partners:import", args=[assessment.pk])
    big = SimpleUploadedFile("p.csv", b"x" * 4096, content_type="text/csv")
    assert officer_client.post(url, {"file": big}).status_code == 413


def chunked_post(client, url, body: bytes, content_type: str, headers: dict | None = None):
    """A body sent as HTTP/1.1 chunks, with no Content-Length: as gunicorn hands it to Django."""
    import io

    return client.generic(
        "POST",
        url,
        body,
        content_type=content_type,
        headers=headers,
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
        **{"wsgi.input": io.BytesIO(body)},
    )


def multipart(fields: dict[str, str], file_bytes: bytes = b"") -> tuple[bytes, str]:
    boundary = "----probe-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    if file_bytes:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="uploads__labour_evidence"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + file_bytes
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_chunked_upload_past_the_limit_is_too_large_not_a_conflict(officer_client, assessment):
    from duediligence.assessments.models import Answer

    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    body, content_type = multipart({"context_sources": "Site visits", "action": "later"}, b"%PDF-" + b"x" * 23_000_000)
    response = chunked_post(officer_client, url, body, content_type)
    assert response.status_code == 413
    assert "This upload is too large" in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_chunked_form_within_the_limit_is_read_whole(officer_client, assessment):
    from duediligence.assessments.snapshot import Snapshot

    url = reverse("assessments:section", args=[assessment.pk, 1, "context"])
    body, content_type = multipart({"context_sources": "Sent in chunks", "action": "later"})
    response = chunked_post(officer_client, url, body, content_type)
    assert response.status_code == 302, response.status_code
    assert Snapshot(assessment).values["context_sources"] == "Sent in chunks"
