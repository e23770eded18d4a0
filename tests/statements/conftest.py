"""An organisation with its records and two assessments of the calendar year 2026, one in Xinjiang and one in
Vietnam, both approved, and a statement for that year under both laws."""

import datetime

import pytest

from duediligence.accounts.models import Membership
from duediligence.engagement.models import InformationRequest
from duediligence.records import services as records
from duediligence.statements import services
from tests.conftest import create_risk, make_assessment
from tests.reports.conftest import rich  # noqa: F401  (the assessment the reports' tests report on)
from tests.reports.test_statutory import PROFILE, policy

TEXTS = {
    "introduction": "Our second statement, covering both factories for the first time.",
    "business_and_supply_chains": "We make laboratory instruments in Switzerland and buy parts from 140 suppliers "
    "in China, Vietnam and Germany.",
    "remediation": "Recruitment fees found at one supplier were repaid to 31 workers.",
    "effectiveness": "Share of tier-one suppliers audited: 64 per cent.",
    "working_conditions": "Every worker in our own sites earns at least the living wage of the canton.",
}


def membership(user):
    return Membership.objects.get(user=user)


@pytest.fixture
def kept_records(organisation, officer):
    records.profile_save(organisation=organisation, user=officer, data=PROFILE)
    policy(organisation, officer, "Forced labour policy", ["forced_labour", "wages"])
    policy(organisation, officer, "Supplier code of conduct", ["suppliers"])
    records.training_save(
        organisation=organisation,
        user=officer,
        data={
            "topic": "Spotting forced labour", "areas": ["forced_labour"], "audience": "buyers", "people": 12,
            "held_on": datetime.date(2026, 3, 10),
        },
    )  # fmt: skip
    return organisation


@pytest.fixture
def year_assessments(rich, kept_records, questionnaire, officer, auditor):  # noqa: F811
    """The rich Xinjiang assessment and a Vietnam one, each with a risk to workers, both approved."""
    from tests.review.conftest import approve

    create_risk(rich, officer, "Workers placed through labour transfers", category="forced_labour", scale=5)
    vietnam = make_assessment(rich.organisation, questionnaire, officer, "Vietnam suppliers 2026", country="Vietnam")
    create_risk(vietnam, officer, "Excessive overtime at a supplier", category="labour_rights", impact="actual")
    InformationRequest.objects.create(
        assessment=vietnam, received_on=datetime.date(2026, 3, 2), requester_kind="journalist", topic="Overtime",
        due_on=datetime.date(2026, 3, 23),
    )  # fmt: skip
    return [approve(rich, auditor), approve(vietnam, auditor)]


@pytest.fixture
def statement(kept_records, officer):
    created = services.statement_create(membership=membership(officer), ending_in=2026, regimes=["uk_msa", "norway"])
    return services.statement_texts_save(statement=created, membership=membership(officer), data=TEXTS)


@pytest.fixture
def submitted(statement, year_assessments, officer):
    services.statement_move(statement=statement, move_name="submit", membership=membership(officer))
    statement.refresh_from_db()
    return statement


@pytest.fixture
def approved_statement(submitted, auditor):
    services.statement_move(statement=submitted, move_name="approve", membership=membership(auditor))
    submitted.refresh_from_db()
    return submitted
