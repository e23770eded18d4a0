from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from duediligence.demo.services import demo_assessment_seed, demo_grievances_seed, demo_seed
from duediligence.partners.models import ScreeningList
from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, people and assessment. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_seed(password=settings.DEMO_PASSWORD)
        # The demo assessment needs the default questionnaire; loading it again is a no-op.
        questionnaire_load(path=DEFAULT_DEFINITION)
        # Partners are screened as they are imported, so the default list goes first.
        if not ScreeningList.objects.exists():
            call_command("import_screening_list", "--default", stdout=self.stdout)
        summary.append(demo_assessment_seed())
        summary += demo_grievances_seed(password=settings.DEMO_PASSWORD)
        for line in summary:
            self.stdout.write(line)
