"""The statutory variants read the organisation's own records and say what their law asks, read back from the PDF:
the UK MSA statement in the areas of s.54(5) with the homepage link of s.54(7), the Norway account with s.5(a), decent
working conditions, the three-week limit of s.7, the publication date and deadline and the board's and the general
manager's signatures. Gaps are in each law's terms, and the records are those as they were at the approval."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duediligence.engagement.models import InformationRequest
from duediligence.records import services as records
from duediligence.reports.models import PublishedReport, Variant
from duediligence.reports.render import render_pdf
from tests.conftest import create_risk
from tests.reports.conftest import pdf_text

PROFILE = {
    "legal_name": "Meridian Test AG",
    "structure": "A company limited by shares, owned by its two founders",
    "group_entities": "Meridian Test AG, Switzerland\nMeridian Optics Ltd, United Kingdom",
    "sector": "Laboratory instruments",
    "countries": "Switzerland\nUnited Kingdom\nChina",
    "year_end_month": 12,
    "year_end_day": 31,
    "turnover_basis": "Group turnover, net of VAT",
    "website": "https://meridian.example/",
}


def policy(organisation, user, title, areas, approved_on=datetime.date(2025, 11, 3)):
    return records.policy_save(
        organisation=organisation,
        user=user,
        data={
            "title": title,
            "scope": "Own staff and every supplier",
            "areas": areas,
            "approved_by": "The board",
            "approved_on": approved_on,
            "link": f"https://meridian.example/{title.lower().replace(' ', '-')}",
        },
    )


@pytest.fixture
def kept(rich, officer):
    """The rich assessment's organisation with a profile, two policies and a training in the period."""
    organisation = rich.organisation
    records.profile_save(organisation=organisation, user=officer, data=PROFILE)
    policy(organisation, officer, "Forced labour policy", ["forced_labour", "wages"])
    policy(organisation, officer, "Supplier code of conduct", ["suppliers"])
    records.training_save(
        organisation=organisation,
        user=officer,
        data={
            "topic": "Spotting forced labour",
            "areas": ["forced_labour"],
            "audience": "buyers in the sourcing team",
            "people": 12,
            "held_on": datetime.date(2026, 3, 10),
        },
    )
    create_risk(
        rich, officer, "Workers placed through labour transfers", category="forced_labour", scale=5, scope=3,
        irremediability=4, likelihood=3, involvement="linked",
    )  # fmt: skip
    return rich


def gaps_of(text: str, noun: str) -> str:
    """The closing chapter (its heading's last occurrence: the first is in the contents) up to the signatures."""
    start = text.rindex(f"What this {noun} does not yet cover")
    return text[start : text.index("Board approval" if noun == "statement" else "Signatures of the board", start)]


def test_the_msa_statement_covers_the_whole_organisation_its_policies_training_and_homepage(kept):
    text = pdf_text(render_pdf(kept, "public", variant=Variant.UK_MSA)[0])
    structure = text[text.index("1. Structure, business and supply chains") : text.index("2. Policies on slavery")]
    for said in (
        "Meridian Test AG works in Laboratory instruments",
        "Meridian Optics Ltd, United Kingdom",
        "Its financial year ends on 31 December",
        "Group turnover, net of VAT",
        "Switzerland",
    ):
        assert said in structure, said
    policies = text[text.index("2. Policies on slavery") : text.index("3. Due diligence in the business")]
    assert (
        "Forced labour policy: applies to Own staff and every supplier; approved by The board on 3 November 2025"
        in (policies)
    )
    assert "Supplier code of conduct" in policies
    training = text[text.index("6. Training on slavery") : text.index("Where this statement is published")]
    assert "In the period 12 people took part in training" in training and "Spotting forced labour" in training
    assert "https://meridian.example/, with a link to it in a prominent place on the homepage" in text
    assert "section 54(5) of the Act lists" in text and "Home Office" not in text
    # It says which law it is made under, not the Guiding Principles.
    summary = text[text.index("Summary") : text.index("1. Structure, business and supply chains")]
    assert "as part of its slavery and human trafficking statement under section 54 of the UK Modern" in summary
    assert "under the UN Guiding Principles" not in summary
    gaps = gaps_of(text, "statement")
    assert "A policy of responsible recruitment (MSA s.54(5)(b))" in gaps
    assert "A whistleblowing or speak-up policy (MSA s.54(5)(b))" in gaps
    assert "forced labour and modern slavery (MSA" not in gaps and "training on modern slavery" not in gaps.lower()
    # Gaps in the law's terms: no UNGPRF reference (B2, C3 …) in brackets.
    assert "UNGP Reporting Framework" not in gaps and "(B2" not in gaps and "C3)" not in gaps


def test_an_msa_statement_without_records_lists_them_as_gaps_under_their_sections(rich):
    text = pdf_text(render_pdf(rich, "public", variant=Variant.UK_MSA)[0])
    gaps = gaps_of(text, "statement")
    for gap in (
        "The organisation's profile: its structure, group entities, sector and financial year (MSA s.54(5)(a))",
        "A policy against forced labour and modern slavery (MSA s.54(5)(b))",
        "Training on modern slavery and trafficking in the period (MSA s.54(5)(f))",
        "The website whose homepage links to the statement (MSA s.54(7))",
    ):
        # Compared without spaces: a line may break after "s." in the PDF's text.
        assert gap.replace(" ", "") in gaps.replace(" ", ""), gap


def test_the_norway_account_gives_decent_work_the_three_week_limit_and_the_deadline(kept):
    today = timezone.localdate()
    InformationRequest.objects.create(
        assessment=kept, received_on=today - datetime.timedelta(days=240), requester_kind="journalist",
        topic="Partners", due_on=today - datetime.timedelta(days=219),
    )  # fmt: skip
    InformationRequest.objects.create(
        assessment=kept, received_on=today - datetime.timedelta(days=100), requester_kind="ngo", topic="Audits",
        due_on=today - datetime.timedelta(days=60), status="answered", closed_on=today - datetime.timedelta(days=70),
        summary="The audit summary.",
    )  # fmt: skip
    text = pdf_text(render_pdf(kept, "public", variant=Variant.NORWAY)[0])
    assert "as part of its account of due diligence under section 5 of the Norwegian" in text
    assert "under the UN Guiding Principles" not in text[: text.index("The enterprise, its area of operations")]
    enterprise = text[text.index("The enterprise, its area of operations") : text.index("Actual adverse impacts")]
    assert "Meridian Optics Ltd, United Kingdom" in enterprise and "Supplier code of conduct" in enterprise
    decent = text[text.index("Decent working conditions (sections 3 b and 4)") : text.index("Requests for information")]
    assert "Wages: policy: Forced labour policy." in decent
    assert "Workers placed through labour transfers" in decent
    requests = text[text.index("Requests for information (sections 6 and 7)") : text.index("Publication and updates")]
    # Answered in 30 days: within the date the company set, but later than the Act's three weeks.
    assert "received 2 requests for information" in requests and "0 were within the three weeks" in requests
    assert "1 later" in requests
    received = today - datetime.timedelta(days=240)
    assert f"1 request is open beyond the three-week limit: received {received:%-d %B %Y} from a journalist" in (
        requests
    )
    assert "240 days ago" in requests
    assert "Not yet published: this is a preview; the Act asks for the account by 30 June each year, for this " in text
    assert "period by 30 June 2027" in text and "significant change" in text
    gaps = gaps_of(text, "account")
    assert "A guideline or training on working hours (Transparency Act s.3(b))" in gaps
    assert "A guideline or training on health and safety at work (Transparency Act s.3(b))" in gaps
    assert "A guideline or training on wages" not in gaps and "(B2" not in gaps


def test_a_statement_reads_the_records_as_they_were_when_the_auditor_approved(kept, auditor, officer):
    from tests.review.conftest import approve

    approved = approve(kept, auditor)
    policy(approved.organisation, officer, "Whistleblowing policy", ["whistleblowing"])
    records.profile_save(organisation=approved.organisation, user=officer, data={**PROFILE, "sector": "Optics"})
    text = pdf_text(render_pdf(approved, "public", variant=Variant.UK_MSA)[0])
    assert "Laboratory instruments" in text and "works in Optics" not in text
    assert "Whistleblowing policy" not in text
    assert "A whistleblowing or speak-up policy (MSA s.54(5)(b))" in gaps_of(text, "statement")


SIGNOFF = {
    "signoff_name": "Maya Manager",
    "signoff_role": "Chief Executive",
    "signoff_date": "2026-11-20",
    "board_approved_on": "2026-11-18",
    "director_name": "Dana Director",
    "confirm": "on",
}


def test_a_norway_account_needs_the_board_and_the_general_manager_and_prints_their_names(
    manager_client, kept, auditor, django_capture_on_commit_callbacks
):
    from tests.review.conftest import approve

    approved = approve(kept, auditor)
    url = reverse("reports:publish", args=[approved.pk])
    refused = manager_client.post(url, {**SIGNOFF, "variants": ["ungprf", "uk_msa", "norway"]})
    page = refused.content.decode()
    assert "A Transparency Act account is signed by the board: name each member." in page
    assert "signed by the general manager: give their name" in page and "Dana Director" in page
    assert not PublishedReport.objects.filter(assessment=approved).exists()
    form = {
        **SIGNOFF,
        "variants": ["ungprf", "uk_msa", "norway"],
        "board_members": "Bente Board\n\n  Bjørn Board ",
        "general_manager": "Gina Manager",
    }
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url, form)
    public = {r.variant: r for r in PublishedReport.objects.filter(assessment=approved, kind="public")}
    assert set(public) == {"ungprf", "uk_msa", "norway"}
    norway = pdf_text(public["norway"].pdf.open("rb").read())
    assert "Members of the board Bente Board, Bjørn Board" in norway and "General manager Gina Manager" in norway
    published = timezone.localdate(public["norway"].published_at)
    assert f"Published on {published:%-d %B %Y}; the Act asks for the account by 30 June" in norway
    msa = pdf_text(public["uk_msa"].pdf.open("rb").read())
    assert "Signed by, director Dana Director" in msa and "Bente Board" not in msa
    assert public["norway"].board_member_list == ["Bente Board", "Bjørn Board"]
