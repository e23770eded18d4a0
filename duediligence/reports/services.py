"""Publishing (sign-off, frozen reports) and corrections (new revisions)."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from duediligence.accounts.models import Membership, Role, User
from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import copy_owned
from duediligence.assessments.workflow import CORRECTABLE, PUBLISHABLE
from duediligence.lib.reconnect import connection_lost, on_a_live_connection
from duediligence.reports.models import (
    JobStatus,
    Kind,
    PublishedDocument,
    PublishedReport,
    Purpose,
    RenderJob,
    Variant,
)
from duediligence.reports.render import render_pdf, sha256
from duediligence.review import workflow
from duediligence.signing import pdf as signing_pdf
from duediligence.signing.models import SigningKey
from duediligence.signing.services import key_for_publication

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signoff:
    signoff_name: str
    signoff_role: str
    signoff_date: datetime.date
    # The public report's variants to publish, each its own PDF, hash and signature.
    variants: tuple[str, ...] = (Variant.UNGPRF,)
    # A UK Modern Slavery Act statement's board approval and signing director.
    board_approved_on: datetime.date | None = None
    director_name: str = ""
    # A Norwegian Transparency Act account's signatories: every board member and the general manager.
    board_members: str = ""
    general_manager: str = ""
    # The SHA-256 of the content the auditor approved, which the published reports print.
    content_sha256: str = ""

    @property
    def board_member_list(self) -> list[str]:
        return [line.strip() for line in self.board_members.splitlines() if line.strip()]

    def recorded(self) -> dict[str, Any]:
        """The sign-off as a job or a published document records it (their models name these fields alike)."""
        return {name: getattr(self, name) for name in SIGNOFF_RECORDED}

    @classmethod
    def of_record(cls, record: Any, variants: tuple[str, ...]) -> Signoff:
        """The sign-off a job recorded (`recorded`), for the variants it publishes."""
        return cls(variants=variants, **{name: getattr(record, name) for name in SIGNOFF_RECORDED})


# What a job or a published document keeps of a sign-off.
SIGNOFF_RECORDED = (
    "signoff_name",
    "signoff_role",
    "signoff_date",
    "board_approved_on",
    "director_name",
    "board_members",
    "general_manager",
)


class PublishRefused(Exception):
    pass


def publication_check(*, assessment: Assessment, membership: Membership) -> None:
    """The checks the publish page makes before queueing; the worker makes them again under a lock."""
    if membership.role != Role.MANAGER:
        raise PublishRefused("Only a manager can sign off and publish.")
    if assessment.status not in PUBLISHABLE:
        raise PublishRefused(
            f"Only an approved assessment can be published; this one is {assessment.get_status_display().lower()}."
        )


def variants_named(variants: tuple[str, ...]) -> str:
    labels = [str(Variant(variant).label) for variant in variants]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


Published = TypeVar("Published", bound=PublishedDocument)


def published_document(document: Published, *, pdf: bytes, html: str, key: SigningKey, reason: str) -> Published:
    """Sign the PDF with the organisation's key and store it with the HTML, each with its SHA-256 (of the bytes
    as published: the signed PDF)."""
    signed = signing_pdf.sign(pdf, key, reason=reason)
    html_bytes = html.encode("utf-8")
    document.pdf_sha256, document.pdf_size = sha256(signed), len(signed)
    document.html_sha256 = sha256(html_bytes)
    document.signing_key = key
    document.pdf.save("report.pdf", ContentFile(signed), save=False)
    document.html.save("report.html", ContentFile(html_bytes), save=False)
    document.save()
    return document


@transaction.atomic
def publication_complete(job: RenderJob) -> list[PublishedReport]:
    """Render the internal report and the public one in each chosen variant, sign each PDF with the
    organisation's key, store their bytes and hashes, and move the assessment to published.

    All in one transaction: if a render fails, the assessment stays approved and nothing is stored.
    """
    assessment = Assessment.objects.select_for_update().get(pk=job.assessment_id)
    membership = Membership.objects.get(user=job.requested_by, organisation=assessment.organisation)
    publication_check(assessment=assessment, membership=membership)
    assert job.signoff_date is not None, "a publication job carries its sign-off"
    signoff = Signoff.of_record(job, tuple(job.variants) or (Variant.UNGPRF,))
    published_at = timezone.now()
    workflow.transition_apply(
        assessment=assessment,
        move_name="publish",
        membership=membership,
        note=f"Signed off by {signoff.signoff_name}, {signoff.signoff_role}, on {signoff.signoff_date:%d %B %Y}; "
        f"public report published as the {variants_named(signoff.variants)}",
    )
    assessment.refresh_from_db()
    # The publish move refused unless the content is exactly what was approved: the reports carry that hash.
    signoff = dataclasses.replace(signoff, content_sha256=workflow.approved_content_hash(assessment))
    key = key_for_publication(organisation=assessment.organisation, user=job.requested_by)
    reports = []
    for kind, variant in [(Kind.PUBLIC, variant) for variant in signoff.variants] + [(Kind.INTERNAL, Variant.UNGPRF)]:
        pdf, html = render_pdf(assessment, kind, variant=variant, rendered_at=published_at, signoff=signoff)
        report = PublishedReport(
            assessment=assessment,
            kind=kind,
            published_at=published_at,
            published_by=job.requested_by,
            variant=variant,
            content_sha256=signoff.content_sha256,
            **signoff.recorded(),
        )
        reason = f"Published by {assessment.organisation.name}: {assessment.title}, revision {assessment.revision}"
        reports.append(published_document(report, pdf=pdf, html=html, key=key, reason=reason))
    return reports


class RenderTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop the work inside after `seconds` with RenderTimeout, where the process can be told (its main thread
    on a system with SIGALRM, as the worker runs); elsewhere the sweep below is the only limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        raise RenderTimeout(f"took longer than {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


DATABASE_LOST = gettext_lazy(
    "The database restarted while this report was rendering; nothing was published. Ask for the PDF again."
)


def render_job_run(job_id: int) -> RenderJob:
    job = RenderJob.objects.select_related("assessment__organisation").get(pk=job_id)
    limit = settings.RENDER_JOB_TIME_LIMIT_SECONDS
    RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        with time_limit(limit):
            if job.purpose == Purpose.PREVIEW:
                pdf, _ = render_pdf(job.assessment, job.kind)
                job.pdf.save(f"{job.kind}.pdf", ContentFile(pdf), save=False)
            else:
                publication_complete(job)
    except RenderTimeout:
        logger.warning("render job %s stopped at its time limit", job.pk)
        job.status = JobStatus.FAILED
        job.error = (
            f"Rendering took longer than {_minutes(limit)} and was stopped; nothing was published. Try again later; "
            "if it happens again, tell your admin (the report may be larger than this server can render in time)."
        )
    except (PublishRefused, workflow.TransitionRefused) as refusal:
        job.status, job.error = JobStatus.FAILED, str(refusal)
    except Exception as error:  # the worker must record any failure for the person waiting on the page
        if connection_lost(error):
            logger.warning("render job %s lost the database: %s", job.pk, error)
            job.status, job.error = JobStatus.FAILED, str(DATABASE_LOST)
        else:
            logger.exception("render job %s failed", job.pk)
            job.status = JobStatus.FAILED
            job.error = f"Rendering failed: {error.__class__.__name__}. It has been logged."
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    # The outcome is recorded whatever happened to the connection meanwhile: a database that restarted during
    # the render is waited for (about a minute), so the page stops saying "Rendering" as soon as it is back.
    on_a_live_connection(lambda: job.save(update_fields=["status", "error", "pdf", "finished_at"]))
    return job


@transaction.atomic
def correction_start(*, assessment: Assessment, user: User) -> Assessment:
    """A published assessment never changes: a correction is a new revision, a draft copy of it.

    What the copy carries is said once, by each app's owned tables (assessments/ownership.py).
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in CORRECTABLE:
        raise PublishRefused("Only a published assessment is corrected through a new revision.")
    if hasattr(locked, "next_revision"):
        raise PublishRefused(f"Revision {locked.revision + 1} already exists; correct that one.")
    copy = Assessment.objects.create(
        organisation=locked.organisation,
        questionnaire=locked.questionnaire,
        title=locked.title,
        country=locked.country,
        region=locked.region,
        scope=locked.scope,
        period_start=locked.period_start,
        period_end=locked.period_end,
        revision=locked.revision + 1,
        previous_revision=locked,
        previous_period=locked.previous_period,
        public_token=locked.public_token,
        created_by=user,
        # Its partners and matches are copied as reviewed: editions imported since were not screened on them.
        partners_screening_stale=True,
    )
    copy_owned(source=locked, target=copy, user=user)
    return copy


STALE_RUNNING = (
    "The worker rendering this report stopped before it finished (it may have run out of memory or been "
    "restarted); nothing was published. Ask for the PDF again."
)
STALE_QUEUED = "No report worker took this job; nothing was rendered. Ask again later, and tell your admin if it stays."


def render_jobs_sweep(*, job_ids: list[int] | None = None, now: datetime.datetime | None = None) -> int:
    """Mark jobs whose worker died or never came as failed, with a message the waiting page shows.

    A running job older than the time limit (plus a minute's grace) cannot still be running, since the worker
    stops its own work at the limit; a queued job no worker took within RENDER_JOB_QUEUE_LIMIT_SECONDS is
    reported too. Run by the job pages for their job, and for all by `manage.py sweep_render_jobs`.
    """
    now = now or timezone.now()
    jobs = RenderJob.objects.all() if job_ids is None else RenderJob.objects.filter(pk__in=job_ids)
    running_since = now - datetime.timedelta(seconds=settings.RENDER_JOB_TIME_LIMIT_SECONDS + 60)
    queued_since = now - datetime.timedelta(seconds=settings.RENDER_JOB_QUEUE_LIMIT_SECONDS)
    swept = jobs.filter(status=JobStatus.RUNNING, started_at__lt=running_since).update(
        status=JobStatus.FAILED, error=STALE_RUNNING, finished_at=now
    )
    swept += jobs.filter(status=JobStatus.QUEUED, requested_at__lt=queued_since).update(
        status=JobStatus.FAILED, error=STALE_QUEUED, finished_at=now
    )
    return swept
