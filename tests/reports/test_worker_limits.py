"""Render workers that hang or die: the job is stopped at its time limit, or swept up, and the page says so."""

import datetime
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duediligence.reports.models import JobStatus, RenderJob
from duediligence.reports.services import render_job_run
from duediligence.reports.tasks import render_job_request


def job_for(assessment, user, **values) -> RenderJob:
    return RenderJob.objects.create(
        assessment=assessment, purpose="preview", kind="public", requested_by=user, **values
    )


def test_a_render_that_hangs_is_stopped_at_the_time_limit(rich, manager, settings):
    settings.RENDER_JOB_TIME_LIMIT_SECONDS = 1

    def hangs(*args, **kwargs):
        time.sleep(5)
        raise AssertionError("not stopped")

    job = job_for(rich, manager)
    started = time.monotonic()
    with mock.patch("duediligence.reports.services.render_pdf", side_effect=hangs):
        render_job_run(job.pk)
    assert time.monotonic() - started < 4
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "took longer than 1 minute and was stopped" in job.error


def test_a_job_whose_worker_died_is_reported_on_its_page(manager_client, rich, manager):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    job = job_for(rich, manager, status=JobStatus.RUNNING, started_at=long_ago)
    status = manager_client.get(reverse("reports:job_status", args=[rich.pk, job.pk])).json()
    assert status["status"] == "failed" and "stopped before it finished" in status["error"]
    page = manager_client.get(reverse("reports:job", args=[rich.pk, job.pk])).content.decode()
    assert "Ask for the PDF again" in page


def test_the_sweep_leaves_live_jobs_and_reports_forgotten_ones(rich, manager):
    running = job_for(rich, manager, status=JobStatus.RUNNING, started_at=timezone.now())
    forgotten = job_for(rich, manager)
    RenderJob.objects.filter(pk=forgotten.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=3))
    out = StringIO()
    call_command("sweep_render_jobs", stdout=out)
    assert "Marked 1 stale render job" in out.getvalue()
    running.refresh_from_db()
    forgotten.refresh_from_db()
    assert running.status == JobStatus.RUNNING
    assert forgotten.status == JobStatus.FAILED and "No report worker took this job" in forgotten.error


# db_worker closes the database connection between tasks, as a long-lived worker should, so the test commits.
@pytest.mark.django_db(transaction=True)
def test_the_render_worker_warms_up_then_renders_what_is_queued(rich, manager, settings, unfreeze_after_warm_up):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = render_job_request(assessment=rich, user=manager, purpose="preview", kind="public")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    out = StringIO()
    call_command("render_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0", stdout=out)
    assert "Renderer warmed up in" in out.getvalue()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.pdf.read().startswith(b"%PDF-")
