"""A write that loses a race with a status change is refused with a clear message, never a 500.

The page checks that the assessment is editable, then the service checks again under the row lock. Between the
two an auditor may have started the review: here the first check is made to pass while the row is already
submitted, which is exactly what the service sees in that race.
"""

from unittest import mock

import pytest
from django.urls import reverse

from duediligence.assessments.models import Assessment, Status
from duediligence.partners.models import Partner, ScreeningMatch
from duediligence.risks.models import Risk, SuggestionDecision
from tests.conftest import answer, create_risk

REFUSAL = "This assessment is submitted and can no longer be edited."


@pytest.fixture
def raced(assessment, officer, default_list):
    """The page still believes the assessment is editable; the database says it was submitted."""
    answer(assessment, officer, sells_to_security="yes")
    risk = create_risk(assessment, officer, "Sequencers used for compulsory DNA collection")
    partner = Partner.objects.create(
        assessment=assessment, name="Tianshan Instruments Co.", category="distributor", country="China"
    )
    match = ScreeningMatch.objects.create(
        partner=partner, entity=default_list.entities.first(), score=1, matched_name="tianshan"
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    with mock.patch("duediligence.assessments.workflow.is_editable", return_value=True):
        yield {"assessment": assessment, "risk": risk, "partner": partner, "match": match}


def _refused(response) -> str:
    assert response.status_code == 200, "a refusal is a page with a message, not an error"
    page = response.content.decode()
    assert REFUSAL in page
    return page


def test_deleting_a_risk_after_submission_is_refused(officer_client, raced):
    url = reverse("risks:delete", args=[raced["assessment"].pk, raced["risk"].pk])
    _refused(officer_client.post(url, follow=True))
    assert Risk.objects.filter(pk=raced["risk"].pk).exists()


def test_dismissing_a_suggestion_after_submission_is_refused(officer_client, raced):
    url = reverse("risks:dismiss", args=[raced["assessment"].pk, "sells_to_security"])
    _refused(officer_client.post(url, {"reason": "The contract ended."}, follow=True))
    assert not SuggestionDecision.objects.exists()


def test_deleting_a_partner_after_submission_is_refused(officer_client, raced):
    url = reverse("partners:delete", args=[raced["assessment"].pk, raced["partner"].pk])
    _refused(officer_client.post(url, follow=True))
    assert Partner.objects.filter(pk=raced["partner"].pk).exists()


def test_deciding_a_match_after_submission_is_refused(officer_client, raced):
    url = reverse("partners:match_decide", args=[raced["assessment"].pk, raced["partner"].pk, raced["match"].pk])
    _refused(officer_client.post(url, {"decision": "confirmed", "reason": "Same company"}, follow=True))
    raced["match"].refresh_from_db()
    assert raced["match"].status == "potential"
