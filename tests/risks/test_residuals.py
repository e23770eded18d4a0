"""Residual scores have to be earned (issue 34): never above the gross ones, an actual harm keeps what cannot be
undone, and a lower band needs a reason and an action done. The form says so field by field; the database refuses
the same rows from any other path."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from duediligence.risks.models import MitigationAction, Risk
from tests.conftest import create_risk

FORM = {
    "title": "Workers' passports held",
    "category": "forced_labour",
    "rights_affected": "Freedom from forced labour",
    "people_affected": "Workers at a supplier",
    "scale": 4,
    "scope": 3,
    "irremediability": 3,
    "likelihood": 4,
    "impact": "potential",
    "involvement": "linked",
}


def post(client, assessment, risk, **changes):
    return client.post(reverse("risks:edit", args=[assessment.pk, risk.pk]), {**FORM, **changes})


@pytest.fixture
def risk(assessment, officer):
    return create_risk(assessment, officer, FORM["title"], scale=4, scope=3, irremediability=3, likelihood=4)


def test_residual_scores_above_the_gross_ones_are_refused_and_the_text_kept(officer_client, assessment, risk):
    page = post(officer_client, assessment, risk, residual_severity=5, residual_likelihood=5,
                residual_reason="Kept as typed").content.decode()  # fmt: skip
    assert "The residual severity cannot be above the severity before mitigation (4)" in page
    assert "The residual likelihood cannot be above the likelihood (4)." in page
    assert "Kept as typed" in page
    risk.refresh_from_db()
    assert risk.residual_severity is None


def test_a_lower_band_needs_a_done_action_and_a_reason(officer_client, assessment, risk):
    # Gross: severity 4, likelihood 4 (critical). Residual 4 and 1: high, a lower band.
    page = post(officer_client, assessment, risk, residual_severity=4, residual_likelihood=1).content.decode()
    assert "Say why the residual band is lower" in page
    assert "needs at least one mitigation action done" in page
    MitigationAction.objects.create(
        risk=risk, description="Passports returned", owner="COO", due_date=datetime.date(2026, 6, 1), status="done"
    )
    response = post(officer_client, assessment, risk, residual_severity=4, residual_likelihood=1,
                    residual_reason="Passports returned to every worker; checked on site.")  # fmt: skip
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.residual_band, risk.residual_reason) == (
        "high",
        "Passports returned to every worker; checked on site.",
    )


def test_an_actual_irremediable_harm_keeps_its_irremediability(officer_client, assessment, risk):
    page = post(officer_client, assessment, risk, impact="actual", irremediability=5, residual_severity=3,
                residual_likelihood=2).content.decode()  # fmt: skip
    assert "An actual harm keeps its irremediability (5)" in page


def test_an_actual_harm_is_certain(officer_client, assessment, risk):
    post(officer_client, assessment, risk, impact="actual", likelihood=2)
    risk.refresh_from_db()
    assert (risk.impact, risk.likelihood) == ("actual", 5)


@pytest.mark.parametrize(
    "values",
    [
        {"residual_severity": 5, "residual_likelihood": 1},  # above the gross severity of 4
        {"residual_severity": 2, "residual_likelihood": 5},  # above the gross likelihood of 4
        {"impact": "actual", "likelihood": 3},  # an actual harm that is only possible
        {"impact": "actual", "likelihood": 5, "irremediability": 4, "residual_severity": 3, "residual_likelihood": 1},
    ],
)
def test_the_database_refuses_the_same_rows_from_any_path(risk, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(**values)
