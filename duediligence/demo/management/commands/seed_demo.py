from django.conf import settings
from django.core.management.base import BaseCommand

from duediligence.demo.services import demo_seed


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, people and assessment. Safe to run again."

    def handle(self, *args, **options) -> None:
        summary = demo_seed(password=settings.DEMO_PASSWORD)
        for line in summary:
            self.stdout.write(line)
