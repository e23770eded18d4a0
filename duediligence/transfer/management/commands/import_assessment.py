import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from duediligence.lib.parsing import InputRefused, json_loads, size_within
from duediligence.security import events
from duediligence.security.models import EventKind
from duediligence.transfer.services import TransferError, import_document


class Command(BaseCommand):
    help = (
        "Read a file written by `export_assessment` and add it here as a new assessment. Nothing is written "
        "unless the whole file imports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON file written by export_assessment")
        parser.add_argument(
            "--organisation",
            help="the slug of the organisation to import into (default: the exported one, created if missing)",
        )

    def handle(self, *args: Any, file: str, organisation: str | None, **options: Any) -> None:
        path = Path(file)
        try:
            size_within(path)
            document = json_loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except OSError as error:
            raise CommandError(f"{path}: not readable ({error.strerror or type(error).__name__})") from None
        except InputRefused as refusal:
            raise CommandError(f"{path}: not read, {refusal}; nothing was imported") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not a JSON export ({error})") from None
        try:
            with transaction.atomic():
                result = import_document(document, organisation_slug=organisation)
                assessment = result.assessment
                events.record(
                    EventKind.ASSESSMENT_IMPORTED,
                    organisation=assessment.organisation,
                    subject=f"{assessment.title} (revision {assessment.revision})",
                    detail=f"From {path.name} on the command line.",
                )
        except TransferError as error:
            raise CommandError(f"{path}: {error}; nothing was imported") from None
        counts = ", ".join(f"{count:,} {key.replace('_', ' ')}" for key, count in result.counts.items() if count)
        self.stdout.write(f"Imported assessment {assessment.pk} “{assessment.title}” into {assessment.organisation}.")
        self.stdout.write(f"With {counts}.")
        if result.people_created:
            self.stdout.write(
                f"{len(result.people_created)} people were new here; their accounts have no password and no "
                "membership until an admin adds them: " + ", ".join(result.people_created)
            )
        if result.lists_created:
            self.stdout.write(
                "Screening lists brought over with their matched entries: " + ", ".join(result.lists_created)
            )
