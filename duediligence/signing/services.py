"""Keys of an organisation: made, uploaded, rotated. Every change is one transaction with its security event."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from duediligence.accounts.models import Organisation, User
from duediligence.lib.acting import Acting
from duediligence.security import events
from duediligence.security.models import EventKind
from duediligence.signing import keys
from duediligence.signing.models import KeySource, SigningKey


def _store(*, organisation: Organisation, user: User, material: keys.KeyMaterial, source: str) -> SigningKey:
    """Retire the current key (if any) and store the new one, encrypted: the rotation is one transaction."""
    now = timezone.now()
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).update(retired_at=now)
    uid = uuid.uuid4()
    return SigningKey.objects.create(
        uid=uid,
        organisation=organisation,
        source=source,
        certificate_pem=keys.certificate_pem(material.certificate),
        fingerprint_sha256=keys.fingerprint(material.certificate),
        subject=keys.subject_of(material.certificate),
        not_before=material.certificate.not_valid_before_utc,
        not_after=material.certificate.not_valid_after_utc,
        encrypted_private_key=keys.encrypt(material.private_key, str(uid)),
        created_by=user,
    )


@transaction.atomic
def key_generate(*, organisation: Organisation, user: User, acting: Acting | None = None) -> SigningKey:
    """A new key and self-signed certificate for the organisation; the one before is retired, not deleted."""
    material = keys.generate(organisation.name, now=timezone.now())
    key = _store(organisation=organisation, user=user, material=material, source=KeySource.GENERATED)
    events.record(
        EventKind.SIGNING_KEY,
        acting=acting,
        actor=user,
        organisation=organisation,
        subject=key.subject,
        detail=f"Key made by duediligence; certificate SHA-256 {key.fingerprint_sha256}",
    )
    return key


@transaction.atomic
def key_upload(
    *, organisation: Organisation, user: User, data: bytes, password: str, acting: Acting | None = None
) -> SigningKey:
    """The organisation's own key and certificate from a PKCS#12 file; refused with the reason (KeyRefused)."""
    material = keys.read_pkcs12(data, password, now=timezone.now())
    fingerprint = keys.fingerprint(material.certificate)
    if SigningKey.objects.filter(fingerprint_sha256=fingerprint).exists():
        raise keys.KeyRefused("This certificate is already registered here.")
    key = _store(organisation=organisation, user=user, material=material, source=KeySource.UPLOADED)
    events.record(
        EventKind.SIGNING_KEY,
        acting=acting,
        actor=user,
        organisation=organisation,
        subject=key.subject,
        detail=f"Key uploaded; certificate SHA-256 {key.fingerprint_sha256}",
    )
    return key


def key_for_publication(*, organisation: Organisation, user: User) -> SigningKey:
    """The key a publication is signed with now: the current one, made on the organisation's first publication
    when it has none (in the publication's own transaction)."""
    current = SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
    if current is not None and current.not_after > timezone.now():
        return current
    return key_generate(organisation=organisation, user=user)


def keys_of(organisation: Organisation) -> list[SigningKey]:
    """Every key the organisation ever signed with, current first: what its publications are checked against."""
    return list(SigningKey.objects.filter(organisation=organisation).select_related("organisation"))
