"""Print quality of a long report: no page ends on a heading, and a question stays with its answer."""

import datetime
import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

from duediligence.audits.models import Audit, Finding
from duediligence.partners.models import Partner
from duediligence.reports.render import html_to_pdf, render_html
from duediligence.risks.models import MitigationAction
from tests.conftest import create_risk


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3", "h4"):
            self._open, self.texts = True, [*self.texts, ""]

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4"):
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.texts[-1] += data


RUNNING = re.compile(r"^(Page \d+ of \d+|•|\d+\.|)$")


def last_lines(page_text: str, running_head: str) -> list[str]:
    """The page's last two lines of content: without the running head and foot, and list markers."""
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    content = [line for line in lines if not RUNNING.match(line) and line != running_head]
    return content[-2:]


def test_no_page_of_a_long_report_ends_on_a_heading(rich, officer):
    today = datetime.date(2026, 6, 1)
    for number in range(40):
        risk = create_risk(
            rich, officer, f"Risk number {number} with a title long enough to wrap", category="forced_labour",
            scale=1 + number % 5, scope=3, irremediability=1 + (number * 3) % 5, likelihood=1 + number % 4,
        )  # fmt: skip
        for action in range(number % 3):
            MitigationAction.objects.create(
                risk=risk, description=f"Action {action} on risk {number}, described at some length " * 2,
                owner="Owner", due_date=today,
            )  # fmt: skip
    Partner.objects.bulk_create(
        [
            Partner(
                assessment=rich, name=f"Supplier {n} Co.", category="supplier", country="China",
                name_norm=f"supplier {n}", location_norm="china",
            )
            for n in range(150)
        ]
    )  # fmt: skip
    for number in range(6):
        audit = Audit.objects.create(
            assessment=rich, firm=f"Audit firm {number}", lead_auditor="Lead", independence="Independent",
            methods=["documents"], started_on=today, ended_on=today, created_by=officer,
        )  # fmt: skip
        for finding in range(number):
            Finding.objects.create(audit=audit, severity="high", description=f"Finding {finding} of audit {number}")

    for kind in ("public", "internal"):
        html = render_html(rich, kind)
        parser = Headings()
        parser.feed(html)
        headings = {" ".join(text.split()) for text in parser.texts if text.strip()}
        reader = PdfReader(io.BytesIO(html_to_pdf(html)))
        assert len(reader.pages) > 12, "the report is long enough to test page breaks"
        running_head = f"{rich.organisation.name} " + (
            "Internal human rights due diligence report" if kind == "internal" else "Human rights due diligence report"
        )
        for number, page in enumerate(reader.pages[:-1], start=1):
            tail = last_lines(page.extract_text(), running_head)
            ends = {tail[-1], " ".join(tail)} if tail else set()
            assert not ends & headings, f"{kind} report, page {number} ends on the heading {ends & headings}"


def test_the_annex_prints_no_heading_for_a_section_with_nothing_shown(rich, officer):
    from duediligence.assessments.snapshot import Snapshot
    from tests.conftest import answer

    answer(rich, officer, audit_done="no")  # hides every question of the audit's method and findings
    snapshot = Snapshot(rich)
    empty = [
        section.title
        for step in snapshot.steps
        for section in snapshot.sections_of(step)
        if not any(question.key in snapshot.visible for question in snapshot.questions_of(section))
    ]
    assert "Method and access" in empty
    html = render_html(rich, "internal")
    annex = html[html.index('id="answers"') :]
    for title in empty:
        assert f"<h4>{title}</h4>" not in annex
    assert annex.count("<h4>") == len([s for step in snapshot.steps for s in snapshot.sections_of(step)]) - len(empty)
