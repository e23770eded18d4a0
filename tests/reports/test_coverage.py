"""The UNGPRF index claims a reference only where the text it points to answers it, every reference can be
answered by some question or record, and the report says whether the framework's minimum is met."""

import re
from pathlib import Path

import pytest
import yaml

from duediligence.grievances.models import Mechanism
from duediligence.reports.compose import MINIMUM_REFS, Composer, compose_chapters
from duediligence.reports.facts import gather_facts
from duediligence.reports.prose import statements, ungprf_references
from tests.conftest import answer, create_risk

COMPOSE = Path(__file__).resolve().parents[2] / "duediligence" / "reports" / "compose.py"


def composed(assessment, kind="public"):
    composer = Composer(gather_facts(assessment, kind))
    chapters = compose_chapters(composer, "ungprf")
    index = next(part for chapter in chapters if chapter.id == "index" for part in chapter.parts)
    return chapters, {row.ref: row for row in index.data}


def claiming_text(rows, ref) -> str:
    """The text of the paragraphs that claim `ref` in the part the index points to."""
    part = rows[ref].part
    assert part is not None, f"{ref} is not claimed"
    return " ".join(
        paragraph.text + " " + " ".join(paragraph.items)
        for paragraph in part.paragraphs
        if ref in paragraph.refs or ref in part.refs
    )


def test_every_reference_has_something_that_can_answer_it():
    """No reference is left that no question and no record could ever claim (the six 'not covered' rows)."""
    claimable = {ref for entry in statements().values() for ref in entry.get("refs", [])}
    source = COMPOSE.read_text(encoding="utf-8")
    claimable |= set(re.findall(r'"([ABC]\d(?:\.\d)?)"', source))
    assert set(ungprf_references()) - claimable == set()


# Each reference a v3 question was written for: the answers that make it claimable, and what the claiming text says.
QUESTION_CLAIMS = {
    "A1.1": ({"policy_commitment": "yes", "commitment_development": "Drafted with experts."}, "with experts"),
    "A1.2": ({"policy_commitment": "yes", "commitment_scope": ["supply_chain_workers"]}, "workers in its supply chain"),
    "A1.3": ({"policy_commitment": "yes", "commitment_communication": "Sent to distributors."}, "to distributors"),
    "A2.3": ({"staff_training": "Sales staff trained on end-use checks."}, "end-use checks"),
    "A2.4": ({"business_relationships": "A supplier code in every contract."}, "supplier code"),
    "C1.1": ({"policy_relevance": "Procurement guides per category."}, "guides per category"),
    "C2.1": ({"engagement_selection": "Those most exposed first, through intermediaries."}, "most exposed"),
    "C4.1": ({"functions_involved": "Sales approves every customer with legal."}, "approves every customer"),
    "C6.2": ({"concerns_confidence": "An NGO asks workers twice a year."}, "twice a year"),
    "C6.3": ({"grievance_channel": "yes", "complaint_handling": "An ombudsperson answers within 30 days."}, "30 days"),
}  # fmt: skip


@pytest.mark.parametrize("ref", sorted(QUESTION_CLAIMS))
def test_a_reference_is_claimed_only_once_its_question_is_answered(ref, assessment, officer):
    values, said = QUESTION_CLAIMS[ref]
    _, before = composed(assessment)
    assert before[ref].part is None
    answer(assessment, officer, **values)
    _, after = composed(assessment)
    assert said in claiming_text(after, ref)


def test_channels_alone_do_not_claim_how_complaints_are_handled(assessment, officer):
    Mechanism.objects.create(
        organisation=assessment.organisation, channels="A hotline and this web page.", languages="English"
    )
    _, rows = composed(assessment)
    assert "hotline" in claiming_text(rows, "C6.1")
    assert rows["C6.3"].part is None


def test_trends_are_claimed_only_against_a_previous_period(assessment, officer):
    import datetime

    from duediligence.accounts.models import Membership
    from duediligence.review.next_period import next_period_start

    membership = Membership.objects.get(user=officer, organisation=assessment.organisation)

    create_risk(assessment, officer, "Passports held by agents", scale=4, scope=3, irremediability=4, likelihood=4)
    _, rows = composed(assessment)
    assert rows["C3"].part is not None and rows["C3.1"].part is None
    following = next_period_start(
        previous=assessment,
        membership=membership,
        title="Next year",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    _, rows = composed(following)
    assert "in the previous period" in claiming_text(rows, "C3.1")


def test_severe_impacts_are_actual_ones_of_severity_four_or_more(assessment, officer):
    create_risk(assessment, officer, "Potential grave harm", scale=5, scope=5, irremediability=5, likelihood=4)
    create_risk(assessment, officer, "A paperwork gap", impact="actual", scale=2, scope=1, irremediability=1)
    chapters, rows = composed(assessment)
    b4 = next(part for chapter in chapters for part in chapter.parts if part.id == "b4")
    text = " ".join(paragraph.text + " ".join(paragraph.items) for paragraph in b4.paragraphs)
    assert "A paperwork gap" not in text and "Potential grave harm" not in text
    assert "recorded no severe impact" in text
    assert rows["C3.2"].part is None

    create_risk(assessment, officer, "Workers' passports held", impact="actual", scale=4, scope=3, irremediability=3)
    chapters, rows = composed(assessment)
    b4 = next(part for chapter in chapters for part in chapter.parts if part.id == "b4")
    assert "Workers' passports held" in " ".join(p.text + " ".join(p.items) for p in b4.paragraphs)
    assert "Workers' passports held" in rows["C3.2"].part.heading


def test_part_a_keeps_its_heading_and_the_report_says_what_the_minimum_lacks(assessment):
    chapters, rows = composed(assessment)
    part_a = next(chapter for chapter in chapters if chapter.id == "part-a")
    assert part_a.printed_parts, "Part A printed even with nothing recorded"
    assert "has not yet recorded a human rights policy commitment" in part_a.printed_parts[0].paragraphs[0].text
    index = next(chapter for chapter in chapters if chapter.id == "index").parts[0]
    minimum = next(paragraph.text for paragraph in index.paragraphs if "minimum" in paragraph.text)
    missing = [ref for ref in MINIMUM_REFS if rows[ref].part is None]
    assert "does not yet meet the minimum" in minimum and missing
    for ref in missing:
        assert re.search(rf"\b{re.escape(ref)}\b", minimum.split(":")[-1]), ref
    summary = next(chapter for chapter in chapters if chapter.id == "summary").parts[0]
    assert minimum in [paragraph.text for paragraph in summary.paragraphs]


def test_a_complete_assessment_meets_the_minimum(assessment, officer):
    import datetime

    from duediligence.engagement.models import Engagement, EngagementRisk
    from duediligence.risks.models import Indicator, MitigationAction

    answer(
        assessment,
        officer,
        policy_commitment="yes",
        governance="The COO day to day; the board twice a year.",
        resale_controls="clauses_only",
        grievance_channel="yes",
        complaint_handling="An ombudsperson answers within 30 days.",
    )
    risk = create_risk(assessment, officer, "Misuse by police", scale=5, scope=5, irremediability=5, likelihood=4)
    MitigationAction.objects.create(
        risk=risk, description="End-use checks", owner="Sales director", due_date=datetime.date(2026, 9, 1)
    )
    Indicator.objects.create(risk=risk, name="Sales checked", kind="process", unit="%", target=100, source="CRM")
    engagement = Engagement.objects.create(
        assessment=assessment, held_on=datetime.date(2026, 2, 1), group="civil_society", method="meeting",
        safety="partly", protection="Held abroad", topics="End use",
    )  # fmt: skip
    EngagementRisk.objects.create(engagement=engagement, risk=risk)
    chapters, rows = composed(assessment)
    assert [ref for ref in MINIMUM_REFS if rows[ref].part is None] == []
    index = next(chapter for chapter in chapters if chapter.id == "index").parts[0]
    assert any("meets the minimum" in paragraph.text for paragraph in index.paragraphs)


def test_the_statements_cite_only_references_the_framework_has():
    known = set(ungprf_references())
    data = yaml.safe_load((COMPOSE.parent / "data" / "statements.yaml").read_text(encoding="utf-8"))
    cited = {ref for entry in data.values() for ref in entry.get("refs", [])}
    assert cited <= known, cited - known
