"""The report worker: django-tasks' `db_worker`, which first renders a one-page document to warm up, and which
carries on when PostgreSQL restarts.

Every option of `db_worker` applies (`--queue-name`, `--batch`, `--max-tasks`, ...).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from duediligence.lib.reconnect import LONGEST_PAUSE, drop_connection, on_a_live_connection
from duediligence.partners.tasks import rescreening_resume
from duediligence.reports.render import warm_up

logger = logging.getLogger(__name__)


class ReconnectingWorker(Worker):
    """db_worker's loop, which ended the process at the first query on a connection PostgreSQL had closed (a
    restart, a failover): it drops that connection and goes on once the database answers again, and records the
    outcome of the task it was running even when the connection was lost under it."""

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except (OperationalError, InterfaceError) as error:
                logger.warning("render worker: the database is unavailable (%s); trying again shortly", error)
                drop_connection()
                time.sleep(LONGEST_PAUSE)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except (OperationalError, InterfaceError) as error:
            # The task ran (or failed) but its outcome could not be written: write it on a new connection.
            logger.warning("render worker: recording task %s again after losing the database", db_task_result.pk)
            lost = error
            drop_connection()
            on_a_live_connection(lambda: _record_failed(db_task_result, lost))


def _record_failed(db_task_result: DBTaskResult, error: BaseException) -> None:
    # Only a task still marked running: one whose outcome did reach the database keeps it.
    DBTaskResult.objects.filter(pk=db_task_result.pk, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path=f"{type(error).__module__}.{type(error).__qualname__}",
        traceback=f"{type(error).__name__}: {error}",
    )


class Command(DatabaseWorkerCommand):
    help = "Run the report worker: warm up the PDF renderer, then take tasks from the queue in PostgreSQL."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # db_worker's handle, with the worker that reconnects in place of its own.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be given together: not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        # With --reload the parent process only watches files and starts a child that runs this again
        # (RUN_MAIN set): only the process that renders warms up.
        if not reload or os.environ.get(DJANGO_AUTORELOAD_ENV):
            self.stdout.write(f"Renderer warmed up in {warm_up():.2f} s")
            if rescreening_resume():
                self.stdout.write("A list import's screening was left unfinished: queued to resume.")
        worker = ReconnectingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
