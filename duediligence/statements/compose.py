"""The annual statement's chapters: the statutory chapters of reports/statutory.py, given a scope of every
assessment of the financial year (one composer each) and the organisation's records, under a summary of the year."""

from __future__ import annotations

import datetime

from django.utils import timezone

from duediligence.reports.compose import Chapter, Composer, Part, counted, day
from duediligence.reports.facts import gather_facts
from duediligence.reports.models import Kind, Variant
from duediligence.reports.statutory import (
    Scope,
    StatementTexts,
    assessment_name,
    gaps_chapter,
    label_by_assessment,
    msa_chapter,
    norway_chapter,
)
from duediligence.statements.models import Regime, Statement
from duediligence.statements.sources import TEXT_FIELDS, assessments_of_year, records_of


def composers_of(statement: Statement) -> list[Composer]:
    """One composer per assessment of the year, its risks labelled with the assessment's number."""
    # The facts of the UNGPRF form: the statement reads the organisation's records once, for the whole year.
    composers = [Composer(gather_facts(a, Kind.PUBLIC, Variant.UNGPRF)) for a in assessments_of_year(statement)]
    label_by_assessment(composers)
    return composers


def scope_of(statement: Statement, today: datetime.date) -> Scope:
    composers = composers_of(statement)
    requests = [
        item
        for composer in composers
        for item in composer.facts.information_requests
        if statement.year_start <= item.received_on <= statement.year_end
    ]
    return Scope(
        composers=composers,
        records=records_of(statement),
        start=statement.year_start,
        end=statement.year_end,
        requests=requests,
        today=today,
        texts=StatementTexts(**{name: getattr(statement, name).strip() for name in TEXT_FIELDS}),
        own_gaps={},
    )


def summary_part(statement: Statement, scope: Scope, noun: str) -> Part:
    part = Part("summary", "Summary")
    name = scope.records.profile.legal_name if scope.records.profile else statement.organisation.name
    part.say(
        f"This is the {noun} of {name} for its financial year from {day(statement.year_start)} to "
        f"{day(statement.year_end)}. It covers the organisation's whole business and supply chains: its own records "
        f"and {counted(len(scope.composers), 'assessment')} of due diligence made in the year."
    )
    if scope.texts.introduction:
        part.say(scope.texts.introduction)
    risks = [risk for _, risk in scope.risks()]
    if risks:
        actual = sum(1 for risk in risks if risk.impact == "actual")
        part.say(
            f"The assessments recorded {counted(len(risks), 'risk')} to people"
            + (f", {actual} of them harm that happened or is happening" if actual else "")
            + ": "
            + "; ".join(f"{assessment_name(c)}: {counted(len(c.risks), 'risk')}" for c in scope.composers)
            + "."
        )
    return part


def statement_chapters(statement: Statement, regime: str, published_on: datetime.date | None) -> list[Chapter]:
    """The chapters of the statement under `regime`; `published_on` is the publication's date (None for a
    preview), which the Norway account prints and against which its open requests are counted."""
    scope = scope_of(statement, published_on or timezone.localdate())
    noun = "statement" if regime == Regime.UK_MSA else "account"
    law = msa_chapter(scope) if regime == Regime.UK_MSA else norway_chapter(scope, published_on)
    summary = summary_part(statement, scope, noun)
    scope.counting_parts = [summary]
    gaps = gaps_chapter(scope, noun)
    return [Chapter("summary", "Summary", parts=[summary]), law, gaps]
