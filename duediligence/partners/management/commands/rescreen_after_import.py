from typing import Any

from django.core.management.base import BaseCommand

from duediligence.partners.lists import rescreen_pending


class Command(BaseCommand):
    help = (
        "Finish screening partners again after list imports: the batches an interrupted import (or one run with "
        "--background) left undone. Each batch is one transaction, so running this twice at once, or after a "
        "crash, screens nothing twice and nothing is left half done."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = rescreen_pending()
        self.stdout.write(f"Screened {done} remaining batch{'es' if done != 1 else ''} of partners.")
