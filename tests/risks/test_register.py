import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from duediligence.risks.models import MitigationAction, Risk, SuggestionDecision
from duediligence.risks.register import register_for
from tests.conftest import answer

FORM = {
    "title": "Surveillance of residents",
    "category": "surveillance_privacy",
    "rights_affected": "Privacy",
    "people_affected": "Residents",
    "scale": "5",
    "scope": "4",
    "irremediability": "5",
    "likelihood": "2",
    "involvement": "contributes",
    "impact": "potential",
    "leverage": "some",
    "crucial_relationship": "false",
    "residual_severity": "",
    "residual_likelihood": "",
}


def test_an_officer_adds_a_risk_and_sees_its_scores(officer_client, assessment):
    response = officer_client.post(reverse("risks:new", args=[assessment.pk]), FORM)
    assert Risk.objects.count() == 1
    # A high risk without an action would keep the assessment from being submitted: the next step is adding one.
    risk = Risk.objects.get()
    assert response["Location"] == reverse("risks:action_new", args=[assessment.pk, risk.pk])
    page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert "Surveillance of residents" in page
    assert "<td>5 <span" in page  # severity: the scale of 5 makes the harm grave
    assert "22 critical" in page  # salience = (5 - 1) × 5 + likelihood 2; a grave harm is critical at any likelihood


def test_the_risk_form_takes_the_first_action_in_the_same_step(officer_client, assessment):
    page = officer_client.get(reverse("risks:new", args=[assessment.pk])).content.decode()
    assert "needs at least one mitigation action before the assessment can be submitted" in page
    half = {**FORM, "action-description": "Stop sales to public security bureaus"}
    refused = officer_client.post(reverse("risks:new", args=[assessment.pk]), half)
    assert refused.status_code == 200 and "Say who is responsible, or leave the first action empty." in (
        refused.content.decode()
    )
    assert not Risk.objects.exists()
    full = {**half, "action-owner": "Head of sales", "action-due_date": "2026-09-30"}
    response = officer_client.post(reverse("risks:new", args=[assessment.pk]), full)
    assert response["Location"] == reverse("risks:register", args=[assessment.pk])
    action = Risk.objects.get().actions.get()
    assert (action.description, action.owner) == ("Stop sales to public security bureaus", "Head of sales")


def test_the_register_is_ordered_by_salience(make_risk, assessment):
    make_risk("Likely but minor", scale=1, scope=2, irremediability=1, likelihood=5)
    make_risk("Grave but unlikely", scale=5, scope=5, irremediability=5, likelihood=1)
    register = register_for(assessment)
    assert [risk.title for risk in register.risks] == ["Grave but unlikely", "Likely but minor"]
    assert [risk.label for risk in register.risks] == ["R2", "R1"]


@pytest.mark.parametrize("value", ["0", "6", "-1", "three"])
def test_scores_outside_1_to_5_are_refused_with_a_clear_message(officer_client, assessment, value):
    response = officer_client.post(reverse("risks:new", args=[assessment.pk]), {**FORM, "scale": value})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "from 1 to 5" in page
    assert 'value="Surveillance of residents"' in page
    assert not Risk.objects.exists()


def test_the_database_refuses_scores_outside_1_to_5(make_risk):
    with pytest.raises(IntegrityError):
        make_risk(likelihood=9)


def test_residual_scores_come_in_pairs(officer_client, assessment):
    response = officer_client.post(reverse("risks:new", args=[assessment.pk]), {**FORM, "residual_severity": "3"})
    assert "Give both residual severity and residual likelihood" in response.content.decode()


def test_a_mitigation_action_due_before_the_period_is_refused(officer_client, assessment, make_risk):
    risk = make_risk()
    url = reverse("risks:action_new", args=[assessment.pk, risk.pk])
    data = {"description": "Audit distributors", "owner": "Legal", "due_date": "2025-12-31", "status": "planned"}
    page = officer_client.post(url, data).content.decode()
    assert "must be on or after the start of the reporting period (1 January 2026)" in page
    assert not MitigationAction.objects.exists()
    assert officer_client.post(url, {**data, "due_date": "2026-02-01"}).status_code == 302
    assert MitigationAction.objects.get().risk == risk


def test_overdue_actions_are_highlighted_on_overview_and_dashboard(
    officer_client, manager_client, assessment, overdue_action
):
    overview = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "1 overdue mitigation action" in overview
    assert "Stop reagent supply" in overview
    dashboard = manager_client.get(reverse("dashboard:home")).content.decode()
    assert "1 overdue mitigation action" in dashboard


def test_a_done_action_is_not_overdue(overdue_action):
    overdue_action.status = "done"
    overdue_action.save()
    assert not MitigationAction.objects.overdue(datetime.date(2027, 1, 1)).exists()


def test_other_organisations_and_roles_cannot_touch_risks(outsider_client, manager_client, assessment, make_risk):
    risk = make_risk()
    assert outsider_client.get(reverse("risks:register", args=[assessment.pk])).status_code == 404
    assert outsider_client.get(reverse("risks:edit", args=[assessment.pk, risk.pk])).status_code == 404
    assert manager_client.get(reverse("risks:register", args=[assessment.pk])).status_code == 200
    assert manager_client.post(reverse("risks:edit", args=[assessment.pk, risk.pk]), FORM).status_code == 403
    assert manager_client.post(reverse("risks:delete", args=[assessment.pk, risk.pk])).status_code == 403
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_a_risk_id_of_another_assessment_is_404(officer_client, assessment, make_risk, other_organisation, outsider):
    risk = make_risk()
    response = officer_client.get(reverse("risks:edit", args=[assessment.pk + 999, risk.pk]))
    assert response.status_code == 404


class TestSuggestions:
    def test_flags_pointing_to_one_harm_arrive_as_one_scored_suggestion(self, officer_client, assessment, officer):
        answer(assessment, officer, sells_to_security="yes", supports_compulsory_collection="yes")
        page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
        assert page.count("<strong>Products and services used for mass surveillance by security bodies</strong>") == 1
        for key in ("sells_to_security", "supports_compulsory_collection"):
            label = assessment.questionnaire.questions.get(key=key).label
            assert f"From the answer to “{label}”" in page, key
        assert "suggested scale 5, scope 5, irremediability 5, likelihood 4" in page
        assert not Risk.objects.exists()  # nothing is added silently

    def test_accepting_prefills_the_form_and_records_the_decision(self, officer_client, assessment, officer):
        answer(assessment, officer, sells_to_security="yes", supports_compulsory_collection="yes")
        url = reverse("risks:new", args=[assessment.pk]) + "?from=sells_to_security"
        page = officer_client.get(url).content.decode()
        assert 'value="Products and services used for mass surveillance by security bodies"' in page
        for name, value in (("scale", 5), ("scope", 5), ("irremediability", 5), ("likelihood", 4)):
            assert f'name="{name}" value="{value}"' in page, name
        scores = {"scale": "5", "scope": "5", "irremediability": "5", "likelihood": "4"}
        officer_client.post(url, {**FORM, **scores, "title": "Edited title", "from": "sells_to_security"})
        risk = Risk.objects.get()
        assert (risk.title, risk.source_question.key) == ("Edited title", "sells_to_security")
        assert risk.suggested_scores == {"scale": 5, "scope": 5, "irremediability": 5, "likelihood": 4}
        decisions = SuggestionDecision.objects.order_by("question__key")
        assert [(d.question.key, d.outcome, d.risk) for d in decisions] == [
            ("sells_to_security", "accepted", risk),
            ("supports_compulsory_collection", "accepted", risk),
        ]
        page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
        assert "Accept and edit" not in page

    def test_dismissing_needs_a_reason_which_is_kept(self, officer_client, assessment, officer):
        answer(assessment, officer, sells_to_security="yes")
        url = reverse("risks:dismiss", args=[assessment.pk, "sells_to_security"])
        page = officer_client.post(url, {"reason": ""}, follow=True).content.decode()
        assert "Say why you dismiss the suggestion" in page
        assert not SuggestionDecision.objects.exists()
        officer_client.post(url, {"reason": "The laboratory contract ended in 2025."})
        decision = SuggestionDecision.objects.get()
        assert (decision.outcome, decision.reason) == ("dismissed", "The laboratory contract ended in 2025.")
        page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
        assert "The laboratory contract ended in 2025." in page
        assert "Accept and edit" not in page


def test_lowering_a_suggested_score_needs_a_reason_that_the_auditor_reads(
    officer_client, auditor_client, assessment, officer
):
    from duediligence.assessments.models import Assessment, Status

    answer(assessment, officer, sells_to_security="yes")
    url = reverse("risks:new", args=[assessment.pk]) + "?from=sells_to_security"
    lowered = {
        **FORM,
        "scale": "5",
        "scope": "2",
        "irremediability": "5",
        "likelihood": "4",
        "from": "sells_to_security",
    }
    response = officer_client.post(url, lowered)
    page = response.content.decode()
    assert response.status_code == 200 and "Say why scope (2 for 5 suggested) is lower than suggested." in page
    assert 'value="Surveillance of residents"' in page, "the refused form keeps what was typed"
    assert not Risk.objects.exists()
    reason = "Sales are limited to two hospital laboratories, not the population."
    officer_client.post(url, {**lowered, "scores_lowered_reason": reason})
    risk = Risk.objects.get()
    assert risk.scores_lowered_reason == reason
    # Later edits keep the floor: lowering again still needs the reason, which is kept.
    response = officer_client.post(reverse("risks:edit", args=[assessment.pk, risk.pk]), {**lowered, "likelihood": "2"})
    assert "Say why" in response.content.decode()
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    review = auditor_client.get(reverse("review:page", args=[assessment.pk])).content.decode()
    assert reason in review


def test_impact_involvement_leverage_and_a_crucial_relationship_are_recorded_and_reported(officer_client, assessment):
    from duediligence.reports.render import render_html

    officer_client.post(
        reverse("risks:new", args=[assessment.pk]),
        {**FORM, "impact": "actual", "leverage": "none", "crucial_relationship": "true"},
    )
    risk = Risk.objects.get()
    assert (risk.impact, risk.leverage, risk.crucial_relationship) == ("actual", "none", True)
    page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert "Actual · Contributes · leverage none · crucial relationship" in page
    report = render_html(assessment, "public")
    assert "actual impact; the company contributes; leverage none; a relationship crucial to the business" in report


def test_the_demo_case_yields_critical_and_high_risks_without_scoring_by_hand(officer_client, assessment, officer):
    """Accept every suggestion the demo's answers raise, changing no score: the register shows the case's gravity."""
    from duediligence.assessments.snapshot import Snapshot
    from duediligence.demo.services import load_data
    from duediligence.risks.register import pending_suggestions

    answer(assessment, officer, **load_data("assessment.yaml")["answers"])
    suggestions = pending_suggestions(Snapshot(assessment))
    assert len(suggestions) >= 3
    for suggestion in suggestions:
        form = {
            **{name: value for name, value in suggestion.initial().items()},
            "people_affected": "Residents of the region",
            "involvement": "contributes",
            "impact": "potential",
            "from": suggestion.key,
        }
        response = officer_client.post(reverse("risks:new", args=[assessment.pk]) + f"?from={suggestion.key}", form)
        assert response.status_code == 302, response.content.decode()[:500]
    assert pending_suggestions(Snapshot(assessment)) == []
    bands = [risk.salience_band for risk in Risk.objects.filter(assessment=assessment)]
    assert "critical" in bands and "high" in bands
    assert "low" not in bands
