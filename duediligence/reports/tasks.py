"""Work for the render worker (`python manage.py render_worker`), queued in PostgreSQL by django-tasks.

Views queue work here; the work itself is in services, which never import this module.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from duediligence.accounts.models import User
from duediligence.assessments.models import Assessment
from duediligence.reports.models import RenderJob, Variant
from duediligence.reports.services import Signoff, render_job_run


@task()
def run_render_job(job_id: int) -> str:
    return render_job_run(job_id).status


def render_job_request(
    *, assessment: Assessment, user: User, purpose: str, kind: str = "", signoff: Signoff | None = None
) -> RenderJob:
    """Record a render request and hand it to the worker once the request's transaction has committed."""
    job = RenderJob.objects.create(
        assessment=assessment,
        purpose=purpose,
        kind=kind,
        requested_by=user,
        variants=list(signoff.variants) if signoff else [Variant.UNGPRF],
        **(signoff.recorded() if signoff else {}),
    )
    transaction.on_commit(lambda: run_render_job.enqueue(job.pk))
    return job
