"""Remedies and indicators of a risk: recorded on the risk's page, shown in the register, refused when incomplete."""

import datetime

from django.urls import reverse

from duediligence.risks.models import Indicator, Remedy
from tests.conftest import create_risk


def test_a_remedy_says_what_was_provided_and_the_text_survives_a_refusal(officer_client, assessment, officer):
    risk = create_risk(assessment, officer, impact="actual", involvement="causes")
    url = reverse("risks:remedy_new", args=[assessment.pk, risk.pk])
    page = officer_client.post(url, {"kind": "compensation", "provided": "", "provided_on": "2026-05-01"})
    assert "Say what was provided and for whom." in page.content.decode()
    assert 'value="2026-05-01"' in page.content.decode()
    officer_client.post(
        url, {"kind": "compensation", "provided": "Back pay to 40 workers", "provided_on": "2026-05-01"}
    )
    remedy = Remedy.objects.get()
    assert (remedy.kind, remedy.provided, remedy.reason_none) == ("compensation", "Back pay to 40 workers", "")
    page = officer_client.get(reverse("risks:edit", args=[assessment.pk, risk.pk])).content.decode()
    assert "Back pay to 40 workers" in page


def test_an_indicator_shows_its_latest_result_against_target_in_the_register(officer_client, assessment, officer):
    risk = create_risk(assessment, officer)
    officer_client.post(
        reverse("risks:indicator_new", args=[assessment.pk, risk.pk]),
        {
            "name": "Workers holding their own passports",
            "kind": "outcome",
            "unit": "%",
            "baseline": "40",
            "target": "100",
            "higher_is_better": "on",
            "source": "Quarterly site visits",
        },
    )
    indicator = Indicator.objects.get()
    result_url = reverse("risks:result_new", args=[assessment.pk, risk.pk, indicator.pk])
    officer_client.post(result_url, {"period_end": "2026-03-31", "value": "55"})
    officer_client.post(result_url, {"period_end": "2026-06-30", "value": "80"})
    refused = officer_client.post(result_url, {"period_end": "2026-06-30", "value": "81", "note": "recount"})
    assert "already recorded" in refused.content.decode() and "recount" in refused.content.decode()
    assert indicator.latest.value == 80 and indicator.latest.period_end == datetime.date(2026, 6, 30)
    assert indicator.target_met is False
    register = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert "80.00 % (Jun 2026) against a target of 100.00, <strong>not reached</strong>" in register


def test_a_lower_is_better_indicator_meets_its_target_going_down(assessment, officer):
    risk = create_risk(assessment, officer)
    indicator = Indicator.objects.create(
        risk=risk, name="Recruitment fees paid", kind="outcome", unit="cases", target=0, higher_is_better=False,
        source="Worker interviews",
    )  # fmt: skip
    indicator.results.create(period_end=datetime.date(2026, 6, 30), value=0)
    assert indicator.target_met is True


def test_remedies_and_indicators_are_removed_only_by_officers_while_editable(
    officer_client, auditor_client, assessment, officer
):
    risk = create_risk(assessment, officer)
    remedy = Remedy.objects.create(risk=risk, kind="apology", provided="A public apology")
    url = reverse("risks:remedy_delete", args=[assessment.pk, risk.pk, remedy.pk])
    assert auditor_client.post(url).status_code == 403
    officer_client.post(url)
    assert not Remedy.objects.exists()
