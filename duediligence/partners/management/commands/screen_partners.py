from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import is_editable
from duediligence.partners.models import ScreeningMatch
from duediligence.partners.screening import screen


class Command(BaseCommand):
    help = "Screen an assessment's partners against every loaded list and print the matches (tab-separated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)

    def handle(self, *args: Any, assessment_id: int, **options: Any) -> None:
        assessment = Assessment.objects.filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(f"there is no assessment {assessment_id}")
        if is_editable(assessment):
            screen(assessment_id=assessment_id)
        else:
            # Its matches are part of what was reviewed: printed as they are, never screened again.
            self.stderr.write(
                f"assessment {assessment_id} is {assessment.get_status_display().lower()}: its matches as reviewed"
            )
        matches = (
            ScreeningMatch.objects.filter(partner__assessment_id=assessment_id)
            .select_related("partner", "entity__screening_list")
            .order_by("partner__name", "-exact", "-score")
        )
        self.stdout.write("partner\tlisted entity\tlist\tscore\texact\tstatus\tsource")
        for match in matches:
            self.stdout.write(
                "\t".join(
                    [
                        match.partner.name,
                        match.entity.name,
                        match.entity.screening_list.name,
                        f"{match.score:.3f}",
                        "yes" if match.exact else "no",
                        match.status,
                        match.entity.source,
                    ]
                )
            )
