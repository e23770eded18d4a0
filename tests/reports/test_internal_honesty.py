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
