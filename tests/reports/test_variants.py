"""The public report in each of its forms, read back from the PDF: the sections each form requires, prose rather
than question/answer pairs, gaps in one place, the UNGPRF index with page numbers, and PDF/A-3a."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.engagement.models import Engagement, EngagementRisk
from duediligence.reports.models import Variant
from duediligence.reports.render import render_html, render_pdf
from duediligence.risks.models import Indicator, IndicatorResult, MitigationAction
from tests.conftest import answer, create_risk
from tests.reports.conftest import pdf_text


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def applied(rich, officer):
    """The rich assessment with an audit that met restrictions, an engagement, an indicator and a labour risk."""
    answer(
        rich,
        officer,
        policy_commitment="yes",
        decision_rationale="The end-use controls cut the misuse risk; the supply stays suspended meanwhile.",
        next_commitments="Trace every component to its raw material.",
    )
    risk = rich.risks.get()
    MitigationAction.objects.create(
        risk=risk, description="Stop reagent supply to the laboratory", owner="Head of sales",
        due_date=datetime.date(2026, 3, 31), status="in_progress",
    )  # fmt: skip
    indicator = Indicator.objects.create(
        risk=risk, name="Contracts with end-use clauses", kind="process", unit="per cent", baseline=10, target=100,
        source="Contract register",
    )  # fmt: skip
    IndicatorResult.objects.create(indicator=indicator, period_end=datetime.date(2026, 6, 30), value=60)
    labour = create_risk(
        rich, officer, "Workers placed through labour transfers", category="forced_labour", scale=5, scope=3,
        irremediability=4, likelihood=3, involvement="linked",
    )  # fmt: skip
    engagement = Engagement.objects.create(
        assessment=rich, held_on=datetime.date(2026, 4, 2), group="affected_workers", method="interview",
        safety="safe", protection="Off site",
        topics="Recruitment fees", outcome="Tracing now reaches the recruiting agencies",
    )  # fmt: skip
    EngagementRisk.objects.create(engagement=engagement, risk=labour)
    audit = Audit.objects.create(
        assessment=rich, firm="Kestrel Assurance", lead_auditor="Sam Okafor", independence="No other services",
        methods=["documents"], started_on=datetime.date(2026, 5, 4), ended_on=datetime.date(2026, 5, 22),
        restrictions=["minders"], restrictions_detail="Officials sat in on interviews.", created_by=officer,
    )  # fmt: skip
    finding = Finding.objects.create(audit=audit, severity="critical", description="Kits reached a PSB lab.", risk=risk)
    CorrectiveAction.objects.create(
        finding=finding, description="Suspend the distributor", owner="Sales", due_date=datetime.date(2026, 6, 30)
    )
    return rich


def test_the_ungprf_report_reads_as_prose_with_its_parts_gaps_and_index(applied):
    pdf, _ = render_pdf(applied, "public")
    text = pdf_text(pdf)
    for heading in (
        "Summary",
        "Part A: Governance of respect for human rights",
        "Part B: The focus of this report",
        "Part C: Managing each salient issue",
        "Step 1: the risk assessment",
        "Step 2: the independent audit",
        "Step 3: partner disclosure",
        "Step 4: the decision on continued presence",
        "Method and limitations",
        "How to reach the company",
        "What this report does not yet cover",
        "Index to the UNGP Reporting Framework",
    ):
        assert heading in text, heading
    assert "Not answered" not in text
    # Answers as sentences of ours, not question/answer pairs.
    assert "The most senior level of the company has approved a public commitment to respect human rights." in text
    assert "Has the most senior level" not in text
    assert "The company decided to continue its activities in the region, on conditions." in text
    # The audit with its restrictions, findings and corrective actions; the engagement on its issue.
    assert "The auditor met restrictions on access: government minders present." in text
    assert "Kits reached a PSB lab." in text and "Suspend the distributor" in text
    assert "What changed as a result: Tracing now reaches the recruiting agencies." in text
    assert "Contracts with end-use clauses (per cent): 60" in text and "target of 100 (not reached)" in text
    # Withheld names counted by reason, never named; the register's residual column.
    assert "Secret Clinic" not in text and "naming them could put people at risk (1)" in text
    assert "Residual salience" in text
    # Gaps are listed once, at the end, with the references they would answer.
    gaps = text[text.index("What this report does not yet cover") :]
    assert "An indicator tracking “Workers placed through labour transfers” (C5)" in gaps
    assert "Stakeholder engagement on “Compulsory biometric collection” (C2)" in gaps


def test_the_index_gives_each_reference_its_page_or_not_covered(applied):
    pdf, html = render_pdf(applied, "public")
    pages = pages_of(pdf)
    index_page = next(number for number, page in enumerate(pages, 1) if "UNGP Reporting Framework references" in page)
    index = " ".join(" ".join(pages[index_page - 1 :]).split())
    for ref in ("A1", "A1.1", "B1", "B4", "C1", "C2.2", "C6.5"):
        assert re.search(rf"\b{re.escape(ref)}\b", index), ref
    # B1 is answered in Part B: its page number is the page that carries that heading.
    b1_page = next(number for number, page in enumerate(pages, 1) if "The salient human rights issues" in page)
    assert re.search(
        "B1 Statement of salient issues Part B: The focus of this report: The salient human rights issues "
        rf"{b1_page}\b",
        index,
    )
    # No record answers how the commitment was developed: the index says so.
    assert re.search(r"A1\.1 How the commitment was developed not covered", index)
    assert 'href="#b1"' in html


@pytest.mark.parametrize(
    ("variant", "headings"),
    [
        (
            Variant.UK_MSA,
            [
                "Modern slavery and human trafficking statement",
                "1. Structure, business and supply chains (section 54(5)(a))",
                "2. Policies on slavery and human trafficking (section 54(5)(b))",
                "3. Due diligence in the business and supply chains (section 54(5)(c))",
                "4. Risks of slavery and trafficking, and how they are managed (section 54(5)(d))",
                "5. Effectiveness, measured by indicators (section 54(5)(e))",
                "6. Training on slavery and human trafficking (section 54(5)(f))",
                "Where this statement is published (section 54(7))",
                "Board approval and director's signature",
                "What this statement does not yet cover",
            ],
        ),
        (
            Variant.NORWAY,
            [
                "Account of due diligence under the Transparency Act",
                "The enterprise, its area of operations and its guidelines (section 5 a)",
                "Actual adverse impacts and significant risks found (section 5 b)",
                "Measures taken or planned, and their results (section 5 c)",
                "Decent working conditions (sections 3 b and 4)",
                "Requests for information (sections 6 and 7)",
                "Publication and updates (section 5)",
                "Signatures of the board and the general manager",
                "What this account does not yet cover",
            ],
        ),
    ],
)
def test_each_variant_has_its_required_sections(applied, variant, headings):
    text = pdf_text(render_pdf(applied, "public", variant=variant)[0])
    for heading in headings:
        assert heading in text, heading
    assert "Not answered" not in text
    assert "Index to the UNGP Reporting Framework" not in text


def test_the_msa_statement_names_its_forced_labour_risks_and_the_missing_training(applied):
    text = pdf_text(render_pdf(applied, "public", variant=Variant.UK_MSA)[0])
    risks = text[text.index("4. Risks of slavery and trafficking") : text.index("5. Effectiveness")]
    assert "Workers placed through labour transfers" in risks and "Compulsory biometric" not in risks
    assert "Training on modern slavery and trafficking in the period (MSA s.54(5)(f))" in text


def test_the_norwegian_account_gives_the_section_6_figures(applied):
    from duediligence.engagement.models import InformationRequest

    InformationRequest.objects.create(
        assessment=applied, received_on=datetime.date(2026, 2, 1), requester_kind="journalist", topic="Partners",
        due_on=datetime.date(2026, 2, 22), status="answered", closed_on=datetime.date(2026, 2, 10), summary="The list.",
    )  # fmt: skip
    text = pdf_text(render_pdf(applied, "public", variant=Variant.NORWAY)[0])
    section = text[text.index("Requests for information (sections 6 and 7)") :]
    assert "received 1 request for information. Of those answered or declined, 1 was within the three weeks" in section


def test_published_pdfs_are_pdf_a_3a_with_the_reports_metadata(applied):
    pdf, _ = render_pdf(applied, "public")
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "Human rights due diligence report" in xmp and applied.organisation.name in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_the_same_data_gives_the_same_bytes_in_every_variant(applied):
    at = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
    for variant in Variant.values:
        first = render_pdf(applied, "public", variant=variant, rendered_at=at)[0]
        assert first == render_pdf(applied, "public", variant=variant, rendered_at=at)[0]


def test_an_unanswered_question_is_a_gap_not_an_inline_answer(rich):
    html = render_html(rich, "public")
    assert "Not answered" not in html
    gaps = html[html.index('id="gaps"') :]
    assert "The sources used to understand the human rights situation in the region (B2, C3)" in gaps


def test_render_report_writes_each_variant_and_refuses_an_unknown_one(applied, tmp_path):
    out = tmp_path / "statement.pdf"
    call_command("render_report", applied.pk, "--kind", "public", "--variant", "uk_msa", "--out", str(out))
    assert "section 54" in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("render_report", applied.pk, "--variant", "lksg", "--out", str(out))


def test_the_report_reads_a_constant_number_of_queries_however_many_records(applied, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duediligence.reports.context import report_context

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report_context(applied, "internal")
        return len(captured.captured_queries)

    queries()  # the first read fills the per-process caches (questionnaire structure)
    before = queries()
    risk = applied.risks.first()
    for number in range(4):
        engagement = Engagement.objects.create(
            assessment=applied, held_on=datetime.date(2026, 5, 1), group="experts", method="meeting",
            safety="safe", protection="None needed", topics=f"Topic {number}",
        )  # fmt: skip
        EngagementRisk.objects.create(engagement=engagement, risk=risk)
        audit = Audit.objects.create(
            assessment=applied, firm=f"Firm {number}", lead_auditor="Lead", independence="Independent",
            methods=["documents"], started_on=datetime.date(2026, 5, 4), ended_on=datetime.date(2026, 5, 5),
            created_by=officer,
        )  # fmt: skip
        Finding.objects.create(audit=audit, severity="high", description=f"Finding {number}", risk=risk)
    assert queries() == before
