import gc
import io

import pytest
from pypdf import PdfReader

from duediligence.partners.models import Partner
from tests.conftest import answer, complete_required, create_risk


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space (line breaks in table cells) folded to one space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def rich(assessment, officer):
    """An assessment with answers, a risk, a named and a withheld partner, ready to report on."""
    complete_required(assessment, officer)
    answer(
        assessment,
        officer,
        presence_decision="continue_with_conditions",
        decision_conditions="Reagent supply stays suspended until end-use audits pass.",
        governance="The Chief Compliance Officer reports to the board every quarter.",
    )
    create_risk(
        assessment,
        officer,
        "Compulsory biometric collection",
        category="surveillance_privacy",
        scale=5,
        scope=5,
        irremediability=5,
        likelihood=4,
        involvement="contributes",
    )
    Partner.objects.create(
        assessment=assessment,
        name="Tianshan Instruments Co.",
        name_local="天山仪器有限公司",
        category="distributor",
        city="Ürümqi",
        country="China",
    )
    Partner.objects.create(
        assessment=assessment,
        name="Secret Clinic",
        category="customer",
        country="China",
        disclosed=False,
        withheld_reason="safety",
    )
    return assessment


@pytest.fixture
def approved(rich, auditor):
    from tests.review.conftest import approve

    return approve(rich, auditor)


@pytest.fixture
def unfreeze_after_warm_up():
    """warm_up() freezes what the process holds for the garbage collector, as a worker wants; a test process not."""
    yield
    gc.unfreeze()
