import argparse
import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from duediligence.assessments.models import Assessment
from duediligence.reports.models import Variant
from duediligence.reports.render import render_pdf, sha256


def _moment(value: str) -> datetime.datetime:
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 date and time with a UTC offset")
    return moment


class Command(BaseCommand):
    help = "Render an assessment's internal or public report to a PDF file (for scripted use; nothing is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--kind", choices=["internal", "public"], default="internal")
        parser.add_argument(
            "--variant",
            choices=Variant.values,
            default=Variant.UNGPRF,
            help="the public report's form: UNGPRF (default), a UK Modern Slavery Act statement, or a Norwegian "
            "Transparency Act account; the internal report has one form",
        )
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--rendered-at",
            type=_moment,
            help="the date and time the report says it was made (ISO 8601, e.g. 2026-06-30T12:00+00:00); default now",
        )

    def handle(
        self,
        *args: Any,
        assessment_id: int,
        kind: str,
        variant: str,
        out: str,
        rendered_at: datetime.datetime | None = None,
        **options: Any,
    ) -> None:
        assessment = Assessment.objects.select_related("organisation").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"there is no assessment {assessment_id}")
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(f"the folder {target.parent} does not exist")
        pdf, _ = render_pdf(assessment, kind, variant=variant, rendered_at=rendered_at)
        target.write_bytes(pdf)
        self.stdout.write(f"Wrote {target} ({len(pdf):,} bytes, SHA-256 {sha256(pdf)})")
