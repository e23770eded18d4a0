import datetime

import pytest

from duediligence.risks.models import ActionStatus, MitigationAction, Risk

DEFAULTS = {
    "category": "misuse",
    "rights_affected": "Privacy",
    "people_affected": "Residents",
    "scale": 3,
    "scope": 3,
    "irremediability": 3,
    "likelihood": 3,
    "involvement": "linked",
}


@pytest.fixture
def make_risk(assessment, officer):
    def make(title="A risk", **values) -> Risk:
        return Risk.objects.create(assessment=assessment, title=title, created_by=officer, **{**DEFAULTS, **values})

    return make


@pytest.fixture
def overdue_action(make_risk):
    risk = make_risk("Sequencer misuse")
    return MitigationAction.objects.create(
        risk=risk,
        description="Stop reagent supply",
        owner="Head of sales",
        due_date=datetime.date(2026, 1, 15),
        status=ActionStatus.IN_PROGRESS,
    )
