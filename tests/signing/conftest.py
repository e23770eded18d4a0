import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def pkcs12_file(password: str = "p12-password", *, days: int = 365, organisation: str = "Meridian Test AG") -> bytes:
    """A key and certificate as a certificate authority would hand them over (here self-issued, RSA)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1 if days > 0 else 400))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"upload", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    )


@pytest.fixture
def minimal_pdf():
    from duediligence.reports.render import html_to_pdf

    return html_to_pdf('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><p>Hello</p></body></html>')
