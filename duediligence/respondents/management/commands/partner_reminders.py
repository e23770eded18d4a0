from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duediligence.respondents.tasks import reminders_schedule, reminders_send


class Command(BaseCommand):
    help = (
        "Reminders to partners seven days before and on the due date. Without options, queue the worker's daily "
        "run (make run does it; a queued run is never doubled). With --now, send today's reminders at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="send today's reminders now, in this process")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            sent = reminders_send.call()
            self.stdout.write(f"{sent} reminder(s) sent.")
        else:
            reminders_schedule()
            self.stdout.write("The daily reminder run is queued for the worker.")
