"""Publishing (sign-off, frozen reports) and corrections (new revisions)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duediligence.accounts.models import Membership, Role, User
from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import copy_owned
from duediligence.assessments.workflow import CORRECTABLE, PUBLISHABLE
from duediligence.reports.models import JobStatus, Kind, PublishedReport, Purpose, RenderJob
from duediligence.reports.render import render_pdf, sha256
from duediligence.review import workflow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signoff:
    signoff_name: str
    signoff_role: str
    signoff_date: datetime.date


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


@transaction.atomic
def publication_complete(job: RenderJob) -> list[PublishedReport]:
    """Render both reports once, store their bytes and hashes, and move the assessment to published.

    All in one transaction: if a render fails, the assessment stays approved and nothing is stored.
    """
    assessment = Assessment.objects.select_for_update().get(pk=job.assessment_id)
    membership = Membership.objects.get(user=job.requested_by, organisation=assessment.organisation)
    publication_check(assessment=assessment, membership=membership)
    assert job.signoff_date is not None, "a publication job carries its sign-off"
    signoff = Signoff(job.signoff_name, job.signoff_role, job.signoff_date)
    published_at = timezone.now()
    workflow.transition_apply(
        assessment=assessment,
        move_name="publish",
        membership=membership,
        note=f"Signed off by {signoff.signoff_name}, {signoff.signoff_role}, on {signoff.signoff_date:%d %B %Y}",
    )
    assessment.refresh_from_db()
    reports = []
    for kind in (Kind.PUBLIC, Kind.INTERNAL):
        pdf, html = render_pdf(assessment, kind, rendered_at=published_at, signoff=signoff)
        html_bytes = html.encode("utf-8")
        report = PublishedReport(
            assessment=assessment,
            kind=kind,
            pdf_sha256=sha256(pdf),
            pdf_size=len(pdf),
            html_sha256=sha256(html_bytes),
            published_at=published_at,
            published_by=job.requested_by,
            signoff_name=signoff.signoff_name,
            signoff_role=signoff.signoff_role,
            signoff_date=signoff.signoff_date,
        )
        report.pdf.save("report.pdf", ContentFile(pdf), save=False)
        report.html.save("report.html", ContentFile(html_bytes), save=False)
        report.save()
        reports.append(report)
    return reports


def render_job_run(job_id: int) -> RenderJob:
    job = RenderJob.objects.select_related("assessment__organisation").get(pk=job_id)
    RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        if job.purpose == Purpose.PREVIEW:
            pdf, _ = render_pdf(job.assessment, job.kind)
            job.pdf.save(f"{job.kind}.pdf", ContentFile(pdf), save=False)
        else:
            publication_complete(job)
    except (PublishRefused, workflow.TransitionRefused) as refusal:
        job.status, job.error = JobStatus.FAILED, str(refusal)
    except Exception as error:  # the worker must record any failure for the person waiting on the page
        logger.exception("render job %s failed", job.pk)
        job.status, job.error = JobStatus.FAILED, f"Rendering failed: {error.__class__.__name__}. It has been logged."
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "pdf", "finished_at"])
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
        public_token=locked.public_token,
        created_by=user,
    )
    copy_owned(source=locked, target=copy, user=user)
    return copy
