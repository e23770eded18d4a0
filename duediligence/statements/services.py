"""Writes to a statement: start it, change its texts, move it through review, publish it, record its registry
submission. Each locks the statement row and checks role and status inside the lock, and each move writes its
transition in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duediligence.accounts.models import Membership, Role
from duediligence.lib.reconnect import connection_lost, on_a_live_connection
from duediligence.records.services import current_profile
from duediligence.reports.models import JobStatus
from duediligence.reports.services import DATABASE_LOST, RenderTimeout, Signoff, published_document, time_limit
from duediligence.security import events
from duediligence.security.models import EventKind
from duediligence.signing.services import key_for_publication
from duediligence.statements import workflow
from duediligence.statements.models import (
    EDITABLE,
    PublishedStatement,
    PublishJob,
    Regime,
    Statement,
    StatementTransition,
    Status,
)
from duediligence.statements.readiness import Missing, missing_parts
from duediligence.statements.render import TITLES, render_statement_pdf
from duediligence.statements.sources import TEXT_FIELDS, current_sources, statement_hash

logger = logging.getLogger(__name__)

NOTE_MAX = 2000


class StatementRefused(Exception):
    """A write the statement's status or the member's role does not allow; `missing` lists what a submission
    lacks. Pages answer it with a 409 (the state) or a 403 (the role)."""

    def __init__(self, message: str, *, missing: list[Missing] | None = None, role: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing or []
        self.role = role


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().select_related("organisation").get(pk=statement.pk)


def _require(membership: Membership, statement: Statement, role: str, what: str) -> None:
    if membership.organisation_id != statement.organisation_id or membership.role != role:
        raise StatementRefused(
            _("Only a %(role)s can %(what)s.") % {"role": Role(role).label.lower(), "what": what}, role=True
        )


@transaction.atomic
def statement_create(*, membership: Membership, ending_in: int, regimes: list[str]) -> Statement:
    """A draft statement for the financial year that ends in `ending_in`, as the profile's year end says."""
    if membership.role != Role.OFFICER:
        raise StatementRefused(_("Only a compliance officer can start a statement."), role=True)
    organisation = membership.organisation
    profile = current_profile(organisation)
    if profile is None:
        raise StatementRefused(_("Record the organisation's profile first: its financial year end sets the year."))
    start, end = profile.financial_year(ending_in)
    if Statement.objects.filter(organisation=organisation, year_end=end).exists():
        raise StatementRefused(_("The statement for the year to %(end)s already exists.") % {"end": f"{end:%d %B %Y}"})
    try:
        with transaction.atomic():
            return Statement.objects.create(
                organisation=organisation, year_start=start, year_end=end, regimes=regimes, created_by=membership.user
            )
    except IntegrityError as error:  # started by someone else a moment ago
        raise StatementRefused(_("The statement for this year was started a moment ago: reload the list.")) from error


@transaction.atomic
def statement_texts_save(*, statement: Statement, membership: Membership, data: dict[str, Any]) -> Statement:
    locked = _locked(statement)
    _require(membership, locked, Role.OFFICER, _("change the statement"))
    if locked.status not in EDITABLE:
        raise StatementRefused(
            _("The statement is %(status)s: its texts can no longer change.")
            % {"status": locked.get_status_display().lower()}
        )
    for name in TEXT_FIELDS:
        setattr(locked, name, data.get(name, ""))
    if data.get("regimes"):
        locked.regimes = list(data["regimes"])
    locked.save()
    return locked


def approved_hash(statement: Statement) -> str:
    approval = statement.transitions.filter(to_status=Status.APPROVED).order_by("-at", "-id").first()
    return approval.content_sha256 if approval is not None else ""


@transaction.atomic
def statement_move(
    *, statement: Statement, move_name: str, membership: Membership, note: str = ""
) -> StatementTransition:
    move = workflow.MOVES[move_name]
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise StatementRefused(_("Keep the note to %(max)s characters.") % {"max": f"{NOTE_MAX:,}"})
    locked = _locked(statement)
    _require(membership, locked, move.role, move.label)
    if locked.status not in move.sources:
        raise StatementRefused(
            _("The statement is %(status)s, so it cannot %(move)s now (someone may have acted on it: reload the page).")
            % {"status": locked.get_status_display().lower(), "move": move.label}
        )
    if move.name == "submit":
        missing = missing_parts(locked)
        if missing:
            message = ngettext(
                "%(count)s required part of the statement is missing.",
                "%(count)s required parts of the statement are missing.",
                len(missing),
            )
            raise StatementRefused(message % {"count": len(missing)}, missing=missing)
        # What the statement is made from is fixed now, in the same row as its status: from here on the trigger
        # refuses to change it.
        sources = current_sources(locked)
        locked.assessment_ids, locked.profile_id = sources.assessment_ids, sources.profile_id
        locked.policy_ids, locked.training_ids = sources.policy_ids, sources.training_ids
    if move.name == "request_changes" and not note:
        raise StatementRefused(_("Say in the note what must change before requesting changes."))
    record = StatementTransition(statement=locked, from_status=locked.status, to_status=move.target, by=membership.user)
    record.note = note
    locked.status = move.target
    locked.save()
    if move.snapshot:
        record.content_sha256 = statement_hash(locked)
        if move.name == "publish" and record.content_sha256 != approved_hash(locked):
            raise StatementRefused(
                _(
                    "What would be published is not what the auditor approved (the content's SHA-256 is now "
                    "%(now)s…). Nothing was published; ask the auditor to review the statement again."
                )
                % {"now": record.content_sha256[:12]}
            )
    record.save()
    events.record(
        EventKind.TRANSITION,
        actor=membership.user,
        organisation=membership.organisation,
        subject=str(locked),
        detail=f"{Status(record.from_status).label} → {Status(record.to_status).label}",
    )
    return record


@transaction.atomic
def statement_publish(*, statement: Statement, membership: Membership, signoff: Signoff) -> list[PublishedStatement]:
    """Sign off and publish the statement under each of its regimes: each its own PDF, hashes and signature with
    the organisation's key. One transaction: a failed render publishes nothing and leaves it approved."""
    record = statement_move(
        statement=statement,
        move_name="publish",
        membership=membership,
        note=f"Signed off by {signoff.signoff_name}, {signoff.signoff_role}, on {signoff.signoff_date:%d %B %Y}",
    )
    locked = Statement.objects.select_related("organisation", "profile").get(pk=statement.pk)
    signoff = dataclasses.replace(signoff, content_sha256=record.content_sha256)
    key = key_for_publication(organisation=locked.organisation, user=membership.user)
    published_at = timezone.now()
    published = []
    for regime in locked.regimes:
        rendered = render_statement_pdf(locked, regime, rendered_at=published_at, signoff=signoff)
        document = PublishedStatement(
            statement=locked,
            variant=regime,
            published_at=published_at,
            published_by=membership.user,
            content_sha256=signoff.content_sha256,
            **signoff.recorded(),
        )
        reason = (
            f"Published by {locked.organisation.name}: {TITLES[Regime(regime)]}, year to {locked.year_end:%d %B %Y}"
        )
        published.append(published_document(document, pdf=rendered.pdf, html=rendered.html, key=key, reason=reason))
    return published


@transaction.atomic
def registry_submission_record(
    *, statement: Statement, membership: Membership, submitted_on: datetime.date
) -> Statement:
    """When the published MSA statement was submitted to the UK registry: bookkeeping, not reviewed content."""
    locked = _locked(statement)
    if not workflow.can_record_registry(locked, membership):
        raise StatementRefused(
            _("Only an officer or a manager records the registry submission of a published MSA statement.")
        )
    locked.registry_submitted_on = submitted_on
    locked.save(update_fields=["registry_submitted_on", "updated_at"])
    return locked


def publication_check(*, statement: Statement, membership: Membership) -> None:
    """What the sign-off page checks before queueing; the worker's publish move checks it again under the lock."""
    if not workflow.can_publish(statement, membership):
        if membership.role != Role.MANAGER:
            raise StatementRefused(_("Only a manager can sign off and publish."), role=True)
        raise StatementRefused(
            _("Only an approved statement can be published; this one is %(status)s.")
            % {"status": statement.get_status_display().lower()}
        )


def signoff_of(job: PublishJob) -> Signoff:
    return Signoff.of_record(job, tuple(job.statement.regimes))


def publish_job_run(job_id: int) -> PublishJob:
    """The worker's part: publish under the time limit the reports' jobs have, and record the outcome (or why it
    failed, in words the waiting manager can act on) whatever happened."""
    job = PublishJob.objects.select_related("statement__organisation", "requested_by").get(pk=job_id)
    PublishJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        membership = Membership.objects.get(user=job.requested_by, organisation=job.statement.organisation)
        with time_limit(settings.RENDER_JOB_TIME_LIMIT_SECONDS):
            statement_publish(statement=job.statement, membership=membership, signoff=signoff_of(job))
    except RenderTimeout:
        logger.warning("statement publish job %s stopped at its time limit", job.pk)
        job.status = JobStatus.FAILED
        job.error = _("Rendering took too long and was stopped; nothing was published. Try again later.")
    except (StatementRefused, Membership.DoesNotExist) as refusal:
        job.status = JobStatus.FAILED
        job.error = refusal.message if isinstance(refusal, StatementRefused) else _("You are no longer a member.")
    except Exception as error:  # the worker records any failure for the manager waiting on the page
        if connection_lost(error):
            job.status, job.error = JobStatus.FAILED, str(DATABASE_LOST)
        else:
            logger.exception("statement publish job %s failed", job.pk)
            job.status = JobStatus.FAILED
            job.error = _("Publishing failed: %(error)s. It has been logged.") % {"error": error.__class__.__name__}
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    on_a_live_connection(lambda: job.save(update_fields=["status", "error", "finished_at"]))
    return job


STALE = _("The worker publishing this statement stopped or never came; nothing was published. Sign off again.")


def publish_jobs_sweep(*, statement: Statement, now: datetime.datetime | None = None) -> int:
    """Mark the statement's jobs that no worker can still be doing as failed, with the reason the page shows: one
    running past the time limit (plus a minute), or queued past the queue limit, as the reports' sweep does."""
    now = now or timezone.now()
    running_since = now - datetime.timedelta(seconds=settings.RENDER_JOB_TIME_LIMIT_SECONDS + 60)
    queued_since = now - datetime.timedelta(seconds=settings.RENDER_JOB_QUEUE_LIMIT_SECONDS)
    jobs = PublishJob.objects.filter(statement=statement)
    swept = jobs.filter(status=JobStatus.RUNNING, started_at__lt=running_since).update(
        status=JobStatus.FAILED, error=STALE, finished_at=now
    )
    swept += jobs.filter(status=JobStatus.QUEUED, requested_at__lt=queued_since).update(
        status=JobStatus.FAILED, error=STALE, finished_at=now
    )
    return swept
