from typing import Any

from django.core.management.base import BaseCommand

from duediligence.reports.services import render_jobs_sweep


class Command(BaseCommand):
    help = "Mark render jobs whose worker died (or that no worker took) as failed, with a message for the page."

    def handle(self, *args: Any, **options: Any) -> None:
        count = render_jobs_sweep()
        self.stdout.write(f"Marked {count} stale render job{'s' if count != 1 else ''} as failed.")
