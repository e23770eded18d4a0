from __future__ import annotations

from duediligence.assessments.models import Assessment
from duediligence.partners.models import MatchStatus, ScreeningMatch


def confirmed_matches(assessment: Assessment) -> list[ScreeningMatch]:
    """Partners confirmed to be listed entities: a high risk flag wherever the assessment is shown."""
    return list(
        ScreeningMatch.objects.filter(partner__assessment=assessment, status=MatchStatus.CONFIRMED)
        .select_related("partner", "entity__screening_list")
        .order_by("partner__name")
    )
