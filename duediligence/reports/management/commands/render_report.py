from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duediligence.assessments.models import Assessment
from duediligence.reports.render import render_pdf, sha256


class Command(BaseCommand):
    help = "Render an assessment's internal or public report to a PDF file (for scripted use; nothing is stored)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--kind", choices=["internal", "public"], default="internal")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, assessment_id: int, kind: str, out: str, **options) -> None:
        assessment = Assessment.objects.select_related("organisation").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"there is no assessment {assessment_id}")
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(f"the folder {target.parent} does not exist")
        pdf, _ = render_pdf(assessment, kind)
        target.write_bytes(pdf)
        self.stdout.write(f"Wrote {target} ({len(pdf):,} bytes, SHA-256 {sha256(pdf)})")
