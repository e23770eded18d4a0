"""Work for the render worker (`python manage.py render_worker`): publishing a statement, queued by its sign-off
page. The work itself is in services, which never import this module."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from duediligence.accounts.models import User
from duediligence.reports.services import Signoff
from duediligence.statements.models import PublishJob, Statement
from duediligence.statements.services import publish_job_run


@task()
def run_publish_job(job_id: int) -> str:
    return publish_job_run(job_id).status


def publish_job_request(*, statement: Statement, user: User, signoff: Signoff) -> PublishJob:
    """Record the sign-off and hand it to the worker once the request's transaction has committed."""
    job = PublishJob.objects.create(
        statement=statement,
        requested_by=user,
        **signoff.recorded(),
    )
    transaction.on_commit(lambda: run_publish_job.enqueue(job.pk))
    return job
