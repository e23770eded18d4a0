"""PAdES signatures on published PDFs, made and checked with pyHanko.

A signature is added as an incremental update (the rendered PDF/A bytes stay as they were, with the signature
after them), at the PAdES baseline B-B level: the signer's certificate and the document's digest, signed. Any
PDF reader can then show who signed and whether anything changed since; the public page checks the same.
"""

from __future__ import annotations

import datetime
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from duediligence.signing import keys

if TYPE_CHECKING:
    from duediligence.signing.models import SigningKey

FIELD_NAME = "Publication"


def _pyhanko() -> None:
    # pyHanko imports cryptography's DSA module, which warns that DSA is deprecated; we never use DSA.
    warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")


def sign(pdf: bytes, key: SigningKey, *, reason: str, location: str = "") -> bytes:
    """The PDF with the organisation's signature added; the key is decrypted in memory only for this."""
    _pyhanko()
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private_key = keys.decrypt(key.encrypted_private_key, str(key.uid))
    signer = signers.SimpleSigner(
        cert_registry=SimpleCertificateStore(),
        signing_cert=asn1_x509.Certificate.load(
            keys.load_certificate(key.certificate_pem).public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            private_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    del private_key
    metadata = PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        name=key.organisation.name,
    )
    output = io.BytesIO()
    PdfSigner(metadata, signer=signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output)
    return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says, checked against the certificates an organisation registered here."""

    # The file carries a signature at all.
    signed: bool
    # The signature is cryptographically sound and the bytes it covers are unchanged.
    intact: bool
    # The signature covers the whole file: nothing was added after it.
    whole_file: bool
    # The organisation's key whose certificate made it, or None (signed by someone else, or unsigned).
    key: SigningKey | None = None
    signer: str = ""
    signed_at: datetime.datetime | None = None

    @property
    def verified(self) -> bool:
        return self.signed and self.intact and self.whole_file and self.key is not None


UNSIGNED = SignatureCheck(signed=False, intact=False, whole_file=False)


def check(pdf: bytes, candidates: Iterable[SigningKey]) -> SignatureCheck:
    """Check the PDF's last signature, trusting exactly the certificates of `candidates` (an organisation's keys,
    current and retired): a signature by any other certificate is reported with its signer, never as verified."""
    _pyhanko()
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError):
        return UNSIGNED
    if not signatures:
        return UNSIGNED
    signature = signatures[-1]
    try:
        certificate = signature.signer_cert
    except (ValueError, KeyError, SignatureValidationError):
        return SignatureCheck(signed=True, intact=False, whole_file=False)
    by_fingerprint = {key.fingerprint_sha256: key for key in candidates}
    key = by_fingerprint.get(certificate.sha256.hex())
    signer = certificate.subject.human_friendly
    trusted = [asn1_x509.Certificate.load(certificate.dump())] if key is not None else []
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=trusted, allow_fetching=False), skip_diff=False
        )
    except (SignatureValidationError, PdfError, ValueError) as error:  # a damaged signature is a "no", not a 500
        del error
        return SignatureCheck(signed=True, intact=False, whole_file=False, signer=signer)
    from pyhanko.sign.validation import SignatureCoverageLevel

    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        key=key if status.trusted else None,
        signer=signer,
        signed_at=status.signer_reported_dt,
    )
