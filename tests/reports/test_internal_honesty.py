"""The internal report says the same thing everywhere: screening results with potential, confirmed and dismissed
matches are each worded as what they are, and the decisions behind the register are all printed."""

from django.utils import timezone

from duediligence.assessments.models import Evidence
from duediligence.partners.models import ListedEntity, Partner, ScreeningMatch
from duediligence.reports.render import render_pdf
from duediligence.review.models import Comment
from tests.reports.conftest import pdf_text


def test_screening_wording_and_decisions_agree(rich, officer, auditor, default_list):
    entities = list(ListedEntity.objects.order_by("name")[:3])
    partners = [
        Partner.objects.create(assessment=rich, name=name, category="supplier", country="China")
        for name in ("Confirmed Partner", "Undecided Partner", "Dismissed Partner")
    ]
    now = timezone.now()
    ScreeningMatch.objects.create(
        partner=partners[0], entity=entities[0], score=1, matched_name="x", status="confirmed", decided_by=officer,
        decided_at=now, reason="Same company and address.",
    )  # fmt: skip
    ScreeningMatch.objects.create(partner=partners[1], entity=entities[1], score=0.9, matched_name="y")
    ScreeningMatch.objects.create(
        partner=partners[2], entity=entities[2], score=0.91, matched_name="z", status="dismissed", decided_by=officer,
        decided_at=now, reason="A bakery in Hamburg, not the listed firm.",
    )  # fmt: skip
    risk = rich.risks.get()
    risk.scores_lowered_reason = "The sales stopped in March; the scope is now one laboratory."
    risk.save()
    Evidence.objects.create(
        assessment=rich, question=rich.questionnaire.questions.get(key="labour_evidence"), token="e" * 32,
        original_name="site-visit.pdf", content_type="application/pdf", size=8, sha256="ab" * 32, uploaded_by=officer,
    )  # fmt: skip
    Comment.objects.create(assessment=rich, author=auditor, text="Which sites were visited?")

    text = pdf_text(render_pdf(rich, "internal")[0])
    assert "1 match confirmed: the partner is the listed entity." in text
    assert "1 possible match still undecided: these partners may be listed entities." in text
    assert "1 dismissed, each with its reason below." in text
    assert "No partner is confirmed" not in text  # the old sentence contradicted the undecided rows
    assert "Confirmed match by Olivia Officer" in text and "Same company and address." in text
    assert "Undecided" in text and "A bakery in Hamburg, not the listed firm." in text
    assert entities[1].name in text
    assert "The sales stopped in March; the scope is now one laboratory." in text
    assert "site-visit.pdf" in text and "ab" * 32 in text
    assert "Which sites were visited?" in text
    assert "Decisions behind the register" in text
    board = text[text.index("Summary for the board") : text.index("Contents")]
    assert "Confirmed on a screening list: Confirmed Partner as" in board
    assert "1 possible match still undecided." in board
    assert "Compulsory biometric collection" in board and "Nothing is overdue." in board
    assert "Continue with conditions (recommended by the compliance officer)" in board
    assert "Conditions: Reagent supply stays suspended" in board


def test_the_internal_report_prints_why_a_risk_is_potential_and_why_its_residual_band_is_lower(rich, officer):
    import datetime

    from duediligence.audits.models import Audit, Finding
    from duediligence.risks.models import MitigationAction

    risk = rich.risks.get(title="Compulsory biometric collection")
    audit = Audit.objects.create(
        assessment=rich, firm="Kestrel Assurance", lead_auditor="S. Okafor", independence="No other work",
        started_on=datetime.date(2026, 5, 4), ended_on=datetime.date(2026, 5, 22), created_by=officer,
    )  # fmt: skip
    Finding.objects.create(audit=audit, severity="high", risk=risk, description="Kits reached a police laboratory.")
    MitigationAction.objects.create(
        risk=risk, description="Stop supply", owner="Sales", due_date=datetime.date(2026, 3, 1), status="done"
    )
    risk.potential_reason = "The kits were from a 2024 order; nothing reached the laboratory in the period."
    risk.residual_severity, risk.residual_likelihood = 5, 1
    risk.residual_reason = "Supply stopped and verified by the distributor's ledger."
    risk.save()

    text = pdf_text(render_pdf(rich, "internal")[0])
    assert "R1 Compulsory biometric collection: a high audit finding of Kestrel Assurance" in text
    assert "Why it is not recorded as actual: The kits were from a 2024 order" in text
    assert "Supply stopped and verified by the distributor's ledger." in text
