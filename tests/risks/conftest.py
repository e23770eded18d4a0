import datetime

import pytest

from duediligence.risks.models import ActionStatus, MitigationAction
from tests.conftest import create_risk


@pytest.fixture
def make_risk(assessment, officer):
    def make(title="A risk", **values):
        return create_risk(assessment, officer, title, **values)

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
