"""What a statement is made from: every assessment of the organisation whose period overlaps the financial year,
and the versions of the organisation's records. A draft reads what is current; from submission on, the statement
reads exactly what was fixed then (the assessments are frozen by then too, and record versions never change)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duediligence.assessments.models import Assessment
from duediligence.assessments.models import Status as AssessmentStatus
from duediligence.records.models import Policy, Training
from duediligence.records.services import current_policies, current_profile, current_training
from duediligence.reports.facts import OrganisationRecords
from duediligence.review.content import content_hash
from duediligence.review.workflow import approved_content_hash
from duediligence.statements.models import Statement

# An assessment the statement may be made from: its content was approved by an auditor and is frozen.
SETTLED = (AssessmentStatus.APPROVED, AssessmentStatus.PUBLISHED)


def assessments_of_year(statement: Statement) -> list[Assessment]:
    """The assessments the statement draws on: when fixed, those; else every latest revision whose period overlaps
    the year (a corrected revision stands in for the one it corrects)."""
    found = Assessment.objects.select_related("organisation", "questionnaire")
    if not statement.is_editable:
        by_id = {a.pk: a for a in found.filter(pk__in=statement.assessment_ids)}
        return [by_id[pk] for pk in statement.assessment_ids if pk in by_id]
    return list(
        found.filter(
            organisation=statement.organisation,
            period_start__lte=statement.year_end,
            period_end__gte=statement.year_start,
            next_revision__isnull=True,
        ).order_by("period_start", "title", "pk")
    )


def records_of(statement: Statement) -> OrganisationRecords:
    if statement.is_editable:
        organisation = statement.organisation
        return OrganisationRecords(
            as_of=None,
            profile=current_profile(organisation),
            policies=current_policies(organisation),
            training=current_training(organisation),
        )
    policies = sorted(Policy.objects.filter(pk__in=statement.policy_ids), key=lambda p: (p.title.lower(), p.pk))
    training = sorted(Training.objects.filter(pk__in=statement.training_ids), key=lambda t: (t.held_on, t.pk))
    return OrganisationRecords(as_of=None, profile=statement.profile, policies=policies, training=training[::-1])


@dataclass(frozen=True)
class Sources:
    assessment_ids: list[int]
    profile_id: int | None
    policy_ids: list[int]
    training_ids: list[int]


def current_sources(statement: Statement) -> Sources:
    records = records_of(statement)
    return Sources(
        assessment_ids=[a.pk for a in assessments_of_year(statement)],
        profile_id=records.profile.pk if records.profile else None,
        policy_ids=sorted(p.pk for p in records.policies),
        training_ids=sorted(t.pk for t in records.training),
    )


def statement_content(statement: Statement) -> dict[str, Any]:
    """What the auditor reviews, as data: the texts, the regimes, the year, and what it was made from (each
    assessment with the hash of its own approved content)."""
    return {
        "year": [statement.year_start.isoformat(), statement.year_end.isoformat()],
        "regimes": list(statement.regimes),
        "texts": {name: getattr(statement, name) for name in TEXT_FIELDS},
        "assessments": [
            {"id": a.pk, "revision": a.revision, "content_sha256": approved_content_hash(a)}
            for a in assessments_of_year(statement)
        ],
        "profile": statement.profile_id,
        "policies": sorted(statement.policy_ids),
        "training": sorted(statement.training_ids),
    }


def statement_hash(statement: Statement) -> str:
    return content_hash(statement_content(statement))


TEXT_FIELDS = ("introduction", "business_and_supply_chains", "remediation", "effectiveness", "working_conditions")
