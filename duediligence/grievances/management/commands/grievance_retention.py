from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duediligence.grievances.tasks import cases_retention_run, cases_retention_schedule


class Command(BaseCommand):
    help = (
        "Delete the texts and files of closed grievance cases past their mechanism's retention period. Without "
        "options, queue the worker's daily run (make run does it; a queued run is never doubled). With --now, "
        "delete what is due at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="delete what is due now, in this process")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            deleted = cases_retention_run.call()
            self.stdout.write(f"The content of {deleted} closed case(s) deleted.")
        else:
            cases_retention_schedule()
            self.stdout.write("The daily retention run is queued for the worker.")
