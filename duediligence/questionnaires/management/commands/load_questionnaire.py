from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duediligence.questionnaires.loader import DEFAULT_DEFINITION, PARTNER_DEFINITIONS, questionnaire_load
from duediligence.questionnaires.validation import DefinitionError


class Command(BaseCommand):
    help = "Load a questionnaire definition (YAML). A loaded version never changes; loading it again is a no-op."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_DEFINITION), help="the YAML file to load")
        parser.add_argument(
            "--with-partners", action="store_true", help="also load the partner questionnaires shipped with the app"
        )

    def handle(self, *args: Any, path: str, with_partners: bool = False, **options: Any) -> None:
        for each in [Path(path), *(PARTNER_DEFINITIONS if with_partners else ())]:
            self._load(each)

    def _load(self, path: Path) -> None:
        try:
            result = questionnaire_load(path=path)
        except DefinitionError as error:
            for line in error.errors:
                self.stderr.write(f"  - {line}")
            raise CommandError(f"{path}: not loaded, {len(error.errors)} problem(s) listed above") from None
        questionnaire = result.questionnaire
        verb = "Loaded" if result.created else "Already loaded, unchanged:"
        count = questionnaire.questions.count()
        self.stdout.write(
            f"{verb} {questionnaire.slug} version {questionnaire.version} ({count} questions, {questionnaire.kind})"
        )
