from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duediligence.assessments.models import Assessment
from duediligence.security import events
from duediligence.security.models import EventKind
from duediligence.transfer.services import encode, export_document


class Command(BaseCommand):
    help = (
        "Write one assessment with its answers, history, risks, audits, partners, screening decisions, comments "
        "and evidence metadata to a JSON file, for `import_assessment` in another database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--out", required=True, help="the JSON file to write")
        parser.add_argument(
            "--with-files", action="store_true", help="include the bytes of evidence and audit report files"
        )

    def handle(self, *args: Any, assessment_id: int, out: str, with_files: bool, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("organisation", "questionnaire", "created_by")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(f"there is no assessment {assessment_id}")
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(f"the folder {target.parent} does not exist")
        try:
            document = export_document(assessment, with_files=with_files)
        except FileNotFoundError as error:
            raise CommandError(f"a file of this assessment is missing from storage: {error.filename}") from None
        target.write_text(encode(document), encoding="utf-8")
        events.record(
            EventKind.ASSESSMENT_EXPORTED,
            organisation=assessment.organisation,
            subject=f"{assessment.title} (revision {assessment.revision})",
            detail=f"To {target.name} from the command line{', with files' if with_files else ''}.",
        )
        rows = sum(len(value) for value in document.values() if isinstance(value, list))
        self.stdout.write(f"Wrote {target}: assessment {assessment.pk} “{assessment.title}” with {rows:,} rows.")
