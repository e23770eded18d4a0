"""The report worker: django-tasks' `db_worker`, which first renders a one-page document to warm up.

Every option of `db_worker` applies (`--queue-name`, `--batch`, `--max-tasks`, ...).
"""

from __future__ import annotations

import os
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from duediligence.reports.render import warm_up


class Command(DatabaseWorkerCommand):
    help = "Run the report worker: warm up the PDF renderer, then take tasks from the queue in PostgreSQL."

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent process only watches files and starts a child that runs this again
        # (RUN_MAIN set): only the process that renders warms up.
        if not options.get("reload") or os.environ.get("RUN_MAIN"):
            self.stdout.write(f"Renderer warmed up in {warm_up():.2f} s")
        super().handle(*args, **options)
