"""Work for the render worker (`python manage.py db_worker`), queued in PostgreSQL by django-tasks."""

from django_tasks import task

from duediligence.reports.services import render_job_run


@task()
def run_render_job(job_id: int) -> str:
    return render_job_run(job_id).status
