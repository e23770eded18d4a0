import pytest

from duediligence.accounts.models import Membership
from duediligence.review import workflow
from tests.api.conftest import officer_api  # noqa: F401  (the API client fixture, for the notification tests)
from tests.conftest import complete_required


def membership_of(user):
    return Membership.objects.get(user=user)


def move(assessment, name, user, note=""):
    return workflow.transition_apply(assessment=assessment, move_name=name, membership=membership_of(user), note=note)


def approve(assessment, auditor):
    """The assessment approved by the auditor through the real move, whatever its answers (the approval records
    the content's hash, which publishing checks)."""
    from duediligence.assessments.models import Assessment, Status

    Assessment.objects.filter(pk=assessment.pk).update(status=Status.IN_REVIEW)
    move(assessment, "approve", auditor)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def ready(assessment, officer):
    """An assessment with every required answer given: submittable unless a decision is open."""
    complete_required(assessment, officer)
    return assessment


@pytest.fixture
def submitted(assessment, officer):
    complete_required(assessment, officer)
    move(assessment, "submit", officer)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def in_review(submitted, auditor):
    move(submitted, "start_review", auditor)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def make_risk_for(officer):
    from tests.conftest import create_risk

    def make(assessment, title):
        """A severe risk with its mitigation action and an indicator, as a submittable register holds it."""
        import datetime

        from duediligence.risks.models import Indicator, MitigationAction

        risk = create_risk(assessment, officer, title, scale=4, scope=4, irremediability=4)
        MitigationAction.objects.create(
            risk=risk, description="End-use checks", owner="Sales", due_date=datetime.date(2027, 1, 31)
        )
        Indicator.objects.create(risk=risk, name="Sales checked", kind="process", unit="%", target=100, source="CRM")
        return risk

    return make
