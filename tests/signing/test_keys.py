"""An organisation's signing keys: made or uploaded, kept encrypted, rotated without losing what they signed."""

import logging

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from duediligence.security.models import EventKind, SecurityEvent
from duediligence.signing import keys, pdf, services
from duediligence.signing.models import SigningKey
from tests.signing.conftest import pkcs12_file


def test_a_generated_key_is_stored_only_encrypted_and_names_the_organisation(organisation, org_admin):
    key = services.key_generate(organisation=organisation, user=org_admin)
    stored = bytes(key.encrypted_private_key)
    assert stored.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert organisation.name in key.subject and key.is_current
    # Only the server's secret opens it, and one key's passphrase opens no other.
    assert keys.decrypt(stored, str(key.uid)) is not None
    with pytest.raises(ValueError):
        keys.decrypt(stored, "another-uid")
    event = SecurityEvent.objects.get(kind=EventKind.SIGNING_KEY)
    assert key.fingerprint_sha256 in event.detail and "PRIVATE" not in event.detail


def test_rotation_retires_the_old_key_and_keeps_what_it_signed_verifiable(organisation, org_admin, minimal_pdf):
    first = services.key_generate(organisation=organisation, user=org_admin)
    signed_before = pdf.sign(minimal_pdf, first, reason="First")
    second = services.key_generate(organisation=organisation, user=org_admin)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    signed_after = pdf.sign(minimal_pdf, second, reason="Second")
    known = services.keys_of(organisation)
    assert pdf.check(signed_before, known).key == first and pdf.check(signed_before, known).verified
    assert pdf.check(signed_after, known).key == second
    assert services.key_for_publication(organisation=organisation, user=org_admin) == second


def test_a_key_and_its_certificate_never_change_and_are_never_deleted(organisation, org_admin):
    key = services.key_generate(organisation=organisation, user=org_admin)
    for change in (
        lambda: SigningKey.objects.filter(pk=key.pk).update(certificate_pem="-----BEGIN CERTIFICATE-----"),
        lambda: SigningKey.objects.filter(pk=key.pk).update(encrypted_private_key=b"x"),
        lambda: SigningKey.objects.filter(pk=key.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()


def test_an_uploaded_pkcs12_key_signs_and_its_password_is_not_kept(organisation, org_admin, minimal_pdf):
    key = services.key_upload(organisation=organisation, user=org_admin, data=pkcs12_file(), password="p12-password")
    assert key.source == "uploaded" and b"p12-password" not in bytes(key.encrypted_private_key)
    assert pdf.check(pdf.sign(minimal_pdf, key, reason="R"), [key]).verified


@pytest.mark.parametrize(
    ("data", "password", "message"),
    [
        (b"not a pkcs12 file", "x", "could not be opened as PKCS#12"),
        (pkcs12_file("right"), "wrong", "could not be opened as PKCS#12"),
        (pkcs12_file(days=-1), "p12-password", "The certificate expired"),
    ],
)
def test_an_upload_that_cannot_sign_is_refused_with_its_reason(organisation, org_admin, data, password, message):
    with pytest.raises(keys.KeyRefused, match=message):
        services.key_upload(organisation=organisation, user=org_admin, data=data, password=password)
    assert not SigningKey.objects.exists()


def test_the_page_shows_the_certificate_and_never_the_key(admin_client_org, organisation, org_admin, caplog):
    caplog.set_level(logging.DEBUG)
    admin_client_org.post(reverse("signing:generate"))
    key = SigningKey.objects.get()
    page = admin_client_org.get(reverse("signing:keys")).content.decode()
    assert key.fingerprint_grouped in page
    private = keys.decrypt(bytes(key.encrypted_private_key), str(key.uid))
    from cryptography.hazmat.primitives import serialization

    plain = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    body = plain.splitlines()[1]
    encrypted = bytes(key.encrypted_private_key).decode().splitlines()[1]
    certificate = admin_client_org.get(reverse("signing:certificate", args=[key.uid])).content.decode()
    for text in (page, certificate, caplog.text, repr(key), str(key)):
        assert "PRIVATE KEY" not in text and body not in text and encrypted not in text
    assert certificate.startswith("-----BEGIN CERTIFICATE-----")


def test_a_refused_upload_says_why_on_the_page_and_keeps_the_current_key(admin_client_org, organisation, org_admin):
    current = services.key_generate(organisation=organisation, user=org_admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("key.p12", pkcs12_file("right"), content_type="application/x-pkcs12")
    response = admin_client_org.post(reverse("signing:upload"), {"file": upload, "password": "wrong"})
    assert response.status_code == 400
    assert "could not be opened as PKCS#12" in response.content.decode()
    assert SigningKey.objects.get(retired_at__isnull=True) == current


def test_managers_see_the_key_and_only_admins_change_it(manager_client, organisation):
    assert manager_client.get(reverse("signing:keys")).status_code == 200
    assert manager_client.post(reverse("signing:generate")).status_code == 403
