"""The grievance mechanism's work: taking a case in, letting its reporter come back, and officers working it.

Views pass what the person typed and what the officer decided; these functions check it and record who did what.
The reporter is never identified: they act through the case code and passphrase, and their events have no actor.
What anyone writes into a case is encrypted before it is saved (sealing.py): writing and reading take the case's
key, which the reporter opens with their passphrase and an officer with the organisation's case key (keys.py).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from duediligence.accounts.models import Organisation, User
from duediligence.grievances import keys, sealing
from duediligence.grievances.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseEventKind,
    CaseMessage,
    CaseStatus,
    Mechanism,
    Outcome,
)
from duediligence.grievances.sealing import Contact, PreparedFile, Report, Resolution
from duediligence.lib import crypto
from duediligence.lib.random_secrets import secret_hash, secret_matches
from duediligence.risks.models import Risk
from duediligence.security import public_throttle as throttle

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# A hash to check against when no case has the code, so that a wrong code costs the same time as a wrong passphrase.
# The passphrase is drawn at random (16 characters of 31: about 79 bits), hashed as lib/random_secrets.py says;
# wrong tries are throttled too.
_NO_CASE = "sha256$0000000000000000$" + "0" * 64


MOVES = {
    CaseStatus.RECEIVED: (CaseStatus.ACKNOWLEDGED,),
    CaseStatus.ACKNOWLEDGED: (CaseStatus.INVESTIGATING, CaseStatus.CLOSED),
    CaseStatus.INVESTIGATING: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (),
}


def _random(groups: int, size: int = 4) -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(groups))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def mechanism_for(organisation: Organisation) -> Mechanism:
    mechanism, _created = Mechanism.objects.get_or_create(organisation=organisation)
    return mechanism


def _attach(case: Case, key: bytes, files: list[PreparedFile]) -> None:
    for prepared in files:
        sealing.file_seal(CaseAttachment(case=case), key, prepared)


def takes_cases(organisation: Organisation) -> bool:
    """Whether the public page takes cases: open, and with a case key to encrypt them to (set up by the admin)."""
    return mechanism_for(organisation).open_for_cases and keys.case_key_of(organisation) is not None


class NotTakingCases(Exception):
    """The organisation has no case key yet, so a case could not be encrypted: nothing is saved."""


@dataclass(frozen=True)
class NewCase:
    case: Case
    passphrase: str


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    issue: str,
    description: str,
    place: str = "",
    happened: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    language: str = "en",
    files: list[PreparedFile] = (),  # type: ignore[assignment]
) -> NewCase:
    """Take a case in, encrypted under its own key before anything is saved (sealing.py)."""
    mechanism = mechanism_for(organisation)
    case_key = keys.case_key_of(organisation)
    if case_key is None:
        raise NotTakingCases(f"{organisation} has no case key yet: its admin sets it up under Grievances.")
    passphrase = _random(4)
    today = timezone.localdate()
    for _attempt in range(5):
        case = Case(
            organisation=organisation,
            code="GR-" + _random(2),
            passphrase_hash=secret_hash(passphrase),
            language=language,
            issue=issue,
            acknowledge_by=today + datetime.timedelta(days=mechanism.acknowledge_within_days),
        )
        key = sealing.case_key_new(case, organisation_public_key=bytes(case_key.public_key), passphrase=passphrase)
        sealing.report_seal(
            case, key, Report(description, place, happened), Contact(contact_name, contact_email, contact_phone)
        )
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:  # the one-in-a-billion clash of codes: draw another
            continue
    else:  # pragma: no cover - five clashes in a row would mean a broken random source
        raise RuntimeError("could not draw a unique case code")
    _attach(case, key, list(files))
    CaseEvent.objects.create(case=case, kind=CaseEventKind.RECEIVED, detail=case.get_issue_display())
    return NewCase(case, passphrase)


class Refused(Exception):
    """The follow-up was refused; the message never says whether the code exists."""


@dataclass(frozen=True)
class ReporterAccess:
    """What the reporter's code and passphrase open: their case, and its key (None for a case received before
    encryption, whose texts are kept for the organisation only)."""

    case: Case
    key: bytes | None


def case_open(*, code: str, passphrase: str, client: str) -> ReporterAccess:
    """The case for this code and passphrase, or Refused (also when too many wrong tries came from here or for it)."""
    code = normalise_code(code)
    if throttle.over_limit("follow-up-client", client, settings.GRIEVANCE_FOLLOW_UP_TRIES_PER_HOUR) or (
        throttle.over_limit("follow-up-code", code, settings.GRIEVANCE_FOLLOW_UP_TRIES_PER_CODE)
    ):
        raise Refused(_("Too many attempts. Wait an hour, then try again."))
    canonical = f"GR-{code[2:6]}-{code[6:]}" if len(code) == 10 and code.startswith("GR") else None
    case = Case.objects.filter(code=canonical).first() if canonical else None
    # Typed with or without dashes, in any case: the passphrase is compared in its printed form.
    supplied = "-".join(normalise_code(passphrase)[i : i + 4] for i in range(0, 16, 4))
    if not secret_matches(supplied, case.passphrase_hash if case else _NO_CASE) or case is None:
        throttle.count("follow-up-client", client)
        throttle.count("follow-up-code", code)
        raise Refused(_("This case code and passphrase do not match a case. Check both and try again."))
    if not case.reporter_can_read:
        return ReporterAccess(case, None)
    try:
        return ReporterAccess(case, sealing.case_key_for_reporter(case, supplied))
    except crypto.Undecryptable:  # pragma: no cover - the hash matched, so only changed bytes get here
        raise Refused(_("This case code and passphrase do not match a case. Check both and try again.")) from None


@transaction.atomic
def reporter_add(*, case: Case, key: bytes, text: str, files: list[PreparedFile] = ()) -> None:  # type: ignore[assignment]
    if text.strip():
        CaseMessage.objects.create(case=case, from_reporter=True, sealed_text=sealing.text_seal(key, text.strip()))
    _attach(case, key, list(files))
    CaseEvent.objects.create(case=case, kind=CaseEventKind.REPORTER_MESSAGE, detail=f"{len(files)} file(s)")


@transaction.atomic
def reporter_feedback(*, case: Case, key: bytes | None, accepted: bool, text: str = "") -> None:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLOSED:
        raise ValidationError(_("You can say whether the outcome is acceptable once the case is closed."))
    locked.outcome_accepted = accepted
    locked.save(update_fields=["outcome_accepted"])
    if text.strip() and key is not None:
        CaseMessage.objects.create(case=locked, from_reporter=True, sealed_text=sealing.text_seal(key, text.strip()))
    CaseEvent.objects.create(
        case=locked, kind=CaseEventKind.REPORTER_FEEDBACK, detail="acceptable" if accepted else "not acceptable"
    )


@transaction.atomic
def case_move(
    *,
    case: Case,
    to: str,
    user: User,
    key: bytes | None = None,
    outcome: str = "",
    remedy: str = "",
    no_remedy_reason: str = "",
) -> Case:
    """Move the case on; closing it records the outcome, and the remedy or why none, encrypted under `key`."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if to not in MOVES[CaseStatus(locked.status)]:
        raise ValidationError(
            f"A case that is {locked.get_status_display().lower()} cannot be moved to "
            f"{CaseStatus(to).label.lower() if to in CaseStatus.values else to!r}."
        )
    now = timezone.now()
    if to == CaseStatus.CLOSED:
        if outcome not in Outcome.values:
            raise ValidationError("Choose the outcome.")
        if not remedy.strip() and not no_remedy_reason.strip():
            raise ValidationError("Say what remedy was provided, or why none was.")
        if key is None:
            raise ValidationError("Unlock the case texts with your password to close the case.")
        locked.outcome = outcome
        sealing.resolution_seal(
            locked, key, Resolution(remedy.strip(), "" if remedy.strip() else no_remedy_reason.strip())
        )
        locked.closed_at = now
    if to == CaseStatus.ACKNOWLEDGED:
        locked.acknowledged_at = now
    previous = locked.get_status_display()
    locked.status = to
    locked.save()
    CaseEvent.objects.create(
        case=locked, kind=CaseEventKind.STATUS, actor=user, detail=f"{previous} → {locked.get_status_display()}"
    )
    return locked


@transaction.atomic
def case_reply(*, case: Case, key: bytes, user: User, text: str) -> CaseMessage:
    if not text.strip():
        raise ValidationError("Write the reply.")
    message = CaseMessage.objects.create(
        case=case, from_reporter=False, author=user, sealed_text=sealing.text_seal(key, text.strip())
    )
    CaseEvent.objects.create(case=case, kind=CaseEventKind.REPLY, actor=user)
    return message


@transaction.atomic
def case_link_risks(*, case: Case, risks: list[Risk], user: User, shown: list[Risk] | None = None) -> None:
    """Link the case to `risks`, among the risks the officer was `shown` (all of them when not given): links to
    risks the page did not show (another period, outside the search) stay as they were."""
    own = [risk for risk in risks if risk.assessment.organisation_id == case.organisation_id]
    kept = set(case.risk_uids) - {risk.uid for risk in shown} if shown is not None else set()
    case.risk_uids = sorted(kept | {risk.uid for risk in own})
    case.save(update_fields=["risk_uids"])
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.RISKS, actor=user, detail="; ".join(risk.title for risk in own)[:500]
    )


def contact_read(*, case: Case, key: bytes, user: User) -> Contact:
    """The reporter's contact details, for an officer; the reading is recorded before anything is returned."""
    CaseEvent.objects.create(case=case, kind=CaseEventKind.CONTACT_READ, actor=user)
    return sealing.contact_of(case, key)


def risks_for_linking(organisation: Organisation) -> QuerySet[Risk]:
    """The risks a case may link to: those of the organisation's assessments, newest revision first."""
    return (
        Risk.objects.filter(assessment__organisation=organisation)
        .select_related("assessment")
        .order_by("-assessment__updated_at", "title")
    )


# The most risks the case page offers at once; a search narrows them.
RISKS_OFFERED = 100


def risks_to_offer(case: Case, *, query: str = "", every_period: bool = False) -> tuple[list[Risk], int]:
    """The risks the case page offers to link, and how many matched: those of the assessments whose period covers
    the day the case was received (every period on request), each in its newest revision, matching the search."""
    received = timezone.localtime(case.received_at).date()
    risks = risks_for_linking(case.organisation)
    if not every_period:
        risks = risks.filter(assessment__period_start__lte=received, assessment__period_end__gte=received)
    if query.strip():
        risks = risks.filter(title__icontains=query.strip())
    newest: dict = {}
    for risk in risks.order_by("assessment__revision", "pk"):
        newest[risk.uid] = risk
    ordered = sorted(newest.values(), key=lambda risk: (risk.assessment.title, risk.title, risk.pk))
    return ordered[:RISKS_OFFERED], len(ordered)


def linked_risks(case: Case) -> list[Risk]:
    """The risks linked, each in the newest revision that has one with its uid."""
    found: dict = {}
    for risk in (
        Risk.objects.filter(uid__in=case.risk_uids, assessment__organisation_id=case.organisation_id)
        .select_related("assessment")
        .order_by("assessment__revision")
    ):
        found[risk.uid] = risk
    return list(found.values())


@transaction.atomic
def mechanism_save(*, mechanism: Mechanism, ratings: list[tuple[str, str, str]]) -> Mechanism:
    """Save the mechanism's record and its self-assessment: (criterion, rating, evidence); no rating removes one."""
    from duediligence.grievances.models import CriterionAssessment

    mechanism.save()
    for criterion, rating, evidence in ratings:
        if rating:
            CriterionAssessment.objects.update_or_create(
                mechanism=mechanism, criterion=criterion, defaults={"rating": rating, "evidence": evidence.strip()}
            )
        else:
            CriterionAssessment.objects.filter(mechanism=mechanism, criterion=criterion).delete()
    return mechanism


@transaction.atomic
def case_content_delete(*, case: Case) -> None:
    """Delete what was written into the case, its files and its keys, for good; keep what the statistics count
    (dates, issue, status, outcome, whether a remedy was provided, the reporter's word, linked risks) and the
    history of who did what. The code no longer opens anything."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    stored = [attachment.file.name for attachment in locked.attachments.all() if attachment.file.name]
    locked.attachments.all().delete()
    locked.messages.all().delete()
    now = timezone.now()
    Case.objects.filter(pk=locked.pk).update(
        passphrase_hash="",
        sealed_key=None,
        reporter_wrapped_key=None,
        reporter_salt=None,
        reporter_kdf_opslimit=None,
        reporter_kdf_memlimit=None,
        sealed_report=None,
        sealed_contact=None,
        sealed_resolution=None,
        legacy_plaintext=None,
        content_deleted_at=now,
    )
    CaseEvent.objects.create(case=locked, kind=CaseEventKind.CONTENT_DELETED)
    storage = CaseAttachment.file.field.storage
    transaction.on_commit(lambda: _files_delete(storage, stored))


def _files_delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def cases_past_retention(today: datetime.date | None = None) -> list[Case]:
    """Closed cases whose mechanism's retention period has ended (`retention_months` after closing)."""
    from duediligence.grievances.models import add_months

    today = today or timezone.localdate()
    due: list[Case] = []
    kept = Case.objects.filter(status=CaseStatus.CLOSED, content_deleted_at__isnull=True)
    default = Mechanism._meta.get_field("retention_months").get_default()
    # order_by(): the model's ordering would make DISTINCT per case, and each case due once per case of its kind.
    for organisation_id in kept.order_by().values_list("organisation_id", flat=True).distinct():
        months = (
            Mechanism.objects.filter(organisation_id=organisation_id).values_list("retention_months", flat=True).first()
            or default
        )
        # Months differ in length: the database narrows to the cases closed at least 28 days a month ago, the same
        # calendar arithmetic as the case page's "deleted after" decides.
        rough = today - datetime.timedelta(days=28 * months)
        for case in kept.filter(organisation_id=organisation_id, closed_at__date__lte=rough):
            assert case.closed_at is not None
            if add_months(timezone.localtime(case.closed_at).date(), months) <= today:
                due.append(case)
    return due


@dataclass(frozen=True)
class CriterionRow:
    """One UNGP 31 criterion as the mechanism's record shows it: rated, or flagged as not assessed yet."""

    criterion: str
    label: str
    short_name: str
    rating: str | None
    rating_label: str | None
    evidence: str


def self_assessment(mechanism: Mechanism) -> list[CriterionRow]:
    """All eight UNGP 31 criteria in their order, each with its rating or None (not assessed yet)."""
    from duediligence.grievances.models import Criterion, CriterionAssessment, Rating

    saved = {row.criterion: row for row in CriterionAssessment.objects.filter(mechanism=mechanism)}
    rows = []
    for criterion in Criterion:
        row = saved.get(criterion.value)
        rows.append(
            CriterionRow(
                criterion=criterion.value,
                label=str(criterion.label),
                short_name=str(criterion.label).split(":")[0],
                rating=row.rating if row else None,
                rating_label=str(Rating(row.rating).label) if row else None,
                evidence=row.evidence if row else "",
            )
        )
    return rows
