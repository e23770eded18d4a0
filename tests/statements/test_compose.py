"""The annual statement draws on every assessment of the financial year and on the organisation's records, in each
law's order, read back from the PDF; what it lacks is listed under the section of the law that asks for it."""

import datetime

from duediligence.statements.render import render_statement_pdf
from tests.reports.conftest import pdf_text


def between(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at : text.index(end, at)]


def test_the_msa_statement_covers_every_assessment_of_the_year_and_the_whole_business(statement, year_assessments):
    text = pdf_text(render_statement_pdf(statement, "uk_msa").pdf)
    assert "Modern slavery and human trafficking statement" in text.title() or "MODERN SLAVERY" in text
    assert "financial year from 1 January 2026 to 31 December 2026" in text
    structure = between(text, "1. Structure, business and supply chains", "2. Policies on slavery")
    assert "2 assessments in all" in structure
    assert "“Xinjiang sales 2026” (China, Xinjiang)" in structure and "“Vietnam suppliers 2026” (Vietnam)" in structure
    assert "140 suppliers in China, Vietnam and Germany" in structure
    assert "Meridian Optics Ltd, United Kingdom" in structure
    risks = between(text, "4. Risks of slavery and trafficking", "5. Effectiveness")
    # Each assessment's risks, labelled by the assessment they belong to, so R1 of one is not R1 of the other.
    assert "Workers placed through labour transfers" in risks and "Excessive overtime at a supplier" in risks
    assert "A1-R1 Excessive overtime at a supplier" in risks and "A2-R2 Workers placed through labour" in risks
    assert "A1 “Vietnam suppliers 2026” (Vietnam): 1 January 2026 to 31 December 2026, 1 risk" in structure
    assert "Recruitment fees found at one supplier were repaid to 31 workers." in risks
    assert "Share of tier-one suppliers audited: 64 per cent." in between(text, "5. Effectiveness", "6. Training")
    assert "12 people took part in training" in between(text, "6. Training", "Where this statement is published")
    gaps = between(text, "What this statement does not yet cover The company", "Board approval")
    assert "A policy of responsible recruitment (MSA s.54(5)(b))" in gaps
    # An assessment's unanswered questions are named with the assessment, in words, never by UNGPRF reference.
    assert "“Vietnam suppliers 2026” (Vietnam):" in gaps
    assert "(B2" not in gaps and "C3)" not in gaps and "UNGP Reporting Framework" not in gaps


def test_the_norway_account_counts_the_years_requests_against_three_weeks_and_gives_the_deadline(
    statement, year_assessments
):
    text = pdf_text(render_statement_pdf(statement, "norway").pdf)
    enterprise = between(text, "The enterprise, its area of operations", "Actual adverse impacts")
    assert "Supplier code of conduct" in enterprise and "“Vietnam suppliers 2026” (Vietnam)" in enterprise
    impacts = between(text, "Actual adverse impacts and significant risks", "Measures taken")
    assert "1 actual adverse impact" in impacts and "Excessive overtime at a supplier" in impacts
    decent = between(text, "Decent working conditions (sections 3 b and 4)", "Requests for information")
    assert "living wage of the canton" in decent and "Wages: policy: Forced labour policy." in decent
    requests = between(text, "Requests for information (sections 6 and 7)", "Publication and updates")
    received = datetime.date(2026, 3, 2)
    assert "received 1 request for information" in requests
    assert f"1 request is open beyond the three-week limit: received {received:%-d %B %Y} from a journalist" in (
        requests
    )
    assert "for this period by 30 June 2027" in text and "significant change" in text
    gaps = between(text, "What this account does not yet cover The company", "Signatures of the board")
    assert "A guideline or training on working hours (Transparency Act s.3(b))" in gaps
    assert "MSA" not in gaps


def test_a_draft_reads_the_records_as_they_are_and_a_submitted_one_as_they_were(submitted, officer):
    from duediligence.records import services as records
    from tests.reports.test_statutory import PROFILE, policy

    policy(submitted.organisation, officer, "Whistleblowing policy", ["whistleblowing"])
    records.profile_save(organisation=submitted.organisation, user=officer, data={**PROFILE, "sector": "Optics"})
    text = pdf_text(render_statement_pdf(submitted, "uk_msa").pdf)
    assert "works in Laboratory instruments" in text and "works in Optics" not in text
    assert "Whistleblowing policy" not in text
