"""Making, reading and protecting signing keys. Nothing here touches the database or logs anything.

A private key exists unencrypted only in this process's memory, while it signs: it is stored as PKCS#8
encrypted with a passphrase derived (HMAC-SHA256) from SIGNING_KEY_SECRET and the key's own uid, so one key's
passphrase opens no other, and SIGNING_KEY_SECRET never reaches the database, a page, a log or an export.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

# A generated certificate's lifetime; rotation makes a new one well before.
GENERATED_YEARS = 10
# Keys pyHanko signs with and PDF readers check: RSA, and ECDSA on the NIST curves.
SIGNING_KEY_TYPES = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)


class KeyRefused(ValueError):
    """An uploaded key or certificate that cannot sign publications, with the reason in words."""


@dataclass(frozen=True)
class KeyMaterial:
    """A key pair with its certificate, as made or uploaded, before it is stored encrypted."""

    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def __repr__(self) -> str:
        return f"<KeyMaterial {fingerprint(self.certificate)[:16]}>"


def passphrase(uid: str) -> bytes:
    secret = settings.SIGNING_KEY_SECRET.encode("utf-8")
    return hmac.new(secret, f"signing-key:{uid}".encode(), hashlib.sha256).hexdigest().encode("ascii")


def encrypt(private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, uid: str) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase(uid)),
    )


def decrypt(encrypted: bytes | memoryview, uid: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(bytes(encrypted), password=passphrase(uid))
    assert isinstance(key, SIGNING_KEY_TYPES), "only signing keys are ever stored"
    return key


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def subject_of(certificate: x509.Certificate) -> str:
    return certificate.subject.rfc4514_string()


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_certificate(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def generate(organisation_name: str, *, now: datetime.datetime) -> KeyMaterial:
    """A new ECDSA P-256 key and a self-signed certificate naming the organisation as the publisher."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation_name[:40]} publications"),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * GENERATED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(private_key, hashes.SHA256())
    )
    return KeyMaterial(private_key, certificate)


def read_pkcs12(data: bytes, password: str, *, now: datetime.datetime) -> KeyMaterial:
    """The key and certificate of an uploaded PKCS#12 file (.p12, .pfx), checked fit to sign publications."""
    try:
        private_key, certificate, _chain = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        raise KeyRefused(
            "This file could not be opened as PKCS#12 (.p12 or .pfx) with that password: check both."
        ) from None
    if private_key is None or certificate is None:
        raise KeyRefused("The file must hold both the private key and its certificate.")
    if isinstance(private_key, (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)) or not isinstance(
        private_key, SIGNING_KEY_TYPES
    ):
        raise KeyRefused("The key must be an RSA or an elliptic-curve (ECDSA) key, which PDF readers can check.")
    if private_key.public_key().public_numbers() != certificate.public_key().public_numbers():  # type: ignore[union-attr]
        raise KeyRefused("The certificate in the file is not the certificate of its private key.")
    if certificate.not_valid_after_utc <= now:
        raise KeyRefused(f"The certificate expired on {certificate.not_valid_after_utc:%d %B %Y}.")
    if certificate.not_valid_before_utc > now:
        raise KeyRefused(f"The certificate is valid only from {certificate.not_valid_before_utc:%d %B %Y}.")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise KeyRefused("The certificate does not allow signing documents (its key usage).")
    return KeyMaterial(private_key, certificate)
