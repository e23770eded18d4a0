"""The next period starts from this one: risks, open actions and indicators carried forward, linked, compared."""

import datetime

from django.urls import reverse

from duediligence.assessments.models import Assessment
from duediligence.reports.render import render_pdf
from duediligence.risks.models import Indicator, MitigationAction, Remedy
from tests.conftest import complete_required, create_risk
from tests.reports.conftest import pdf_text


def test_the_next_period_carries_risks_open_actions_and_indicators_and_the_report_compares(
    officer_client, assessment, officer
):
    risk = create_risk(
        assessment, officer, "Passports held by agents", scale=4, scope=3, irremediability=3, likelihood=4
    )
    MitigationAction.objects.create(
        risk=risk, description="Audit agents", owner="HR", due_date=datetime.date(2026, 9, 1)
    )
    MitigationAction.objects.create(
        risk=risk, description="Done already", owner="HR", due_date=datetime.date(2026, 3, 1), status="done"
    )
    indicator = Indicator.objects.create(
        risk=risk, name="Workers holding their passports", kind="outcome", unit="%", target=100, source="Site visits"
    )
    indicator.results.create(period_end=datetime.date(2026, 12, 31), value=60)
    Remedy.objects.create(risk=risk, kind="restitution", provided="Passports returned")

    url = reverse("assessments:next_period", args=[assessment.pk])
    refused = officer_client.post(url, {"title": "2027", "period_start": "2026-06-01", "period_end": "2027-12-31"})
    assert "must start after the previous one ends" in refused.content.decode()
    officer_client.post(url, {"title": "Xinjiang 2027", "period_start": "2027-01-01", "period_end": "2027-12-31"})
    new = Assessment.objects.get(title="Xinjiang 2027")
    assert new.previous_period == assessment
    carried = new.risks.get()
    assert carried.carried_from == risk.uid and carried.uid != risk.uid
    assert list(carried.actions.values_list("description", "due_date")) == [("Audit agents", datetime.date(2027, 1, 1))]
    assert not carried.remedies.exists()
    carried_indicator = carried.indicators.get()
    assert carried_indicator.carried_from == indicator.uid and not carried_indicator.results.exists()

    carried.likelihood = 2
    carried.save()
    carried_indicator.results.create(period_end=datetime.date(2027, 12, 31), value=85)
    complete_required(new, officer)
    text = pdf_text(render_pdf(new, "public")[0])
    assert f"previous period: {risk.salience} ({risk.salience_band})" in text
    assert "85 at 31 December 2027" in text and "(previous period: 60 at 31 December 2026)" in text


def test_only_officers_start_a_next_period(auditor_client, assessment):
    response = auditor_client.post(
        reverse("assessments:next_period", args=[assessment.pk]),
        {"title": "x", "period_start": "2027-01-01", "period_end": "2027-12-31"},
    )
    assert response.status_code == 403
