"""What a case's texts and files look like at rest: encrypted under the case's own key.

Each case gets a random 32-byte key when it is received. That key is stored twice, never in clear: sealed to the
organisation's case public key (officers with access open it, keys.py) and wrapped under a key derived from the
reporter's passphrase (the reporter opens it with their case code and passphrase). Everything written into the
case is encrypted under it (lib/crypto.py): the report (what, where, when), the contact details, each message,
the officer's resolution, each file with its name, type and hash. So a database dump, a backup, a replica or the
file store holds nothing readable, and a reporter's passphrase opens their own case and no other.

This module only turns texts into ciphertexts and back; who may hold which key is keys.py's business.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile

from duediligence.assessments.evidence import new_token
from duediligence.grievances.models import Case, CaseAttachment, CaseMessage
from duediligence.lib import crypto


@dataclass(frozen=True)
class Report:
    description: str
    place: str = ""
    happened: str = ""


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def given(self) -> bool:
        return bool(self.name or self.email or self.phone)


@dataclass(frozen=True)
class Resolution:
    remedy: str = ""
    no_remedy_reason: str = ""


@dataclass(frozen=True)
class PreparedFile:
    """A file from the reporter, checked (assessments/evidence.py) and cleaned (cleaning.py), ready to seal."""

    name: str
    content_type: str
    data: bytes
    cleaned: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class FileMeta:
    name: str
    content_type: str
    sha256: str


@dataclass
class OpenedCase:
    """A case with its texts opened, for the one request that shows them."""

    case: Case
    report: Report
    messages: list[tuple[CaseMessage, str]] = field(default_factory=list)
    resolution: Resolution | None = None
    files: list[tuple[CaseAttachment, FileMeta]] = field(default_factory=list)


def passphrase_cost() -> crypto.KdfCost:
    return crypto.KdfCost(settings.GRIEVANCE_PASSPHRASE_KDF_OPSLIMIT, settings.GRIEVANCE_PASSPHRASE_KDF_MEMLIMIT)


def case_key_new(case: Case, *, organisation_public_key: bytes, passphrase: str | None) -> bytes:
    """Give `case` a new key, sealed to the organisation and (when there is a passphrase) wrapped for the reporter;
    returns the key, to encrypt the case's texts with. Nothing is saved."""
    key = crypto.random_bytes()
    case.sealed_key = crypto.seal(organisation_public_key, key)
    if passphrase is not None:
        cost = passphrase_cost()
        salt = crypto.new_salt()
        case.reporter_wrapped_key = crypto.encrypt(crypto.derive_key(passphrase, salt, cost), key)
        case.reporter_salt, case.reporter_kdf_opslimit, case.reporter_kdf_memlimit = salt, cost.opslimit, cost.memlimit
    return key


def case_key_for_reporter(case: Case, passphrase: str) -> bytes:
    """The case's key, opened with the reporter's passphrase; crypto.Undecryptable when it does not open it."""
    if case.reporter_wrapped_key is None or case.reporter_salt is None:
        raise crypto.Undecryptable("no key is wrapped for the reporter of this case")
    cost = crypto.KdfCost(case.reporter_kdf_opslimit or 0, case.reporter_kdf_memlimit or 0)
    wrapping = crypto.derive_key(passphrase, bytes(case.reporter_salt), cost)
    return crypto.decrypt(wrapping, bytes(case.reporter_wrapped_key))


def case_key_for_organisation(case: Case, organisation_private_key: bytes) -> bytes:
    if case.sealed_key is None:
        raise crypto.Undecryptable("this case has no key (not encrypted yet, or its content was deleted)")
    return crypto.unseal(organisation_private_key, bytes(case.sealed_key))


def report_seal(case: Case, key: bytes, report: Report, contact: Contact) -> None:
    case.sealed_report = crypto.encrypt_json(
        key, {"description": report.description, "place": report.place, "happened": report.happened}
    )
    case.contact_given = contact.given
    case.sealed_contact = (
        crypto.encrypt_json(key, {"name": contact.name, "email": contact.email, "phone": contact.phone})
        if contact.given
        else None
    )


def report_of(case: Case, key: bytes) -> Report:
    return Report(**crypto.decrypt_json(key, bytes(case.sealed_report or b"")))


def contact_of(case: Case, key: bytes) -> Contact:
    return Contact(**crypto.decrypt_json(key, bytes(case.sealed_contact))) if case.sealed_contact else Contact()


def resolution_seal(case: Case, key: bytes, resolution: Resolution) -> None:
    case.sealed_resolution = crypto.encrypt_json(
        key, {"remedy": resolution.remedy, "no_remedy_reason": resolution.no_remedy_reason}
    )
    case.remedy_provided = bool(resolution.remedy)


def resolution_of(case: Case, key: bytes) -> Resolution | None:
    if case.sealed_resolution is None:
        return None
    return Resolution(**crypto.decrypt_json(key, bytes(case.sealed_resolution)))


def text_seal(key: bytes, text: str) -> bytes:
    return crypto.encrypt(key, text.encode("utf-8"))


def text_of(message: CaseMessage, key: bytes) -> str:
    return crypto.decrypt(key, bytes(message.sealed_text or b"")).decode("utf-8")


def file_seal(attachment: CaseAttachment, key: bytes, prepared: PreparedFile) -> CaseAttachment:
    """Store the file encrypted under a fresh token (also its stored name), its name, type and hash with it."""
    attachment.token = new_token()
    attachment.size = len(prepared.data)
    attachment.cleaned = prepared.cleaned
    attachment.legacy_meta = None
    attachment.sealed_meta = crypto.encrypt_json(
        key, {"name": prepared.name, "content_type": prepared.content_type, "sha256": prepared.sha256}
    )
    attachment.file.save(attachment.token, ContentFile(crypto.encrypt(key, prepared.data)), save=False)
    attachment.save()
    return attachment


def file_meta(attachment: CaseAttachment, key: bytes) -> FileMeta:
    return FileMeta(**crypto.decrypt_json(key, bytes(attachment.sealed_meta or b"")))


def file_content(attachment: CaseAttachment, key: bytes) -> bytes:
    with attachment.file.open("rb") as handle:
        return crypto.decrypt(key, handle.read())


def case_open(case: Case, key: bytes) -> OpenedCase:
    """The case's texts, opened with its key, for the page that shows them (contact details excepted: those are
    read one at a time, logged, services.contact_read)."""
    return OpenedCase(
        case=case,
        report=report_of(case, key),
        messages=[(message, text_of(message, key)) for message in case.messages.select_related("author")],
        resolution=resolution_of(case, key),
        files=[(attachment, file_meta(attachment, key)) for attachment in case.attachments.all()],
    )
