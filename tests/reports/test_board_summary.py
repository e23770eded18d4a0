"""The internal report's first page asks the board for a decision, on one page, with nothing cut mid-word."""

import datetime
import io

from pypdf import PdfReader

from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.engagement.models import InformationRequest
from duediligence.lib.text import ELLIPSIS, shortened
from duediligence.reports.render import render_pdf
from duediligence.risks.models import MitigationAction, Remedy
from tests.conftest import answer, create_risk

REASONS = (
    "The company's equipment is needed by hospitals in the region for newborn screening, and leaving would hand "
    "the market to suppliers that make no end-use checks at all. " * 6
).strip()


def pages_of(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_board_page_states_the_decision_to_take_and_what_it_rests_on(assessment, officer):
    harm = create_risk(
        assessment,
        officer,
        "Reagents reaching a police laboratory",
        impact="actual",
        scale=5,
        scope=5,
        irremediability=5,
        rights_affected="Privacy",
        people_affected="Residents sampled without consent",
    )
    Remedy.objects.create(risk=harm, kind="cooperation", provided="Legal aid funded")
    create_risk(assessment, officer, "A potential harm", scale=3, scope=3, irremediability=3, likelihood=3)
    MitigationAction.objects.create(
        risk=harm,
        description="Stop every reagent shipment to the laboratory and to the distributor serving it",
        owner="Head of sales",
        due_date=datetime.date(2026, 3, 31),
    )
    audit = Audit.objects.create(
        assessment=assessment, firm="Kestrel Assurance", lead_auditor="S. Okafor", independence="No other work",
        started_on=datetime.date(2026, 5, 4), ended_on=datetime.date(2026, 5, 22), created_by=officer,
    )  # fmt: skip
    finding = Finding.objects.create(
        audit=audit, severity="critical", risk=harm, description="Reagent kits kept reaching the laboratory."
    )
    CorrectiveAction.objects.create(
        finding=finding, description="Suspend the distributor", owner="Sales", due_date=datetime.date(2026, 6, 30)
    )
    InformationRequest.objects.create(
        assessment=assessment, received_on=datetime.date(2026, 3, 10), requester_kind="journalist",
        topic="Service contracts with the regional police?", due_on=datetime.date(2026, 3, 31), status="open",
    )  # fmt: skip
    answer(
        assessment,
        officer,
        presence_decision="suspend_line",
        decision_rationale=REASONS,
        decision_conditions="Reagent supply stays suspended until end-use audits pass.",
        decision_due="2027-03-31",
    )

    pages = pages_of(render_pdf(assessment, "internal")[0])
    board_page = next(page for page in pages if "Summary for the board" in page)
    # One page: the contents start on the next one.
    assert "Contents" not in board_page.split("Summary for the board")[1]
    assert "The board is asked to decide" in board_page and "by 31 March 2027" in board_page
    for option in ("Continue as now", "Continue with conditions", "Exit the region responsibly"):
        assert option in board_page
    assert "Suspend a product line or a relationship (recommended by the compliance officer)" in board_page
    assert "Reasons: The company's equipment is needed by hospitals" in board_page
    assert "Conditions: Reagent supply stays suspended" in board_page
    # The actual harm and the critical finding, a sentence each; what is late, each item named.
    assert (
        "Reagents reaching a police laboratory: happening to Residents sampled without consent (rights affected: "
        "Privacy); remedy recorded." in board_page
    )
    assert "Kestrel Assurance: Reagent kits kept reaching the laboratory (corrective action due 30 June 2026)" in (
        board_page
    )
    assert "Mitigation of R1: Stop every reagent shipment to the laboratory and to the distributor serving it" in (
        board_page
    )
    assert "Correction of a critical finding: Suspend the distributor" in board_page
    assert "Answer to a journalist's request: Service contracts with the regional police (due 31 March 2026)" in (
        board_page
    )
    # The long reasons are shortened at a word: what is printed before the ellipsis is a prefix of whole words.
    printed = board_page.split("Reasons: ")[1].split(ELLIPSIS)[0]
    assert REASONS.startswith(printed) and REASONS[len(printed)] == " "


def test_the_board_page_says_what_is_not_yet_recorded(assessment, officer):
    board_page = next(
        page for page in pages_of(render_pdf(assessment, "internal")[0]) if "Summary for the board" in page
    )
    assert "No date for the decision is recorded yet" in board_page
    assert "Recommendation: none recorded yet" in board_page
    assert "No risk is recorded as an actual harm." in board_page and "Nothing is overdue." in board_page


def test_text_is_shortened_at_a_word_never_inside_one():
    text = "Add enforceable end-use clauses and audit rights to all distributor contracts in the region"
    short = shortened(text, 60)
    assert short.endswith(ELLIPSIS) and len(short) <= 61
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "
    assert shortened("short", 60) == "short"
    assert shortened("Supercalifragilisticexpialidocious words", 10) == "Supercalifragilisticexpialidocious" + ELLIPSIS
