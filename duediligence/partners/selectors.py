from __future__ import annotations

from dataclasses import dataclass

from duediligence.assessments.models import Assessment
from duediligence.partners.lists import progress_of
from duediligence.partners.models import ListImport, MatchStatus, ScreeningList, ScreeningMatch


def confirmed_matches(assessment: Assessment) -> list[ScreeningMatch]:
    """Partners confirmed to be listed entities: a high risk flag wherever the assessment is shown."""
    return list(
        ScreeningMatch.objects.filter(partner__assessment=assessment, status=MatchStatus.CONFIRMED)
        .select_related("partner", "entity__screening_list")
        .order_by("partner__name")
    )


@dataclass(frozen=True)
class Rescreening:
    """How far screening again after one list import has come, in partners (live ones and frozen ones)."""

    list_import: ListImport
    live: int
    live_done: int
    frozen: int
    frozen_done: int

    @property
    def percent(self) -> int:
        total = self.live + self.frozen
        return 100 if not total else (100 * (self.live_done + self.frozen_done)) // total

    @property
    def live_finished(self) -> bool:
        return self.live_done >= self.live


def rescreenings(imports: list[ListImport]) -> list[Rescreening]:
    found = progress_of([list_import.pk for list_import in imports])
    return [Rescreening(list_import, **found[list_import.pk]) for list_import in imports]


def rescreenings_running() -> list[Rescreening]:
    """The list imports whose partners are still being screened again (usually none: one query)."""
    return rescreenings(list(ListImport.objects.filter(screened_at=None).select_related("screening_list")))


def list_editions(limit: int = 10) -> list[tuple[ScreeningList, list[Rescreening]]]:
    """Each list with its latest editions (imports) and how far each one's screening came."""
    lists = list(ScreeningList.objects.order_by("name"))
    imports = {
        screening_list.pk: list(screening_list.imports.select_related("screening_list")[:limit])
        for screening_list in lists
    }
    runs = {run.list_import.pk: run for run in rescreenings([i for found in imports.values() for i in found])}
    return [(screening_list, [runs[i.pk] for i in imports[screening_list.pk]]) for screening_list in lists]
