"""Who holds the organisation's case key, and how it passes from hand to hand (GlobaLeaks' key life cycle).

The chain, each link one libsodium operation (lib/crypto.py):

    officer's password --Argon2id--> wrapping key --opens--> officer's private key     (accounts/personal_keys.py)
    officer's private key --unseals--> organisation's case private key             (CaseKeyAccess, one per officer)
    organisation's case private key --unseals--> a case's own key                            (Case.sealed_key)
    a case's own key --opens--> the case's texts and files                                       (sealing.py)
    recovery key (shown once to the admin) --opens--> organisation's case private key  (CaseKey.recovery_wrapped_...)

- Set-up: the organisation admin makes the key pair; the recovery key is shown once, for them to keep offline;
  every officer who has a personal key (has signed in since keys exist) gets access at once.
- Giving access: an officer who has it seals the private key to a colleague's public key; no password changes
  hands. The admin may do the same with the recovery key (a lost password, or no officer left with access).
- A password change wraps the officer's own private key again (personal_keys.py): nothing here changes. A lost
  password means a new personal key pair, and the old access no longer opens (it was sealed to the old key).
- Removing an officer, or changing their role, deletes their access (signals.py). Copies of a deleted access in
  backups still need that officer's password to open.
Every change is written to the security log.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from duediligence.accounts.models import Membership, Organisation, PersonalKey, Role, User
from duediligence.grievances import sealing
from duediligence.grievances.cleaning import CannotClean, clean
from duediligence.grievances.models import Case, CaseAttachment, CaseEvent, CaseEventKind, CaseKey, CaseKeyAccess
from duediligence.lib import crypto
from duediligence.lib.acting import Acting
from duediligence.security import events
from duediligence.security.models import EventKind


class Through:
    SET_UP = "set_up"
    OFFICER = "officer"
    RECOVERY = "recovery"


def recovery_key_text(raw: bytes) -> str:
    """32 random bytes as 52 letters and digits (base32) in groups of four, to write down or print."""
    letters = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def recovery_key_parse(text: str) -> bytes | None:
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except ValueError:
        return None
    return raw if len(raw) == crypto.KEY_BYTES else None


def case_key_of(organisation: Organisation) -> CaseKey | None:
    return CaseKey.objects.filter(organisation=organisation).first()


def _officers(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, role=Role.OFFICER, user__is_active=True).select_related(
        "user"
    )


def _give(case_key: CaseKey, user: User, private_key: bytes, *, by: User | None, through: str) -> bool:
    """Seal the organisation's private key to the person's current public key; False when they have none yet."""
    personal = PersonalKey.objects.filter(user=user).first()
    if personal is None:
        return False
    CaseKeyAccess.objects.update_or_create(
        case_key=case_key,
        user=user,
        defaults={
            "recipient_public_key": bytes(personal.public_key),
            "sealed_private_key": crypto.seal(bytes(personal.public_key), private_key),
            "granted_by": by,
            "granted_through": through,
        },
    )
    return True


@transaction.atomic
def case_key_set_up(*, organisation: Organisation, acting: Acting) -> str:
    """Make the organisation's case key pair; returns the recovery key, to show once and never again.

    Officers with a personal key get access; cases received before encryption are encrypted now."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if CaseKey.objects.filter(organisation=organisation).exists():
        raise ValidationError("The case key is already set up.")
    private_key, public_key = crypto.new_key_pair()
    recovery = crypto.random_bytes()
    case_key = CaseKey.objects.create(
        organisation=organisation,
        public_key=public_key,
        recovery_wrapped_private_key=crypto.encrypt(recovery, private_key),
        created_by=acting.user,
    )
    given = [
        membership.user.email
        for membership in _officers(organisation)
        if _give(case_key, membership.user, private_key, by=acting.user, through=Through.SET_UP)
    ]
    sealed = legacy_cases_seal(organisation=organisation, public_key=public_key)
    events.record(
        EventKind.CASE_KEY_SET_UP,
        acting=acting,
        organisation=organisation,
        detail=f"Access for {', '.join(given) or 'no officer yet'}; {sealed} earlier case(s) encrypted.",
    )
    return recovery_key_text(recovery)


def organisation_private_key(
    *, organisation: Organisation, user: User, personal_private_key: bytes | None
) -> bytes | None:
    """The organisation's case private key as this person holds it, or None: no access, a lapsed one (sealed to a
    key pair replaced since), or their own key not unlocked in this session."""
    if personal_private_key is None:
        return None
    access = (
        CaseKeyAccess.objects.filter(case_key__organisation=organisation, user=user).select_related("case_key").first()
    )
    if access is None or bytes(access.recipient_public_key) != crypto.public_key_of(personal_private_key):
        return None
    try:
        private_key = crypto.unseal(personal_private_key, bytes(access.sealed_private_key))
    except crypto.Undecryptable:
        return None
    return private_key if crypto.public_key_of(private_key) == bytes(access.case_key.public_key) else None


def _grantee(organisation: Organisation, user: User) -> None:
    if not Membership.objects.filter(organisation=organisation, user=user, role=Role.OFFICER).exists():
        raise ValidationError(f"{user} is not a compliance officer of {organisation}: only officers read cases.")
    if not PersonalKey.objects.filter(user=user).exists():
        raise ValidationError(f"{user} has not signed in since cases are encrypted: they must sign in once first.")


@transaction.atomic
def access_give(*, organisation: Organisation, to: User, private_key: bytes, acting: Acting) -> None:
    """An officer who holds the key gives it to a colleague (sealed to the colleague's public key)."""
    case_key = CaseKey.objects.select_for_update().get(organisation=organisation)
    _grantee(organisation, to)
    _give(case_key, to, private_key, by=acting.user, through=Through.OFFICER)
    events.record(EventKind.CASE_ACCESS_GIVEN, acting=acting, organisation=organisation, subject=to.email)


def private_key_from_recovery(case_key: CaseKey, recovery_key: str) -> bytes:
    """The organisation's case private key, opened with the recovery key; ValidationError for a wrong one."""
    raw = recovery_key_parse(recovery_key)
    try:
        return crypto.decrypt(raw or b"", bytes(case_key.recovery_wrapped_private_key))
    except crypto.Undecryptable:
        raise ValidationError("That is not this organisation's recovery key. Check it and type it again.") from None


@transaction.atomic
def access_recover(*, organisation: Organisation, recovery_key: str, to: list[User], acting: Acting) -> int:
    """The admin opens the case key with the recovery key and gives it to these officers; returns how many."""
    case_key = CaseKey.objects.select_for_update().get(organisation=organisation)
    private_key = private_key_from_recovery(case_key, recovery_key)
    for user in to:
        _grantee(organisation, user)
        _give(case_key, user, private_key, by=acting.user, through=Through.RECOVERY)
    events.record(
        EventKind.CASE_ACCESS_RECOVERED,
        acting=acting,
        organisation=organisation,
        subject=", ".join(user.email for user in to),
    )
    return len(to)


@transaction.atomic
def access_remove(*, organisation: Organisation, user: User, acting: Acting | None) -> bool:
    deleted, _ = CaseKeyAccess.objects.filter(case_key__organisation=organisation, user=user).delete()
    if deleted:
        events.record(EventKind.CASE_ACCESS_REMOVED, acting=acting, organisation=organisation, subject=user.email)
    return bool(deleted)


@dataclass(frozen=True)
class OfficerAccess:
    membership: Membership
    # "has", "lapsed" (sealed to a key pair replaced since: a password reset), "none", "no_key" (not signed in yet)
    state: str

    @property
    def can_receive(self) -> bool:
        return self.state in ("lapsed", "none")


def officers_access(organisation: Organisation) -> list[OfficerAccess]:
    accesses = {
        access.user_id: bytes(access.recipient_public_key)
        for access in CaseKeyAccess.objects.filter(case_key__organisation=organisation)
    }
    keys = {
        key.user_id: bytes(key.public_key)
        for key in PersonalKey.objects.filter(user__memberships__organisation=organisation)
    }
    found = []
    for membership in _officers(organisation).order_by("user__full_name", "user__email"):
        user_id = membership.user_id
        if user_id not in keys:
            state = "no_key"
        elif user_id not in accesses:
            state = "none"
        else:
            state = "has" if accesses[user_id] == keys[user_id] else "lapsed"
        found.append(OfficerAccess(membership, state))
    return found


def legacy_cases_seal(*, organisation: Organisation, public_key: bytes) -> int:
    """Encrypt the cases received before encryption (their texts wait in the pending columns since migration
    grievances 0002) to the organisation's case key. Needs only the public key, so it runs at set-up.

    Their reporters' passphrases were never stored, so no key can be wrapped for them: they still see their
    case's status and outcome, and the page tells them the texts are kept for the organisation only."""
    count = 0
    for case in Case.objects.select_for_update().filter(organisation=organisation, legacy_plaintext__isnull=False):
        plain = case.legacy_plaintext or {}
        key = sealing.case_key_new(case, organisation_public_key=public_key, passphrase=None)
        contact = plain.get("contact") or {}
        sealing.report_seal(
            case,
            key,
            sealing.Report(plain.get("description", ""), plain.get("place", ""), plain.get("happened", "")),
            sealing.Contact(contact.get("name", ""), contact.get("email", ""), contact.get("phone", "")),
        )
        if case.status == "closed":
            sealing.resolution_seal(
                case, key, sealing.Resolution(plain.get("remedy", ""), plain.get("no_remedy_reason", ""))
            )
        case.legacy_plaintext = None
        case.save()
        for message in case.messages.filter(sealed_text__isnull=True):
            message.sealed_text, message.legacy_text = sealing.text_seal(key, message.legacy_text), ""
            message.save(update_fields=["sealed_text", "legacy_text"])
        for attachment in case.attachments.filter(sealed_meta__isnull=True):
            _legacy_file_seal(attachment, key)
        CaseEvent.objects.create(case=case, kind=CaseEventKind.ENCRYPTED)
        count += 1
    return count


def _legacy_file_seal(attachment: CaseAttachment, key: bytes) -> None:
    meta = attachment.legacy_meta or {}
    with attachment.file.open("rb") as handle:
        data = handle.read()
    try:
        cleaned, was_cleaned = clean(meta.get("content_type", ""), data).data, True
    except CannotClean:
        cleaned, was_cleaned = data, False
    old = attachment.file.name or ""
    prepared = sealing.PreparedFile(meta.get("name", "file"), meta.get("content_type", ""), cleaned, was_cleaned)
    sealing.file_seal(attachment, key, prepared)
    # The file as it was sent goes once the encrypted one is committed (a rollback keeps the old one in use).
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(old))
