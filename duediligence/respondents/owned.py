"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready()."""

import hashlib
import secrets

from duediligence.assessments.ownership import Copy, CopyContext, OwnedTable
from duediligence.respondents.models import LateResponse, PartnerAttachment, PartnerInvitation


def _invitation_prepare(row: PartnerInvitation, context: CopyContext) -> None:
    # The link sent to the partner stays with the revision it was sent for; the copy keeps the record and the
    # answers under a token nobody holds (the partner's later answers find the copy by its uid).
    row.token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
    row.previous_token_hash = ""
    row.code_hash = ""
    # What the partner sent after the source was submitted is taken into the new revision.
    from duediligence.respondents.late import take_into_copy

    take_into_copy(row, context)


def _attachment_prepare(row: PartnerAttachment, context: CopyContext) -> None:
    row.token = secrets.token_hex(16)
    # A late file is taken in with its late response (which is not copied): in the copy it is content.
    row.late_response_id = None


# A late response is kept beside the reviewed content, never in it (LateResponse's docstring).
LATE = "arrived after submission: kept, dated, beside the reviewed content and never in it"

OWNED = (
    OwnedTable(
        "partner_invitations",
        PartnerInvitation,
        "assessment",
        refs={"partner": "partners"},
        reviewed=("partner", "questionnaire", "email", "due_on", "status", "answers", "decline_reason"),
        bookkeeping={
            "uid": "identity",
            "assessment": "scope",
            "message": "the covering note, not the answers",
            "expires_at": "derived from the due date",
            "token_hash": "a secret's hash, never content",
            "previous_token_hash": "a secret's hash, never content",
            "reminded_before_at": "when, recorded by the system",
            "reminded_due_at": "when, recorded by the system",
            "sent_at": "when, recorded by the system",
            "send_error": "what the mail server answered, recorded by the system",
            "reminder_retry": "the system's note of a reminder to send again",
            "language": "the language the respondent chose",
            "code_hash": "a one-time secret's hash",
            "code_sent_at": "when, recorded by the system",
            "verified_at": "when, recorded by the system",
            "created_by": "who, recorded by the system",
            "created_at": "when, recorded by the system",
            "opened_at": "when, recorded by the system",
            "submitted_at": "when, recorded by the system",
            "declined_at": "when, recorded by the system",
            "revoked_at": "when, recorded by the system",
        },
        parent="partner",
        label="email",
        prepare=_invitation_prepare,
    ),
    OwnedTable(
        "partner_late_responses",
        LateResponse,
        "invitation__assessment",
        refs={"invitation": "partner_invitations"},
        copy=Copy.SKIP,
        bookkeeping={
            name: LATE
            for name in (
                "uid",
                "invitation",
                "status",
                "answers",
                "decline_reason",
                "language",
                "started_at",
                "received_at",
                "taken_in_at",
                "taken_in_revision",
            )
        },
    ),
    OwnedTable(
        "partner_attachments",
        PartnerAttachment,
        "invitation__assessment",
        refs={"invitation": "partner_invitations", "late_response": "partner_late_responses"},
        parent="invitation",
        reviewed=("original_name", "sha256"),
        bookkeeping={
            "uid": "identity",
            "invitation": "the parent item",
            "token": "a download key, new in each copy",
            "file": "the stored file; its hash is reviewed",
            "content_type": "detected from the bytes",
            "size": "measured on upload",
            "uploaded_at": "when, recorded by the system",
            "late_response": "set while the file arrived after submission: then it is kept beside the content",
        },
        label="original_name",
        pending="late_response",
        prepare=_attachment_prepare,
    ),
)
